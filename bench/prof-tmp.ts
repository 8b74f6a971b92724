import { createYoga } from 'graphql-yoga';
import { loadGraph } from '../src/core/load.ts';
import { createApp } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { schema } from '../src/schema/index.ts';
import { BENCH_QUERIES } from './queries.ts';
import { useGraphQlJit } from '@envelop/graphql-jit';
const load = () => loadGraph({ dataDir: new URL('../data', import.meta.url).pathname, datasets: ['curated'] });
const store = new GraphStore(await load(), load);
const app = createApp(store, { RESPONSE_CACHE_MAX_BYTES: 0 });
const ctx = () => ({ graph: store.current, lang: 'EN', maxPageSize: 500 });
const bare = createYoga({ schema, context: ctx, maxRequestBodySize: false as never, landingPage: false });
const bareJit = createYoga({ schema, context: ctx, maxRequestBodySize: false as never, landingPage: false, plugins: [useGraphQlJit()] });
const q = BENCH_QUERIES[Number(process.argv[2] ?? 1)]!;
const body = JSON.stringify({ query: q.query, variables: q.variables });
const runner = (f: { fetch: (u: string, i: RequestInit) => Promise<Response> | Response }) => async () => (await f.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
const targets: [string, () => Promise<string>][] = [['app', runner(app)], ['bare', runner(bare)], ['bare+jit', runner(bareJit)]];
for (const [, r] of targets) for (let i = 0; i < 1000; i++) await r();
for (let round = 0; round < 3; round++) for (const [name, r] of targets) {
  const n = 3000; const t = performance.now();
  for (let i = 0; i < n; i++) await r();
  console.log(round, name, ((performance.now() - t) / n * 1000).toFixed(0), 'us');
}
