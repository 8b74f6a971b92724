/** Loads the configured datasets and builds one graph from them. */
import { join } from 'node:path';
import { connectednessOf } from './aggregates.ts';
import { DataFingerprint } from './fingerprint.ts';
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

const fingerprints = new WeakMap<KnowledgeGraph, string>();

/**
 * The fingerprint of the files a graph was loaded from (see fingerprint.ts):
 * two threads that loaded the same fingerprint serve the same data. Undefined
 * for a graph built some other way than `loadDatasets`.
 */
export function fingerprintOf(graph: KnowledgeGraph): string | undefined {
  return fingerprints.get(graph);
}

export async function loadDatasets(options: LoadOptions): Promise<LoadedGraph> {
  if (!options.datasets.includes('curated')) {
    throw new Error('The curated dataset is always loaded: other datasets are resolved against it.');
  }
  const fingerprint = new DataFingerprint();
  const curated = await loadCuratedInput(options.dataDir, fingerprint);
  let loaded: LoadedGraph;
  if (options.datasets.includes('models-dev')) {
    if (!options.modelsDevDir) throw new Error('Loading the models-dev dataset needs the folder of the catalogue.');
    const aliases = await loadAliasTable(join(options.dataDir, MODELS_DEV_ALIASES), MODELS_DEV_ALIASES, fingerprint);
    const modelsDev = await importModelsDev(options.modelsDevDir, aliases, curated, fingerprint);
    loaded = { graph: KnowledgeGraph.build(curated, modelsDev.input), modelsDev: modelsDev.report };
  } else {
    loaded = { graph: KnowledgeGraph.build(curated) };
  }
  // Built now rather than on the first request that needs them (exports stay lazy).
  searchIndexOf(loaded.graph);
  connectednessOf(loaded.graph);
  fingerprints.set(loaded.graph, fingerprint.digest());
  return loaded;
}

export async function loadGraph(options: LoadOptions): Promise<KnowledgeGraph> {
  return (await loadDatasets(options)).graph;
}
