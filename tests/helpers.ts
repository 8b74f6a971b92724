/** Shared test plumbing: the real data, served by the real app, in-process. */
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ExecutionResult } from 'graphql';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll } from 'vitest';
import { loadGraph, type LoadOptions } from '../src/core/load.ts';
import { createApp, type App } from '../src/server/app.ts';
import { readConfig } from '../src/server/config.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { listen, type Listening } from '../src/server/listen.ts';
import { createLogger } from '../src/server/logging.ts';
import { startServer, type RunningServer } from '../src/server/start.ts';

export const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
/** The shared copy of the models.dev catalogue, beside the repository. */
export const MODELS_DEV_DIR = fileURLToPath(new URL('../../shared/datasets/models-dev', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** An app over some datasets, built once per test file on first use. */
function appOver(options: LoadOptions): () => Promise<App> {
  let app: Promise<App> | undefined;
  return () =>
    (app ??= (async () => {
      const load = () => loadGraph(options);
      return createApp(await GraphStore.open(load), { MAX_PAGE_SIZE: 500 });
    })());
}

/** The app over the curated data alone, so answers can be checked against data/. */
export const testApp = appOver({ dataDir: DATA_DIR, datasets: ['curated'] });

/** The curated data and the models.dev catalogue, merged: what the server serves by default. */
export const MERGED_DATA: LoadOptions = { dataDir: DATA_DIR, datasets: ['curated', 'models-dev'], modelsDevDir: MODELS_DEV_DIR };

/** The app over the merged data. */
export const mergedApp = appOver(MERGED_DATA);

/**
 * Runs an ES module script in a fresh Node process at the project's root (with
 * tsx, after `nodeFlags`), and gives the number it prints: for what a test
 * must measure away from the other tests, such as the heap a process keeps.
 */
export async function numberPrintedBy(script: string, nodeFlags: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  return Number(stdout.trim());
}

// Results are loosely typed on purpose: tests read them like a client would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Result = ExecutionResult<any>;

/** Runs one operation in-process, as a POST to /graphql. */
async function execute(app: Promise<App>, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Result> {
  const response = await (await app).fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Result;
}

/** Fails the test on any error and returns the data. */
function dataOf(result: Result) {
  if (result.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/**
 * Serves the test app on a free port of 127.0.0.1 while the calling file's
 * tests run. Read `url` (the GraphQL endpoint) and `client` inside tests.
 */
export function serveOverHttp(): { readonly url: string; readonly client: GraphQLClient } {
  let listening: Listening | undefined;
  let client: GraphQLClient | undefined;
  beforeAll(async () => {
    listening = await listen(await testApp(), '127.0.0.1', 0);
    client = new GraphQLClient(listening.url);
  });
  afterAll(() => listening?.close());
  return {
    get url() {
      return listening!.url;
    },
    get client() {
      return client!;
    },
  };
}

/** Runs one operation against the curated app. */
export const gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  execute(testApp(), query, variables, headers);

/** Like gql, but fails the test on any error and returns the data. */
export const data = async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  dataOf(await gql(query, variables, headers));

/** Runs one operation against the merged app. */
export const mergedGql = (query: string, variables?: Record<string, unknown>) => execute(mergedApp(), query, variables);

/** Like mergedGql, but fails the test on any error and returns the data. */
export const mergedData = async (query: string, variables?: Record<string, unknown>) => dataOf(await mergedGql(query, variables));

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

/**
 * The whole server (HTTP front, limits, logs, metrics) on an ephemeral port of
 * 127.0.0.1, in this process, over the curated data unless `env` says otherwise.
 */
export async function serveForTest(env: Record<string, string> = {}): Promise<ServedForTest> {
  const config = readConfig({ HOST: '127.0.0.1', PORT: '0', DATASETS: 'curated', ...env });
  const { lines, destination } = logCollector();
  const running = await startServer(config, createLogger(config, destination));
  // Tests see the server as it serves once started: with its worker taking requests.
  await running.workerStarted;
  return { ...running, url: running.listening.url, origin: new URL(running.listening.url).origin, logs: lines };
}
