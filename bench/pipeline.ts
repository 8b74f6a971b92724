/**
 * `npm run bench:pipeline`: what each layer of the application costs per
 * uncached request, in-process (no HTTP), on the code-generation question:
 * Yoga with graphql-jit alone, then with the operation limits, then with the
 * metrics plugin, then the whole app without and with the server's request
 * bookkeeping. Medians of 5 rounds of 2,000 requests after a warm-up; run it
 * pinned to one core (`taskset -c 0 npm run bench:pipeline`) for steadier figures.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, type Plugin } from 'graphql-yoga';
import { loadGraph } from '../src/core/load.ts';
import { createApp } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { Metrics } from '../src/server/metrics.ts';
import { Exchanges } from '../src/server/logging.ts';
import { schema } from '../src/schema/index.ts';
import { limitPlugins, limitOptions } from '../src/server/limits.ts';
import { readConfig } from '../src/server/config.ts';
import { BENCH_QUERIES } from './queries.ts';
const load = () => loadGraph({ dataDir: new URL('../data', import.meta.url).pathname, datasets: ['curated'] });
const store = await GraphStore.open(load);
const config = { ...readConfig({}), RESPONSE_CACHE_MAX_BYTES: 0 };
const ctx = () => ({ graph: store.current, lang: 'EN' as const, maxPageSize: 500 });
// Envelop's and Yoga's plugin types differ only in their context type parameter.
const yogaWith = (plugins: unknown[], extra = {}) => createYoga({ schema, context: ctx, maxRequestBodySize: false as never, landingPage: false, plugins: plugins as Plugin[], ...extra });
interface Fetcher {
  fetch(url: string, init: RequestInit): Response | Promise<Response>;
}

const targets: [string, Fetcher][] = [
  ['Yoga + jit', yogaWith([useGraphQlJit()])],
  ['+ limits', yogaWith([useGraphQlJit(), ...limitPlugins(config)], limitOptions(config))],
  ['+ metrics only', yogaWith([useGraphQlJit(), new Metrics(store).plugin()])],
  ['whole app', createApp(store, config)],
  ['app + bookkeeping', createApp(store, config, { metrics: new Metrics(store), exchanges: new Exchanges() })],
];
const q = BENCH_QUERIES[1]!;
const body = JSON.stringify({ query: q.query, variables: q.variables });
const run = async (f: Fetcher) => (await f.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
for (const [, f] of targets) for (let i = 0; i < 1500; i++) await run(f);
const res: Record<string, number[]> = {};
for (let round = 0; round < 5; round++) for (const [name, f] of targets) {
  const n = 2000; const t = performance.now();
  for (let i = 0; i < n; i++) await run(f);
  (res[name] ??= []).push((performance.now() - t) / n * 1000);
}
const first = res[targets[0]![0]]!.sort((a, b) => a - b)[2]!;
console.log(`${'layers'.padEnd(20)} ${'µs/request'.padStart(10)} ${'x first'.padStart(8)}`);
for (const [name, times] of Object.entries(res)) {
  const median = times.sort((a, b) => a - b)[2]!;
  console.log(`${name.padEnd(20)} ${median.toFixed(0).padStart(10)} ${(median / first).toFixed(2).padStart(8)}`);
}
