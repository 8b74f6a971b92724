/**
 * The knowledge graph as a graphology graph, for the algorithms of the
 * graphology packages (PageRank, layout, file formats).
 * Node keys are entity keys (`model:bert`); edge keys name the relation.
 */
import { MultiDirectedGraph } from 'graphology';
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
