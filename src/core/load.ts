/** Loads every configured dataset and builds one graph from them. */
import { connectednessOf } from './aggregates.ts';
import { KnowledgeGraph } from './graph.ts';
import { loadCuratedInput } from './load-curated.ts';
import { searchIndexOf } from './search.ts';

export interface LoadOptions {
  /** Folder of the curated YAML files. */
  dataDir: string;
}

export async function loadGraph(options: LoadOptions): Promise<KnowledgeGraph> {
  const curated = await loadCuratedInput(options.dataDir);
  const graph = KnowledgeGraph.build(curated);
  // Built now rather than on the first request that needs them (exports stay lazy).
  searchIndexOf(graph);
  connectednessOf(graph);
  return graph;
}
