/**
 * Filtering and ordering offerings: the terms on which platforms serve models.
 * The lists are short (a model's or a platform's offerings, a few thousand at
 * most for all of them), so a filter is a scan and an order a stable sort.
 */
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { OrderDirection } from './model-query.ts';
import type { Offering } from './types.ts';
import type { Modality } from './vocabulary.ts';

export interface OfferingFilter {
  /** Most USD per million input tokens; offerings without a price are left out. */
  maxInputPrice?: number;
  /** Smallest context window, in tokens; offerings without one are left out. */
  minContextWindow?: number;
  /** Capability slugs the offering must all have; a broad capability matches its sub-capabilities. */
  capabilities?: readonly string[];
  /** Input modalities the offering must all accept. */
  inputModalities?: readonly Modality[];
}

export const OFFERING_ORDER_FIELDS = ['INPUT_PRICE', 'OUTPUT_PRICE', 'CONTEXT_WINDOW'] as const;
export type OfferingOrderField = (typeof OFFERING_ORDER_FIELDS)[number];
export interface OfferingOrder {
  field: OfferingOrderField;
  direction: OrderDirection;
}

const SORT_KEYS: Record<OfferingOrderField, (o: Offering) => number | undefined> = {
  INPUT_PRICE: (o) => o.inputPrice,
  OUTPUT_PRICE: (o) => o.outputPrice,
  CONTEXT_WINDOW: (o) => o.contextWindow,
};

function capabilityTest(graph: KnowledgeGraph, slug: string): (o: Offering) => boolean {
  if (!graph.bySlug('capability', slug)) throw new LookupError(`Unknown capability "${slug}" in filter.capabilities.`);
  const matching = new Set(graph.descendants(`capability:${slug}`).map((key) => key.slice('capability:'.length)));
  return (o) => o.capabilities.some((capability) => matching.has(capability));
}

/**
 * The offerings of `list` that pass the filter, in the given order (missing
 * values last either way) or else in the list's own order, which also breaks ties.
 */
export function selectOfferings(
  graph: KnowledgeGraph,
  list: readonly Offering[],
  filter: OfferingFilter = {},
  order?: OfferingOrder,
): Offering[] {
  const tests: ((o: Offering) => boolean)[] = [];
  const { maxInputPrice, minContextWindow } = filter;
  if (maxInputPrice !== undefined) tests.push((o) => o.inputPrice !== undefined && o.inputPrice <= maxInputPrice);
  if (minContextWindow !== undefined) tests.push((o) => o.contextWindow !== undefined && o.contextWindow >= minContextWindow);
  for (const slug of filter.capabilities ?? []) tests.push(capabilityTest(graph, slug));
  for (const modality of filter.inputModalities ?? []) tests.push((o) => o.inputModalities.includes(modality));
  const selected = tests.length ? list.filter((o) => tests.every((test) => test(o))) : [...list];
  if (!order) return selected;
  const keyOf = SORT_KEYS[order.field];
  const sign = order.direction === 'ASC' ? 1 : -1;
  return selected.sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1;
    return (ka - kb) * sign;
  });
}
