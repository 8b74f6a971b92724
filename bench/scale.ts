/**
 * `npm run bench:scale`: the curated graph grown to 1,000, 10,000 and 100,000
 * models (bench/synthetic.ts), each size in a fresh process
 * (bench/scale-worker.ts). Reports validation and indexing time, resident
 * memory after load, in-process p50 per query, and each query's growth from the
 * smallest to the largest size. Each process runs with the Node flags `npm
 * start` gives the server, so it loads as the server does, and is not pinned to
 * a core: no load generator runs beside it. Each size runs several
 * times, because one run on a shared machine can be off by a fifth: the table
 * shows the run with the median load time, and each query's median p50.
 *
 * Options: --sizes comma-separated model counts (1000,10000,100000); --runs per size (3).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MACHINE, SERVER_NODE_FLAGS, startNode } from './machine.ts';
import { BENCH_QUERIES } from './queries.ts';
import { fixed, markdownTable, median, thousands, verdict, writeResults } from './report.ts';
import type { ScaleResult } from './scale-worker.ts';

const { values: options } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, runs: { type: 'string', default: '3' } } });
const SIZES = options.sizes.split(',').map(Number);
const RUNS = Number(options.runs);

const worker = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));

async function measureOnce(size: number): Promise<ScaleResult> {
  const { child, match } = await startNode([worker, String(size)], { NODE_ENV: 'production' }, /^(\{.*\})$/, { nodeOptions: [...SERVER_NODE_FLAGS, '--expose-gc'], pinned: false });
  child.kill();
  return JSON.parse(match[1]!) as ScaleResult;
}

/** The run with the median load time, with each query's p50 the median over all runs. */
async function measure(size: number): Promise<ScaleResult> {
  const runs: ScaleResult[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await measureOnce(size));
  runs.sort((a, b) => a.loadMs - b.loadMs);
  console.log(`  load + index ms: ${runs.map((r) => thousands(r.loadMs)).join(', ')} (machine pace µs: ${runs.map((r) => fixed(r.paceUs, 1)).join(', ')})`);
  const p50Us = Object.fromEntries(Object.keys(runs[0]!.p50Us).map((name) => [name, median(runs.map((r) => r.p50Us[name]!))]));
  return { ...runs[(runs.length - 1) >> 1]!, p50Us };
}

const results: ScaleResult[] = [];
for (const size of SIZES) {
  console.log(`${size} models, ${RUNS} runs...`);
  results.push(await measure(size));
}

const first = results[0]!;
const last = results.at(-1)!;
const growth = (name: string) => last.p50Us[name]! / first.p50Us[name]!;
const sizeTable = markdownTable(
  ['Models', 'Entities', 'Relations', 'Validate ms', 'Index ms', 'Load + index ms', 'RSS after load MiB', 'RSS serving MiB', 'Machine pace µs'],
  results.map((r) => [
    ...[r.models, r.entities, r.relations, r.validateMs, r.indexMs, r.loadMs, r.rssMb, r.rssServingMb].map(thousands),
    fixed(r.paceUs, 1),
  ]),
);
const queryTable = markdownTable(
  ['Query', ...results.map((r) => `p50 µs at ${thousands(r.models)}`), `Growth ${thousands(first.models)} → ${thousands(last.models)}`],
  BENCH_QUERIES.map(({ name }) => [name, ...results.map((r) => fixed(r.p50Us[name]!, 0)), `${fixed(growth(name))}x`]),
);
const pageGrowth = growth('filtered page, first 20');
const markdown = [
  `Machine: ${MACHINE.cpus} cores (${MACHINE.cpuModel}), Node ${MACHINE.node} with the server's flags (${SERVER_NODE_FLAGS.join(' ')}), not pinned to a core. Each size runs ${RUNS} times, each in its own process: the run with the median load time is shown, and each query's median p50 (in-process through the app, response cache off, after warm-up). "Machine pace" is the microseconds zod took to parse a synthetic model just before that run's load, a fixed workload: on a shared machine, load times move with it.`,
  '',
  sizeTable,
  '',
  queryTable,
  '',
  `- Filtered page (first: 20) at most 2x slower at the largest size than at the smallest: ${verdict(pageGrowth <= 2)} (${fixed(pageGrowth)}x).`,
  `- ${thousands(last.models)} models load and index in under 5 s: ${verdict(last.loadMs < 5000)} (${fixed(last.loadMs / 1000)} s).`,
  `- ... and hold in under 1 GiB resident: ${verdict(Math.max(last.rssMb, last.rssServingMb) < 1024)} (${thousands(last.rssMb)} MiB after load, ${thousands(last.rssServingMb)} MiB serving).`,
].join('\n');
console.log(`\n${markdown}`);
writeResults('scale', { machine: { ...MACHINE, pinned: false }, results }, markdown);
