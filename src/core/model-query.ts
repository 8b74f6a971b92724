/** Filtering and ordering models: the filter, the orders, and the engine that answers them from indexes. */
import { appendTo } from './lists-by-key.ts';
import { countWhere, pageWhere, type Selection } from './selection.ts';
import { lowerBound } from './sorted.ts';
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { ModelEntity } from './types.ts';
import type { ModelIndex } from './graph.ts';
import type { ModelSet } from './model-set.ts';
import type { EntityKind, Modality } from './vocabulary.ts';

export interface ModelFilter {
  /** Must have all; a broad capability matches its sub-capabilities. */
  capabilities?: readonly string[];
  /** Must use all; a broad architecture matches its sub-types. */
  architectures?: readonly string[];
  /** When false, `capabilities` match only models that name the capability itself. Default true. */
  includeSubcapabilities?: boolean;
  /** Any of these vendors. */
  vendors?: readonly string[];
  /** Available on any of these platforms. */
  platforms?: readonly string[];
  /** Trained on any of these datasets. */
  datasets?: readonly string[];
  releasedFrom?: number;
  releasedTo?: number;
  minParameters?: number;
  maxParameters?: number;
  /** Must accept all of these. */
  inputModalities?: readonly Modality[];
  /** Must produce all of these. */
  outputModalities?: readonly Modality[];
  openWeights?: boolean;
  minContextWindow?: number;
}

export const MODEL_ORDER_FIELDS = ['NAME', 'RELEASE_DATE', 'PARAMETER_COUNT'] as const;
export type ModelOrderField = (typeof MODEL_ORDER_FIELDS)[number];
export type OrderDirection = 'ASC' | 'DESC';
export interface ModelOrder {
  field: ModelOrderField;
  direction: OrderDirection;
}

/** A lazily evaluated result: counting and slicing each do only the work they need. */
export type ModelSelection = Selection<ModelEntity>;

export function releaseYear(model: ModelEntity): number | undefined {
  return model.releaseDate ? Number(model.releaseDate.slice(0, 4)) : undefined;
}

const SORT_KEYS: Record<Exclude<ModelOrderField, 'NAME'>, (m: ModelEntity) => string | number | undefined> = {
  RELEASE_DATE: (m) => m.releaseDate,
  PARAMETER_COUNT: (m) => m.parameterCount,
};

/**
 * Each model's rank by a key, ascending, equal keys sharing one (-1 without a
 * key), and a bound above every rank. Numbers rank by their place in one
 * typed-array sort; strings (dates, with few distinct values) by a sort of the
 * distinct values.
 */
function keyRanks(keys: readonly (string | number | undefined)[]): { ranks: Int32Array; bound: number } {
  const ranks = new Int32Array(keys.length).fill(-1);
  const defined = keys.filter((key) => key !== undefined);
  if (defined.every((key) => typeof key === 'number')) {
    const sorted = Float64Array.from(defined).sort();
    keys.forEach((key, position) => key !== undefined && (ranks[position] = lowerBound(sorted, key as number)));
    return { ranks, bound: sorted.length };
  }
  const distinct = [...new Set(defined)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map(distinct.map((key, rank) => [key, rank]));
  keys.forEach((key, position) => key !== undefined && (ranks[position] = rankOf.get(key)!));
  return { ranks, bound: distinct.length };
}

/**
 * Name positions ordered by a key, both ways, nulls last either way, ties in
 * name order. Each model is packed into one number, its key's rank times the
 * model count plus its name position, so one typed-array sort per direction
 * does the work: at 100,000 models a comparator sort of the models took ten
 * times as long. (Typed arrays are filled by plain loops: their `from` with a
 * mapping function takes a slow generic path.)
 */
function ordersByKey(byName: readonly ModelEntity[], field: Exclude<ModelOrderField, 'NAME'>): Record<OrderDirection, Int32Array> {
  const count = byName.length;
  const { ranks, bound } = keyRanks(byName.map(SORT_KEYS[field]));
  const ordered = (rankFor: (rank: number) => number) => {
    const packed = new Float64Array(count);
    for (let position = 0; position < count; position += 1) {
      const rank = ranks[position]!;
      packed[position] = (rank < 0 ? bound : rankFor(rank)) * count + position;
    }
    packed.sort();
    const positions = new Int32Array(count);
    for (let place = 0; place < count; place += 1) positions[place] = packed[place]! % count;
    return positions;
  };
  return { ASC: ordered((rank) => rank), DESC: ordered((rank) => bound - 1 - rank) };
}

/**
 * One condition of a filter that an index can answer, over models' positions in
 * name order: membership, an upper bound of its size (exact when `exact`), and
 * its members for when it is the smallest.
 */
interface Condition {
  size: number;
  exact: boolean;
  has(position: number): boolean;
  members(): Iterable<number>;
  /** The index set behind the condition, when it is one set (its year counts can then be used). */
  set?: ModelSet;
}

const setCondition = (set: ModelSet): Condition => ({
  size: set.size,
  exact: true,
  has: (position) => set.hasPosition(position),
  members: () => set.positions,
  set,
});

/** "Any of these sets", without building their union. */
function unionCondition(sets: readonly ModelSet[]): Condition {
  if (sets.length === 1) return setCondition(sets[0]!);
  return {
    size: sets.reduce((n, set) => n + set.size, 0),
    exact: false,
    has: (position) => sets.some((set) => set.hasPosition(position)),
    *members() {
      for (const [index, set] of sets.entries()) {
        const earlier = sets.slice(0, index);
        for (const position of set.positions) if (!earlier.some((e) => e.hasPosition(position))) yield position;
      }
    },
  };
}

/**
 * Filters and orders models from indexes built once per graph: every order
 * precomputed, each model's place in it, and models by release year, all by
 * the models' positions in name order. A page of a filtered list costs by page
 * size and selectivity, not by graph size: it either walks a precomputed order
 * until the page is full, or sorts the smallest matching index by place,
 * whichever is expected to be cheaper; a count comes from index sizes and
 * per-year counts where they can answer it.
 */
export class ModelQueries {
  private readonly byName: readonly ModelEntity[];
  /** Each order as the positions of its models. */
  private readonly orders = new Map<string, Int32Array>();
  /** For each order, each model's place in it, by the model's position. */
  private readonly places = new Map<string, Int32Array>();
  /** Each model's release year, NaN when unknown (so that no bound admits it). */
  private readonly yearOf: Float64Array;
  /** Models released in each year, and the years in ascending order. */
  private readonly byYear = new Map<number, number[]>();
  private readonly years: number[];
  /** For an index set, how many of its models were released in each year (built on first use). */
  private readonly yearCounts = new WeakMap<ModelSet, Map<number, number>>();

  constructor(private readonly graph: KnowledgeGraph) {
    const byName = (this.byName = graph.modelNumbering.byName);
    const nameOrder = new Int32Array(byName.length);
    for (let position = 0; position < byName.length; position += 1) nameOrder[position] = position;
    this.orders.set('NAME ASC', nameOrder);
    this.orders.set('NAME DESC', nameOrder.slice().reverse());
    for (const field of ['RELEASE_DATE', 'PARAMETER_COUNT'] as const) {
      for (const [direction, positions] of Object.entries(ordersByKey(byName, field))) this.orders.set(`${field} ${direction}`, positions);
    }
    for (const [key, positions] of this.orders) {
      const places = new Int32Array(byName.length);
      positions.forEach((position, place) => (places[position] = place));
      this.places.set(key, places);
    }
    this.yearOf = new Float64Array(byName.length);
    byName.forEach((model, position) => {
      const year = releaseYear(model);
      this.yearOf[position] = year ?? NaN;
      if (year !== undefined) appendTo(this.byYear, year, position);
    });
    this.years = [...this.byYear.keys()].sort((a, b) => a - b);
  }

  private resolve(kind: EntityKind, slug: string, argument: string): string {
    if (!this.graph.bySlug(kind, slug)) throw new LookupError(`Unknown ${kind} "${slug}" in ${argument}.`);
    return `${kind}:${slug}`;
  }

  /** Conditions from the indexes: one per "all of" slug, one union per "any of" list. */
  private indexConditions(filter: ModelFilter): Condition[] {
    const conditions: Condition[] = [];
    const linked = (kind: EntityKind, type: ModelIndex, slug: string, argument: string) =>
      this.graph.modelsLinkedTo(type, this.resolve(kind, slug, argument));
    const all = (slugs: readonly string[] | undefined, kind: EntityKind, type: ModelIndex, argument: string) => {
      for (const slug of slugs ?? []) conditions.push(setCondition(linked(kind, type, slug, argument)));
    };
    const any = (slugs: readonly string[] | undefined, kind: EntityKind, type: ModelIndex, argument: string) => {
      if (slugs) conditions.push(unionCondition(slugs.map((slug) => linked(kind, type, slug, argument))));
    };
    const capabilityIndex = filter.includeSubcapabilities === false ? 'HAS_CAPABILITY_DIRECT' : 'HAS_CAPABILITY';
    all(filter.capabilities, 'capability', capabilityIndex, 'filter.capabilities');
    all(filter.architectures, 'architecture', 'USES_ARCHITECTURE', 'filter.architectures');
    any(filter.vendors, 'vendor', 'DEVELOPED_BY', 'filter.vendors');
    any(filter.platforms, 'platform', 'AVAILABLE_ON', 'filter.platforms');
    any(filter.datasets, 'dataset', 'TRAINED_ON', 'filter.datasets');
    return conditions;
  }

  /** The release-year bounds as a condition answered by the year index. */
  private yearCondition(from: number, to: number): Condition {
    const lists = this.years.filter((year) => year >= from && year <= to).map((year) => this.byYear.get(year)!);
    const yearOf = this.yearOf;
    return {
      size: lists.reduce((n, list) => n + list.length, 0),
      exact: true,
      has: (position) => yearOf[position]! >= from && yearOf[position]! <= to,
      *members() {
        for (const list of lists) yield* list;
      },
    };
  }

  /** How many models of an index set were released from `from` to `to`, from per-year counts. */
  private countInYears(set: ModelSet, from: number, to: number): number {
    let counts = this.yearCounts.get(set);
    if (!counts) {
      counts = new Map();
      for (const position of set.positions) {
        const year = this.yearOf[position]!;
        if (!Number.isNaN(year)) counts.set(year, (counts.get(year) ?? 0) + 1);
      }
      this.yearCounts.set(set, counts);
    }
    let total = 0;
    for (const [year, count] of counts) if (year >= from && year <= to) total += count;
    return total;
  }

  private scalarTest(filter: ModelFilter): ((m: ModelEntity) => boolean) | undefined {
    const tests: ((m: ModelEntity) => boolean)[] = [];
    const { minParameters, maxParameters, minContextWindow, openWeights } = filter;
    if (minParameters !== undefined) tests.push((m) => m.parameterCount !== undefined && m.parameterCount >= minParameters);
    if (maxParameters !== undefined) tests.push((m) => m.parameterCount !== undefined && m.parameterCount <= maxParameters);
    if (minContextWindow !== undefined) tests.push((m) => m.contextWindow !== undefined && m.contextWindow >= minContextWindow);
    if (openWeights !== undefined) tests.push((m) => m.openWeights === openWeights);
    for (const modality of filter.inputModalities ?? []) tests.push((m) => m.inputModalities.includes(modality));
    for (const modality of filter.outputModalities ?? []) tests.push((m) => m.outputModalities.includes(modality));
    if (!tests.length) return undefined;
    return (m) => tests.every((test) => test(m));
  }

  select(filter: ModelFilter = {}, order: ModelOrder = { field: 'NAME', direction: 'ASC' }): ModelSelection {
    const byName = this.byName;
    const orderKey = `${order.field} ${order.direction}`;
    const ordered = this.orders.get(orderKey)!;
    const modelsAt = (positions: Int32Array) => Array.from(positions, (position) => byName[position]!);
    const indexed = this.indexConditions(filter);
    const bounded = filter.releasedFrom !== undefined || filter.releasedTo !== undefined;
    const from = filter.releasedFrom ?? -Infinity;
    const to = filter.releasedTo ?? Infinity;
    const conditions = bounded ? [...indexed, this.yearCondition(from, to)] : indexed;
    const scalar = this.scalarTest(filter);
    if (!conditions.length && !scalar) {
      return { totalCount: ordered.length, slice: (offset, limit) => modelsAt(ordered.subarray(offset, offset + limit)) };
    }

    const smallest = conditions.reduce<Condition | undefined>((best, c) => (!best || c.size < best.size ? c : best), undefined);
    const others = conditions.filter((c) => c !== smallest);
    const matches = (position: number) => others.every((c) => c.has(position)) && (!scalar || scalar(byName[position]!));
    /** The count when indexes give it without visiting models: one exact condition, or one index set within years. */
    const indexedCount = (): number | undefined => {
      if (scalar) return undefined;
      if (conditions.length === 1 && smallest!.exact) return smallest!.size;
      const only = indexed.length === 1 ? indexed[0]! : undefined;
      return bounded && only?.set ? this.countInYears(only.set, from, to) : undefined;
    };
    let total: number | undefined;
    const totalCount = () =>
      (total ??= indexedCount() ?? (smallest ? countWhere(smallest.members(), matches) : countWhere(ordered, matches)));

    const walk = (offset: number, limit: number): ModelEntity[] =>
      pageWhere(ordered, (position) => (!smallest || smallest.has(position)) && matches(position), offset, limit).map((position) => byName[position]!);
    const sortByPlace = (offset: number, limit: number): ModelEntity[] => {
      const placeOf = this.places.get(orderKey)!;
      const places: number[] = [];
      for (const position of smallest!.members()) if (matches(position)) places.push(placeOf[position]!);
      const sorted = Int32Array.from(places).sort();
      return Array.from(sorted.subarray(offset, offset + limit), (place) => byName[ordered[place]!]!);
    };
    return {
      get totalCount() {
        return totalCount();
      },
      slice: (offset, limit) => {
        if (!smallest) return walk(offset, limit);
        // Walking visits about (offset + limit) / share of matching models; sorting visits the smallest index and sorts the matches.
        const expected = Math.max(1, total ?? indexedCount() ?? smallest.size / 2);
        const walkCost = ((offset + limit) * ordered.length) / expected;
        const sortCost = smallest.size + expected * Math.log2(expected + 1);
        return walkCost <= sortCost ? walk(offset, limit) : sortByPlace(offset, limit);
      },
    };
  }
}
