/**
 * Measures loading and indexing the graph: the curated data alone (the
 * baseline) and with the models.dev catalogue, several runs each, and the
 * process's resident memory once the merged graph is loaded. Target: the
 * merged load in under 2 s (median). Run with `npm run bench:load`.
 */
import { fileURLToPath } from 'node:url';
import { loadDatasets, type LoadOptions } from '../src/core/load.ts';
import { readConfig } from '../src/server/config.ts';

const RUNS = Number(process.env.RUNS ?? 7);
const TARGET_MS = 2000;

const config = readConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? fileURLToPath(new URL('../data', import.meta.url)) });
const curated: LoadOptions = { dataDir: config.DATA_DIR, datasets: ['curated'] };
const merged: LoadOptions = { ...curated, datasets: ['curated', 'models-dev'], modelsDevDir: config.MODELS_DEV_DIR };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
/** Collects garbage before reading memory, when node runs with --expose-gc (as `npm run bench:load` does). */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function time(options: LoadOptions): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    await loadDatasets(options);
    times.push(performance.now() - start);
  }
  return times;
}

collect();
const rssBefore = process.memoryUsage().rss;
const curatedTimes = await time(curated);
const mergedTimes = await time(merged);
const { graph, modelsDev } = await loadDatasets(merged);
collect();
const rssAfter = process.memoryUsage().rss;

const format = (times: number[]) => `median ${median(times).toFixed(0)} ms (first ${times[0]!.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms)`;
console.log(`Load and index, ${RUNS} runs each, on ${process.version}:`);
console.log(`  curated alone:        ${format(curatedTimes)}`);
console.log(`  curated + models.dev: ${format(mergedTimes)}`);
console.log(`  ratio merged/curated: ${(median(mergedTimes) / median(curatedTimes)).toFixed(1)}x`);
console.log(`Merged graph: ${graph.entityCount} entities, ${graph.relationCount} relations, ${graph.offeringCount} offerings, ${modelsDev!.skipped.length} catalogue records skipped`);
console.log(`Resident memory: ${mib(rssAfter)} with the merged graph loaded (${mib(rssBefore)} before any load)`);
const verdict = median(mergedTimes) < TARGET_MS ? 'meets' : 'MISSES';
console.log(`Median merged load ${verdict} the ${TARGET_MS} ms target.`);
