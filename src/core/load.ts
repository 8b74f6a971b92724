/** Loads the configured datasets and builds one graph from them. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { connectednessOf } from './aggregates.ts';
import { KnowledgeGraph } from './graph.ts';
import { loadCuratedInput } from './load-curated.ts';
import { loadAliasTable } from './models-dev/aliases.ts';
import { importModelsDev, type ImportReport } from './models-dev/import.ts';
import { searchIndexOf } from './search.ts';

export const DATASETS = ['curated', 'models-dev'] as const;
export type Dataset = (typeof DATASETS)[number];

/** The alias table that resolves the catalogue's names to the curated data's, inside the data folder. */
export const MODELS_DEV_ALIASES = 'aliases/models-dev.yaml';

export interface LoadOptions {
  /** Folder of the curated YAML files. */
  dataDir: string;
  /** Datasets to load. The curated data is the base every other dataset is resolved against. */
  datasets: readonly Dataset[];
  /** Folder of the models.dev catalogue; needed when `datasets` has `models-dev`. */
  modelsDevDir?: string;
}

export interface LoadedGraph {
  graph: KnowledgeGraph;
  /** What the catalogue import merged, created and skipped, when it was loaded. */
  modelsDev?: ImportReport;
}

export async function loadDatasets(options: LoadOptions): Promise<LoadedGraph> {
  if (!options.datasets.includes('curated')) {
    throw new Error('The curated dataset is always loaded: other datasets are resolved against it.');
  }
  const curated = await loadCuratedInput(options.dataDir);
  let loaded: LoadedGraph;
  if (options.datasets.includes('models-dev')) {
    if (!options.modelsDevDir) throw new Error('Loading the models-dev dataset needs the folder of the catalogue.');
    const aliases = await loadAliasTable(join(options.dataDir, MODELS_DEV_ALIASES), MODELS_DEV_ALIASES);
    const modelsDev = await importModelsDev(options.modelsDevDir, aliases, curated);
    loaded = { graph: KnowledgeGraph.build(curated, modelsDev.input), modelsDev: modelsDev.report };
  } else {
    loaded = { graph: KnowledgeGraph.build(curated) };
  }
  // Built now rather than on the first request that needs them (exports stay lazy).
  searchIndexOf(loaded.graph);
  connectednessOf(loaded.graph);
  return loaded;
}

export async function loadGraph(options: LoadOptions): Promise<KnowledgeGraph> {
  return (await loadDatasets(options)).graph;
}

/** Some file systems keep modification times to the second; a change this much earlier counts too. */
const MODIFIED_TIME_SLACK_MS = 2_000;
/** Files whose times are asked for at once. */
const STAT_BATCH = 64;

/**
 * Whether any file or folder the datasets are read from was modified at or
 * after `since` (milliseconds since the epoch): two loads that began before
 * then read the same data otherwise. A folder's time covers files added,
 * removed or renamed in it.
 */
export async function dataChangedSince(options: LoadOptions, since: number): Promise<boolean> {
  const folders = [options.dataDir];
  if (options.datasets.includes('models-dev') && options.modelsDevDir) folders.push(options.modelsDevDir);
  const paths = await Promise.all(folders.map(async (folder) => [folder, ...(await readdir(folder, { recursive: true })).map((path) => join(folder, path))]));
  const all = paths.flat();
  // A batch at a time: thousands of answers at once would hold the event loop for tens of milliseconds.
  for (let start = 0; start < all.length; start += STAT_BATCH) {
    const times = await Promise.all(all.slice(start, start + STAT_BATCH).map(async (path) => (await stat(path)).mtimeMs));
    if (times.some((time) => time >= since - MODIFIED_TIME_SLACK_MS)) return true;
  }
  return false;
}
