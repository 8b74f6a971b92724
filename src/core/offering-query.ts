/**
 * Filtering and ordering offerings: the terms on which platforms serve models.
 * Each list gets an index the first time it is filtered (bits per capability
 * and modality, positions per order), kept with the list.
 */
import { bitCount, hasBit, lowestPosition, setBit, wordsFor, type Bits } from './bits.ts';
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { OrderDirection } from './model-query.ts';
import type { Offering } from './types.ts';
import { ListSelection, pageInOrder, pageWhere, type Selection } from './selection.ts';
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
 * What a list of offerings is filtered with: which offerings have each
 * capability and input modality (bits over positions in the list), and each
 * order as positions, sorted the first time it is asked for. Built once per
 * list and kept with it, so a filter combines 32 offerings a step instead of
 * testing every one.
 */
class OfferingIndex {
  readonly byCapability = new Map<string, Bits>();
  readonly byInputModality = new Map<Modality, Bits>();
  /** Prices and context windows by position (NaN where missing): reading a column is many times faster than reading each offering. */
  readonly inputPrice: Float64Array;
  readonly contextWindow: Float64Array;
  readonly positions: readonly number[];
  /** Words in a list's bits. */
  readonly words: number;
  private readonly orders = new Map<string, Uint32Array>();

  constructor(readonly list: readonly Offering[]) {
    this.inputPrice = Float64Array.from(list, (offering) => offering.inputPrice ?? NaN);
    this.contextWindow = Float64Array.from(list, (offering) => offering.contextWindow ?? NaN);
    this.positions = [...list.keys()];
    this.words = wordsFor(list.length);
    list.forEach((offering, position) => {
      for (const capability of offering.capabilities) this.set(this.byCapability, capability, position);
      for (const modality of offering.inputModalities) this.set(this.byInputModality, modality, position);
    });
  }

  private set<K>(bitsByKey: Map<K, Bits>, key: K, position: number): void {
    let bits = bitsByKey.get(key);
    if (!bits) bitsByKey.set(key, (bits = new Uint32Array(this.words)));
    setBit(bits, position);
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
 * The positions in every term, as bits: a term is the bits of one or more
 * keys (a capability with its sub-capabilities), and a position is in it when
 * any of them has it.
 */
function inEveryTerm(count: number, terms: readonly (readonly Bits[])[]): Bits {
  const words = wordsFor(count);
  const passing = new Uint32Array(words).fill(~0);
  // No position at or past `count`, so that the bits can be counted as they are.
  if (count & 31) passing[words - 1] = (1 << (count & 31)) - 1;
  const term = new Uint32Array(words);
  for (const lists of terms) {
    term.fill(0);
    for (const bits of lists) for (let word = 0; word < words; word += 1) term[word]! |= bits[word]!;
    for (let word = 0; word < words; word += 1) passing[word]! &= term[word]!;
  }
  return passing;
}

/**
 * The offerings of `list` that pass the filter, in the given order or else in
 * the list's own order. Capabilities and modalities are read from the list's
 * bits, prices and context windows tested on what those leave; a page walks
 * the ordered positions until it is full.
 */
export function selectOfferings(
  graph: KnowledgeGraph,
  list: readonly Offering[],
  filter: OfferingFilter = {},
  order?: OfferingOrder,
): Selection<Offering> {
  const index = indexOf(list);
  const terms: Bits[][] = [];
  // A repeated capability or modality is the same condition: counted once, terms stay as few as the graph's vocabulary.
  for (const slug of new Set(filter.capabilities)) {
    if (!graph.bySlug('capability', slug)) throw new LookupError(`Unknown capability "${slug}" in filter.capabilities.`);
    const capabilities = graph.descendants(`capability:${slug}`).map((key) => index.byCapability.get(key.slice('capability:'.length)));
    terms.push(capabilities.filter((bits) => bits !== undefined));
  }
  for (const modality of new Set(filter.inputModalities)) {
    const bits = index.byInputModality.get(modality);
    terms.push(bits ? [bits] : []);
  }
  const { maxInputPrice, minContextWindow } = filter;
  const orderedPositions = order ? index.ordered(order) : undefined;
  if (!terms.length && maxInputPrice === undefined && minContextWindow === undefined) {
    if (!orderedPositions) return new ListSelection(list);
    return { totalCount: list.length, slice: (offset: number, limit: number) => pageInOrder(list, orderedPositions, offset, limit) };
  }
  // Terms first, 32 offerings a step; then the numbers, on the offerings the terms leave.
  const passes = inEveryTerm(list.length, terms);
  if (maxInputPrice !== undefined || minContextWindow !== undefined) {
    // Comparisons with NaN are false, so offerings without the value are left out.
    const { inputPrice, contextWindow } = index;
    for (let word = 0; word < passes.length; word += 1) {
      // As int32 (| 0): a word read as an unsigned number over 2^31 makes every bit operation on it dearer.
      let kept = passes[word]! | 0;
      for (let rest = kept; rest !== 0; rest &= rest - 1) {
        const position = lowestPosition(word, rest);
        const fails =
          (maxInputPrice !== undefined && !(inputPrice[position]! <= maxInputPrice)) ||
          (minContextWindow !== undefined && !(contextWindow[position]! >= minContextWindow));
        if (fails) kept &= ~(rest & -rest);
      }
      passes[word] = kept;
    }
  }
  let totalCount = 0;
  for (let word = 0; word < passes.length; word += 1) totalCount += bitCount(passes[word]!);
  const inOrder = orderedPositions ?? index.positions;
  return {
    totalCount,
    slice: (offset, limit) => pageWhere(inOrder, (position) => hasBit(passes, position), offset, limit).map((position) => list[position]!),
  };
}
