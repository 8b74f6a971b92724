/**
 * Latency of search, exploration and aggregates, in-process: first in the core
 * (no GraphQL), then as GraphQL requests to the app (parsing, validation,
 * execution, JSON). Each is reported beside a baseline measured in the same
 * run (a model lookup by slug), as a ratio, since absolute times depend on the
 * machine.
 *   npm run bench:explore
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mostConnected, capabilityCoverage } from '../src/core/aggregates.ts';
import { neighborhood, relatedModels, shortestPath } from '../src/core/explore.ts';
import { exportGraph } from '../src/core/export.ts';
import { loadGraph } from '../src/core/load.ts';
import { searchIndexOf } from '../src/core/search.ts';
import { createApp } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);

interface Timing { median: number; p95: number }

async function time(run: () => unknown, rounds: number): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(rounds / 2)]!, p95: samples[Math.floor(rounds * 0.95)]! };
}

type Operation = [name: string, run: () => unknown];

/**
 * Warms every operation up first (the JIT keeps improving for a while, which
 * would favour whatever runs last), then times each, and the baseline both
 * first and last; ratios are to the mean of the two baseline medians.
 */
async function benchmark(title: string, rounds: number, baseline: Operation, operations: Operation[]) {
  for (const [, run] of [baseline, ...operations]) for (let i = 0; i < rounds; i += 1) await run();
  const first = await time(baseline[1], rounds);
  const timings: [string, Timing][] = [];
  for (const [name, run] of operations) timings.push([name, await time(run, rounds)]);
  const last = await time(baseline[1], rounds);
  const reference = (first.median + last.median) / 2;
  console.log(`\n${title} (${rounds} rounds each; times in µs)`);
  console.log('operation'.padEnd(46), 'median'.padStart(9), 'p95'.padStart(9), 'x baseline'.padStart(11));
  for (const [name, t] of [[`baseline (first): ${baseline[0]}`, first], ...timings, [`baseline (last): ${baseline[0]}`, last]] as [string, Timing][]) {
    console.log(name.padEnd(46), (t.median * 1000).toFixed(1).padStart(9), (t.p95 * 1000).toFixed(1).padStart(9), (t.median / reference).toFixed(1).padStart(11));
  }
}

const dataDir = fileURLToPath(new URL('../data', import.meta.url));
const loadStart = performance.now();
const graph = await loadGraph({ dataDir, datasets: ['curated'] });
console.log(`Loaded ${graph.entityCount} entities and ${graph.relationCount} relations, with search index and ranking, in ${(performance.now() - loadStart).toFixed(0)} ms`);
const exportStart = performance.now();
for (const format of ['json', 'graphml', 'gexf'] as const) exportGraph(graph, format);
console.log(`Rendered the three exports (layout included) in ${(performance.now() - exportStart).toFixed(0)} ms`);

const index = searchIndexOf(graph);
await benchmark('Core', ROUNDS, ['entity by slug', () => graph.bySlug('model', 'bert')], [
  ['search "clau" (prefix)', () => index.search('clau', { limit: 10 })],
  ['search "jurrasic" (typo)', () => index.search('jurrasic', { limit: 10 })],
  ['search "代码生成" (Chinese)', () => index.search('代码生成', { limit: 10 })],
  ['shortestPath BERT → Stable Diffusion', () => shortestPath(graph, 'model:bert', 'model:stable-diffusion', { maxDepth: 6 })],
  ['neighborhood GPT-3, depth 3', () => neighborhood(graph, 'model:gpt-3', { depth: 3, direction: 'BOTH', limit: 200 })],
  ['related Claude 3 Opus', () => relatedModels(graph, 'model:claude-3-opus', 10)],
  ['capabilityCoverage, no filter', () => capabilityCoverage(graph)],
  ['mostConnected, first 10', () => mostConnected(graph, undefined, 10)],
]);

const app = createApp(new GraphStore(graph, async () => graph), { MAX_PAGE_SIZE: 500, RESPONSE_CACHE_MAX_BYTES: 0 });
const post = (query: string) => async () => {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  await response.text();
};
const bert = Buffer.from('Model:bert').toString('base64');
const sd = Buffer.from('Model:stable-diffusion').toString('base64');
await benchmark('GraphQL, in-process', Math.ceil(ROUNDS / 4), ['model(slug:) { name }', post('{ model(slug: "bert") { name } }')], [
  ['search(query: "clau") { score node { name } }', post('{ search(query: "clau") { score node { name } } }')],
  ['search(query: "代码生成") { ... }', post('{ search(query: "代码生成") { score node { name } } }')],
  ['shortestPath BERT → Stable Diffusion', post(`{ shortestPath(from: "${bert}", to: "${sd}") { length nodes { name } } }`)],
  ['capabilityCoverage', post('{ capabilityCoverage { capability modelCount } }')],
  ['GET /export/graph.json (rendered once)', async () => (await app.fetch('http://localhost/export/graph.json')).text()],
]);
