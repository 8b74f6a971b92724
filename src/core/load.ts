/** Loads every configured dataset and builds one graph from them. */
import { KnowledgeGraph } from './graph.ts';
import { loadCuratedInput } from './load-curated.ts';

export interface LoadOptions {
  /** Folder of the curated YAML files. */
  dataDir: string;
}

export async function loadGraph(options: LoadOptions): Promise<KnowledgeGraph> {
  const curated = await loadCuratedInput(options.dataDir);
  return KnowledgeGraph.build(curated);
}
