/**
 * The knowledge graph as a graphology graph, for the algorithms of the
 * graphology packages (shortest paths, PageRank, layout, file formats).
 * Node keys are entity keys (`model:bert`); edge keys name the relation.
 */
import { MultiDirectedGraph, UndirectedGraph } from 'graphology';
import { perGraph } from './per-graph.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { Relation } from './types.ts';
import type { EntityKind, RelationType } from './vocabulary.ts';

export interface NodeAttributes {
  /** English name. */
  label: string;
  labelZh: string;
  kind: EntityKind;
  slug: string;
}

export interface EdgeAttributes {
  relation: RelationType;
  /** Display text; the relation type. */
  label: string;
}

type Network = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

function edgeKey(relation: Relation): string {
  return `${relation.type}|${relation.from}|${relation.to}`;
}

/** Every relation, once, in the graph's own order. */
export function allRelations(graph: KnowledgeGraph): Relation[] {
  return [...graph.allEntities()].flatMap((entity) => graph.relations(entity.key, 'OUT'));
}

/** Every entity and every relation, directed, one edge per relation. */
export const networkOf = perGraph((graph): Network => {
  const network: Network = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  for (const entity of graph.allEntities()) {
    network.addNode(entity.key, { label: entity.name.en, labelZh: entity.name.zh ?? entity.name.en, kind: entity.kind, slug: entity.slug });
  }
  for (const relation of allRelations(graph)) {
    network.addEdgeWithKey(edgeKey(relation), relation.from, relation.to, { relation: relation.type, label: relation.type });
  }
  return network;
});

/** Most recently used undirected views kept per graph; each costs one pass over the edges. */
const VIEW_CACHE_SIZE = 32;

/**
 * Undirected views of the graph, each keeping only some relation types, for
 * questions where direction does not matter ("how is A related to B").
 */
export const undirectedViewsOf = perGraph((graph) => {
  const views = new Map<string, UndirectedGraph>();
  return (types: readonly RelationType[] | undefined) => {
    const id = types?.length ? [...new Set(types)].sort().join(',') : '*';
    let view = views.get(id);
    if (view) {
      views.delete(id);
    } else {
      view = new UndirectedGraph();
      for (const entity of graph.allEntities()) view.addNode(entity.key);
      for (const relation of allRelations(graph)) {
        if (!types?.length || types.includes(relation.type)) view.mergeEdge(relation.from, relation.to);
      }
      if (views.size >= VIEW_CACHE_SIZE) views.delete(views.keys().next().value!);
    }
    views.set(id, view);
    return view;
  };
});
