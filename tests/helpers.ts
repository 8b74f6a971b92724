/** Shared test plumbing: the real data, served by the real app, in-process. */
import { fileURLToPath } from 'node:url';
import type { ExecutionResult } from 'graphql';
import { loadGraph } from '../src/core/load.ts';
import { createApp, type App } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';

export const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let app: Promise<App> | undefined;

/** The app over the repository's data, built once per test file. */
export function testApp(): Promise<App> {
  app ??= (async () => {
    const load = () => loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
    return createApp(new GraphStore(await load(), load), { MAX_PAGE_SIZE: 500 });
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
