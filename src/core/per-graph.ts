/**
 * Structures derived from a graph (search index, graph-library views, rankings,
 * exports) are built once per graph. A reload swaps in a new KnowledgeGraph, so
 * it gets fresh ones, and the old ones go with the old graph.
 */
import type { KnowledgeGraph } from './graph.ts';

export function perGraph<T>(build: (graph: KnowledgeGraph) => T): (graph: KnowledgeGraph) => T {
  const built = new WeakMap<KnowledgeGraph, T>();
  return (graph) => {
    if (!built.has(graph)) built.set(graph, build(graph));
    return built.get(graph)!;
  };
}
