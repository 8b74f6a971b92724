/**
 * Counts and rankings for dashboards: flat rows a chart or a table binds to
 * directly. Model counts honour a ModelFilter and, like model lists, count a
 * model with a narrow capability under every broader one.
 */
import { pagerank } from 'graphology-metrics/centrality/index.js';
import type { KnowledgeGraph } from './graph.ts';
import { releaseYear, type ModelFilter } from './model-query.ts';
import type { ModelSet } from './model-set.ts';
import { networkOf } from './network.ts';
import { perGraph } from './per-graph.ts';
import type { Entity, ModelEntity, PlainEntity, VendorEntity } from './types.ts';
import { ENTITY_KINDS, type EntityKind } from './vocabulary.ts';

export interface GraphStats {
  nodeCount: number;
  edgeCount: number;
  countsByKind: { kind: EntityKind; count: number }[];
}

export function graphStats(graph: KnowledgeGraph): GraphStats {
  return {
    nodeCount: graph.entityCount,
    edgeCount: graph.relationCount,
    countsByKind: ENTITY_KINDS.map((kind) => ({ kind, count: graph.list(kind).length })),
  };
}

/** Every model the filter selects, in name order. */
function selectModels(graph: KnowledgeGraph, filter: ModelFilter): ModelEntity[] {
  const selection = graph.models.select(filter);
  return selection.slice(0, selection.totalCount);
}

/** Models released each year, oldest year first; models without a release date are left out. */
export function modelsPerYear(graph: KnowledgeGraph, filter: ModelFilter = {}): { year: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const model of selectModels(graph, filter)) {
    const year = releaseYear(model);
    if (year !== undefined) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b).map(([year, count]) => ({ year, count }));
}

/** `list` narrows by kind, which the shared PlainEntity type cannot express. */
const capabilitiesOf = (graph: KnowledgeGraph) => graph.list('capability') as readonly PlainEntity[];

function countIn(models: Iterable<ModelEntity>, among: { has(model: ModelEntity): boolean }): number {
  let count = 0;
  for (const model of models) if (among.has(model)) count += 1;
  return count;
}

/**
 * For every capability, how many of the selected models have it or one of its
 * sub-capabilities; most covered first, ties by name.
 */
export function capabilityCoverage(graph: KnowledgeGraph, filter: ModelFilter = {}): { capability: PlainEntity; modelCount: number }[] {
  // Without a filter every model counts, and the index sizes are the answer.
  const selected = Object.keys(filter).length ? new Set(selectModels(graph, filter)) : undefined;
  const count = (models: ModelSet) => (selected ? countIn(models, selected) : models.size);
  return capabilitiesOf(graph)
    .map((capability) => ({ capability, modelCount: count(graph.modelsLinkedTo('HAS_CAPABILITY', capability.key)) }))
    .sort((a, b) => b.modelCount - a.modelCount);
}

/** For each vendor and capability with at least one model in common, how many models; by vendor, then capability name. */
export function vendorCapabilityMatrix(graph: KnowledgeGraph): { vendor: VendorEntity; capability: PlainEntity; modelCount: number }[] {
  return graph.list('vendor').flatMap((vendor) => {
    const models = graph.modelsLinkedTo('DEVELOPED_BY', vendor.key);
    return capabilitiesOf(graph)
      .map((capability) => ({ vendor, capability, modelCount: countIn(graph.modelsLinkedTo('HAS_CAPABILITY', capability.key), models) }))
      .filter((cell) => cell.modelCount > 0);
  });
}

/** Models with both a release date and a disclosed parameter count, oldest first. */
export function parameterTimeline(graph: KnowledgeGraph, filter: ModelFilter = {}): ModelEntity[] {
  const selection = graph.models.select(filter, { field: 'RELEASE_DATE', direction: 'ASC' });
  return selection
    .slice(0, selection.totalCount)
    .filter((model) => model.releaseDate !== undefined && model.parameterCount !== undefined);
}

export interface RankedEntity {
  entity: Entity;
  /** Relations touching the entity, either direction. */
  degree: number;
  pagerank: number;
}

/** Every entity by degree, ties by PageRank then name; computed once per graph. */
export const connectednessOf = perGraph((graph): RankedEntity[] => {
  const network = networkOf(graph);
  const ranks = pagerank(network, { getEdgeWeight: null });
  return [...graph.allEntities()]
    .map((entity) => ({ entity, degree: network.degree(entity.key), pagerank: ranks[entity.key]! }))
    .sort((a, b) => b.degree - a.degree || b.pagerank - a.pagerank || a.entity.name.en.localeCompare(b.entity.name.en));
});

/** The most connected entities, optionally of some kinds only. */
export function mostConnected(graph: KnowledgeGraph, kinds: readonly EntityKind[] | undefined, limit: number): RankedEntity[] {
  const ranked = connectednessOf(graph);
  return (kinds?.length ? ranked.filter((r) => kinds.includes(r.entity.kind)) : ranked).slice(0, limit);
}
