/**
 * Filtering and ordering offerings: the terms on which platforms serve models.
 * Each list gets an index the first time it is filtered (posting lists per
 * capability and modality, positions per order), kept with the list.
 */
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import { appendTo } from './lists-by-key.ts';
import type { OrderDirection } from './model-query.ts';
import type { Offering } from './types.ts';
import { pageWhere, type Selection } from './selection.ts';
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

/**
 * What a list of offerings is filtered with: where each capability and input
 * modality occurs (positions in the list, ascending), and each order as
 * positions, sorted the first time it is asked for. Built once per list and
 * kept with it, so a filter reads posting lists instead of testing every offering.
 */
class OfferingIndex {
  readonly byCapability = new Map<string, number[]>();
  readonly byInputModality = new Map<Modality, number[]>();
  /** Prices and context windows by position (NaN where missing): reading a column is many times faster than reading each offering. */
  readonly inputPrice: Float64Array;
  readonly contextWindow: Float64Array;
  readonly positions: readonly number[];
  private readonly orders = new Map<string, Uint32Array>();

  constructor(readonly list: readonly Offering[]) {
    this.inputPrice = Float64Array.from(list, (offering) => offering.inputPrice ?? NaN);
    this.contextWindow = Float64Array.from(list, (offering) => offering.contextWindow ?? NaN);
    this.positions = [...list.keys()];
    list.forEach((offering, position) => {
      for (const capability of offering.capabilities) appendTo(this.byCapability, capability, position);
      for (const modality of offering.inputModalities) appendTo(this.byInputModality, modality, position);
    });
  }

  /** Positions in the given order (missing values last either way), ties in the list's own order. */
  ordered(order: OfferingOrder): Uint32Array {
    const name = `${order.field} ${order.direction}`;
    let positions = this.orders.get(name);
    if (!positions) {
      const keyOf = SORT_KEYS[order.field];
      const sign = order.direction === 'ASC' ? 1 : -1;
      const keys = this.list.map(keyOf);
      positions = Uint32Array.from(this.list.keys()).sort((a, b) => {
        const ka = keys[a];
        const kb = keys[b];
        if (ka === undefined || kb === undefined) return ka === kb ? a - b : ka === undefined ? 1 : -1;
        return (ka - kb) * sign || a - b;
      });
      this.orders.set(name, positions);
    }
    return positions;
  }
}

const indexes = new WeakMap<readonly Offering[], OfferingIndex>();

function indexOf(list: readonly Offering[]): OfferingIndex {
  let index = indexes.get(list);
  if (!index) indexes.set(list, (index = new OfferingIndex(list)));
  return index;
}

/**
 * Positions that pass every posting-list term: a term is a set of posting
 * lists (a capability with its sub-capabilities), and a position passes when
 * it is in some list of every term. Costs the total length of the lists read.
 */
function positionsInEveryTerm(size: number, terms: readonly (readonly number[])[][]): number[] {
  // hits[p] counts the terms p has been found in, so far; a second list of one term cannot count it twice.
  const hits = new Uint16Array(size);
  const passing: number[] = [];
  terms.forEach((term, done) => {
    const last = done === terms.length - 1;
    for (const positions of term) {
      for (const position of positions) {
        if (hits[position] !== done) continue;
        hits[position] = done + 1;
        if (last) passing.push(position);
      }
    }
  });
  return passing;
}

/**
 * The offerings of `list` that pass the filter, in the given order or else in
 * the list's own order. Capabilities and modalities are read from the list's
 * posting lists, prices and context windows tested on what those leave; a page
 * walks the ordered positions until it is full.
 */
export function selectOfferings(
  graph: KnowledgeGraph,
  list: readonly Offering[],
  filter: OfferingFilter = {},
  order?: OfferingOrder,
): Selection<Offering> {
  const index = indexOf(list);
  const terms: (readonly number[])[][] = [];
  // A repeated capability or modality is the same condition: counted once, terms stay as few as the graph's vocabulary.
  for (const slug of new Set(filter.capabilities)) {
    if (!graph.bySlug('capability', slug)) throw new LookupError(`Unknown capability "${slug}" in filter.capabilities.`);
    terms.push(graph.descendants(`capability:${slug}`).map((key) => index.byCapability.get(key.slice('capability:'.length)) ?? []));
  }
  for (const modality of new Set(filter.inputModalities)) terms.push([index.byInputModality.get(modality) ?? []]);
  const { maxInputPrice, minContextWindow } = filter;
  const orderedPositions = order ? index.ordered(order) : undefined;
  if (!terms.length && maxInputPrice === undefined && minContextWindow === undefined) {
    const slice = orderedPositions
      ? (offset: number, limit: number) => Array.from(orderedPositions.subarray(offset, offset + limit), (position) => list[position]!)
      : (offset: number, limit: number) => list.slice(offset, offset + limit);
    return { totalCount: list.length, slice };
  }
  // Comparisons with NaN are false, so offerings without the value are left out.
  const { inputPrice, contextWindow } = index;
  const passesNumbers = (position: number) =>
    (maxInputPrice === undefined || inputPrice[position]! <= maxInputPrice) &&
    (minContextWindow === undefined || contextWindow[position]! >= minContextWindow);
  const passes = new Uint8Array(list.length);
  let totalCount = 0;
  for (const position of terms.length ? positionsInEveryTerm(list.length, terms) : index.positions) {
    if (!passesNumbers(position)) continue;
    passes[position] = 1;
    totalCount += 1;
  }
  const inOrder = orderedPositions ?? index.positions;
  return {
    totalCount,
    slice: (offset, limit) => pageWhere(inOrder, (position) => passes[position] === 1, offset, limit).map((position) => list[position]!),
  };
}
