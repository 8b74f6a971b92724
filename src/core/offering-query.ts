/**
 * Filtering and ordering offerings: the terms on which platforms serve models.
 * Each order of a list is sorted once and kept; a filter tests offerings as a
 * page is cut from that order.
 */
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { OrderDirection } from './model-query.ts';
import type { Offering } from './types.ts';
import { countWhere, pageWhere, type Selection } from './selection.ts';
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

/** Each list's offerings in each order, sorted the first time that order is asked for, then kept with the list. */
const orderedLists = new WeakMap<readonly Offering[], Map<string, readonly Offering[]>>();

/** The list in the given order (missing values last either way), ties in the list's own order. */
function ordered(list: readonly Offering[], order: OfferingOrder): readonly Offering[] {
  let orders = orderedLists.get(list);
  if (!orders) orderedLists.set(list, (orders = new Map()));
  const key = `${order.field} ${order.direction}`;
  let sorted = orders.get(key);
  if (!sorted) {
    const keyOf = SORT_KEYS[order.field];
    const sign = order.direction === 'ASC' ? 1 : -1;
    sorted = [...list].sort((a, b) => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1;
      return (ka - kb) * sign;
    });
    orders.set(key, sorted);
  }
  return sorted;
}

/**
 * The offerings of `list` that pass the filter, in the given order or else in
 * the list's own order. A page walks the ordered list until it is full, so it
 * costs by page size and selectivity rather than by sorting every match.
 */
export function selectOfferings(
  graph: KnowledgeGraph,
  list: readonly Offering[],
  filter: OfferingFilter = {},
  order?: OfferingOrder,
): Selection<Offering> {
  const tests: ((o: Offering) => boolean)[] = [];
  const { maxInputPrice, minContextWindow } = filter;
  if (maxInputPrice !== undefined) tests.push((o) => o.inputPrice !== undefined && o.inputPrice <= maxInputPrice);
  if (minContextWindow !== undefined) tests.push((o) => o.contextWindow !== undefined && o.contextWindow >= minContextWindow);
  for (const slug of filter.capabilities ?? []) tests.push(capabilityTest(graph, slug));
  for (const modality of filter.inputModalities ?? []) tests.push((o) => o.inputModalities.includes(modality));
  const source = order ? ordered(list, order) : list;
  if (!tests.length) return { totalCount: source.length, slice: (offset, limit) => source.slice(offset, offset + limit) };
  const passes = (o: Offering) => tests.every((test) => test(o));
  let count: number | undefined;
  return {
    get totalCount() {
      return (count ??= countWhere(source, passes));
    },
    slice: (offset, limit) => pageWhere(source, passes, offset, limit),
  };
}
