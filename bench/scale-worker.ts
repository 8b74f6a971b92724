/**
 * One size of `npm run bench:scale`, in a process of its own so its memory
 * figure is its own: generates the synthetic documents, validates and indexes
 * them as the real data is, then times each bench query in-process through the
 * app with the response cache off. Prints one JSON line. Run with --expose-gc.
 */
import { CURATED_FILES } from '../src/core/curated-schema.ts';
import { curatedInputFromDocuments } from '../src/core/load-curated.ts';
import { KnowledgeGraph } from '../src/core/graph.ts';
import { createApp } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { BENCH_QUERIES } from './queries.ts';
import { percentile } from './report.ts';
import { syntheticDocuments } from './synthetic.ts';

export interface ScaleResult {
  models: number;
  entities: number;
  relations: number;
  validateMs: number;
  indexMs: number;
  loadMs: number;
  rssMb: number;
  /** Resident memory once the queries have run, after a collection: what the process holds while it serves. */
  rssServingMb: number;
  /** The machine's pace just before the load: microseconds zod took to parse a synthetic model (see `machinePace`). */
  paceUs: number;
  /** In-process p50 per query, in microseconds, by query name. */
  p50Us: Record<string, number>;
}

const WARMUP = 300;
const SAMPLES = 2000;

const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

/** Models zod parses to gauge the machine's pace; a few hundred milliseconds of work. */
const PACE_MODELS = 5_000;

/**
 * Microseconds zod takes to parse a synthetic model (the second of two passes,
 * the first warms it up): a fixed workload that does not change with the
 * loader's code. On a shared machine a load's time moves with the machine's
 * pace from one minute to the next, so each run reports the pace it ran at.
 */
async function machinePace(): Promise<number> {
  const models = (await syntheticDocuments(PACE_MODELS))['models.yaml'] as unknown[];
  let microseconds = 0;
  for (let pass = 0; pass < 2; pass += 1) {
    const start = performance.now();
    for (const model of models) CURATED_FILES['models.yaml'].parse(model);
    microseconds = ((performance.now() - start) * 1000) / models.length;
  }
  return microseconds;
}

/** Generates, validates and indexes; only the graph outlives this function. */
async function load(modelCount: number) {
  const documents = await syntheticDocuments(modelCount);
  collectGarbage();
  const start = performance.now();
  const input = curatedInputFromDocuments(documents);
  const validated = performance.now();
  const graph = KnowledgeGraph.build(input);
  return { graph, validateMs: validated - start, indexMs: performance.now() - validated };
}

async function measure(modelCount: number): Promise<ScaleResult> {
  const paceUs = await machinePace();
  const { graph, validateMs, indexMs } = await load(modelCount);
  collectGarbage();
  const rssMb = process.memoryUsage().rss / 2 ** 20;

  const app = createApp(new GraphStore(graph, async () => graph), { RESPONSE_CACHE_MAX_BYTES: 0 });
  const p50Us: Record<string, number> = {};
  for (const { name, query, variables } of BENCH_QUERIES) {
    const body = JSON.stringify({ query, variables });
    const run = async () => {
      const response = await app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${name}: ${text.slice(0, 300)}`);
    };
    for (let i = 0; i < WARMUP; i += 1) await run();
    const times = new Float64Array(SAMPLES);
    for (let i = 0; i < SAMPLES; i += 1) {
      const t = performance.now();
      await run();
      times[i] = (performance.now() - t) * 1000;
    }
    p50Us[name] = percentile(times.sort(), 50);
  }
  collectGarbage();
  const rssServingMb = process.memoryUsage().rss / 2 ** 20;
  return {
    models: graph.list('model').length,
    entities: graph.entityCount,
    relations: graph.relationCount,
    validateMs,
    indexMs,
    loadMs: validateMs + indexMs,
    rssMb,
    rssServingMb,
    paceUs,
    p50Us,
  };
}

console.log(JSON.stringify(await measure(Number(process.argv[2]))));
