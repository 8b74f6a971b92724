/** Shared test plumbing: the real data, served by the real app, in-process. */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ExecutionResult } from 'graphql';
import { loadGraph } from '../src/core/load.ts';
import { createApp, type App } from '../src/server/app.ts';
import { readConfig } from '../src/server/config.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { createLogger } from '../src/server/logging.ts';
import { startServer, type RunningServer } from '../src/server/start.ts';

export const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let app: Promise<App> | undefined;

/** The app over the repository's data, built once per test file. */
export function testApp(): Promise<App> {
  app ??= (async () => {
    const load = () => loadGraph({ dataDir: DATA_DIR });
    return createApp(new GraphStore(await load(), load), readConfig({}));
  })();
  return app;
}

// Results are loosely typed on purpose: tests read them like a client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Result = ExecutionResult<any>;

/** Runs one operation in-process, as a POST to /graphql. */
export async function gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Result> {
  const response = await (await testApp()).fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

/** Like gql, but fails the test on any error and returns the data. */
export async function data(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
  const result = await gql(query, variables, headers);
  if (result.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export type LogLine = Record<string, unknown> & { msg: string; level: number };

/** A pino destination that keeps every line, parsed, for tests to read. */
export function logCollector(): { lines: LogLine[]; destination: Writable } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, destination };
}

export interface ServedForTest extends RunningServer {
  url: string;
  origin: string;
  logs: LogLine[];
}

/** The whole server (HTTP front, limits, logs, metrics) on an ephemeral port of 127.0.0.1, in this process. */
export async function serveForTest(env: Record<string, string> = {}): Promise<ServedForTest> {
  const config = readConfig({ HOST: '127.0.0.1', PORT: '0', ...env });
  const { lines, destination } = logCollector();
  const running = await startServer(config, createLogger(config, destination));
  return { ...running, url: running.listening.url, origin: new URL(running.listening.url).origin, logs: lines };
}
