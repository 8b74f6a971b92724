/** Filtering and ordering models: the filter, the orders, and the engine that answers them from indexes. */
import { appendTo } from './lists-by-key.ts';
import { countWhere, pageInOrder, pageWhere, type Selection } from './selection.ts';
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

/*
 * Conditions and selections are classes rather than objects of closures: a
 * request makes a dozen of them, and each named closure costs a property
 * definition under tsx (which keeps function names), about 0.4 µs apiece.
 */

/** Models in one index set. */
class SetCondition implements Condition {
  readonly exact = true;
  readonly size: number;

  constructor(readonly set: ModelSet) {
    this.size = set.size;
  }

  has(position: number): boolean {
    return this.set.hasPosition(position);
  }

  members(): Iterable<number> {
    return this.set.positions;
  }
}

/** "Any of these sets", without building their union. */
class UnionCondition implements Condition {
  readonly exact = false;
  readonly size: number;

  constructor(private readonly sets: readonly ModelSet[]) {
    this.size = sets.reduce((n, set) => n + set.size, 0);
  }

  has(position: number): boolean {
    return inAny(this.sets, position, this.sets.length);
  }

  *members(): Iterable<number> {
    for (const [index, set] of this.sets.entries()) {
      for (const position of set.positions) if (!inAny(this.sets, position, index)) yield position;
    }
  }
}

/**
 * Whether any of the first `count` sets holds a position. A loop, not `some`: conditions are asked
 * this for every model a page passes, and `some` made a closure each time.
 */
function inAny(sets: readonly ModelSet[], position: number, count: number): boolean {
  for (let i = 0; i < count; i += 1) if (sets[i]!.hasPosition(position)) return true;
  return false;
}

const unionCondition = (sets: readonly ModelSet[]): Condition => (sets.length === 1 ? new SetCondition(sets[0]!) : new UnionCondition(sets));

/** Models released from one year to another, from the per-year lists. */
class YearCondition implements Condition {
  readonly exact = true;
  readonly size: number;

  constructor(
    private readonly lists: readonly (readonly number[])[],
    private readonly yearOf: Float64Array,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.size = lists.reduce((n, list) => n + list.length, 0);
  }

  has(position: number): boolean {
    return this.yearOf[position]! >= this.from && this.yearOf[position]! <= this.to;
  }

  *members(): Iterable<number> {
    for (const list of this.lists) yield* list;
  }
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
    const capabilityIndex = filter.includeSubcapabilities === false ? 'HAS_CAPABILITY_DIRECT' : 'HAS_CAPABILITY';
    return [
      ...(filter.capabilities ?? []).map((slug) => new SetCondition(this.linked('capability', capabilityIndex, slug, 'filter.capabilities'))),
      ...(filter.architectures ?? []).map((slug) => new SetCondition(this.linked('architecture', 'USES_ARCHITECTURE', slug, 'filter.architectures'))),
      ...this.anyOf(filter.vendors, 'vendor', 'DEVELOPED_BY', 'filter.vendors'),
      ...this.anyOf(filter.platforms, 'platform', 'AVAILABLE_ON', 'filter.platforms'),
      ...this.anyOf(filter.datasets, 'dataset', 'TRAINED_ON', 'filter.datasets'),
    ];
  }

  private linked(kind: EntityKind, type: ModelIndex, slug: string, argument: string): ModelSet {
    return this.graph.modelsLinkedTo(type, this.resolve(kind, slug, argument));
  }

  /** One condition for "any of" a list of slugs; none when the list is left out. */
  private anyOf(slugs: readonly string[] | undefined, kind: EntityKind, type: ModelIndex, argument: string): Condition[] {
    return slugs ? [unionCondition(slugs.map((slug) => this.linked(kind, type, slug, argument)))] : [];
  }

  /** The release-year bounds as a condition answered by the year index. */
  private yearCondition(from: number, to: number): Condition {
    const lists = this.years.filter((year) => year >= from && year <= to).map((year) => this.byYear.get(year)!);
    return new YearCondition(lists, this.yearOf, from, to);
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
    return (m) => {
      for (const test of tests) if (!test(m)) return false;
      return true;
    };
  }

  select(filter: ModelFilter = {}, order: ModelOrder = { field: 'NAME', direction: 'ASC' }): ModelSelection {
    const orderKey = `${order.field} ${order.direction}`;
    const ordered = this.orders.get(orderKey)!;
    const indexed = this.indexConditions(filter);
    const bounded = filter.releasedFrom !== undefined || filter.releasedTo !== undefined;
    const from = filter.releasedFrom ?? -Infinity;
    const to = filter.releasedTo ?? Infinity;
    const conditions = bounded ? [...indexed, this.yearCondition(from, to)] : indexed;
    const scalar = this.scalarTest(filter);
    if (!conditions.length && !scalar) return new AllModels(this.byName, ordered);

    const smallest = conditions.reduce<Condition | undefined>((best, c) => (!best || c.size < best.size ? c : best), undefined);
    const others = conditions.filter((c) => c !== smallest);
    // The count when indexes give it without visiting models: one exact condition, or one index set within years.
    const only = indexed.length === 1 ? indexed[0]! : undefined;
    const indexedCount = scalar
      ? undefined
      : conditions.length === 1 && smallest!.exact
        ? smallest!.size
        : bounded && only?.set
          ? this.countInYears(only.set, from, to)
          : undefined;
    return new FilteredModels(this.byName, ordered, this.places.get(orderKey)!, smallest, others, scalar, indexedCount);
  }
}

/** Every model, in one order. */
class AllModels implements ModelSelection {
  constructor(
    private readonly byName: readonly ModelEntity[],
    private readonly ordered: Int32Array,
  ) {}

  get totalCount(): number {
    return this.ordered.length;
  }

  slice(offset: number, limit: number): ModelEntity[] {
    return pageInOrder(this.byName, this.ordered, offset, limit);
  }
}

/** The models that pass a filter's conditions and scalar tests, in one order; counted once, when asked. */
class FilteredModels implements ModelSelection {
  private total?: number;

  constructor(
    private readonly byName: readonly ModelEntity[],
    private readonly ordered: Int32Array,
    /** Each model's place in that order, by its position. */
    private readonly placeOf: Int32Array,
    /** The condition with the fewest models; none when scalar tests alone filter. */
    private readonly smallest: Condition | undefined,
    private readonly others: readonly Condition[],
    private readonly scalar: ((model: ModelEntity) => boolean) | undefined,
    /** The count, when the indexes give it without visiting models. */
    private readonly indexedCount: number | undefined,
  ) {}

  get totalCount(): number {
    return (this.total ??= this.indexedCount ?? countWhere(this.smallest ? this.smallest.members() : this.ordered, (position) => this.matches(position)));
  }

  slice(offset: number, limit: number): ModelEntity[] {
    const smallest = this.smallest;
    if (!smallest) return this.walk(offset, limit);
    // Walking visits about (offset + limit) / share of matching models; sorting visits the smallest index and sorts the matches.
    const expected = Math.max(1, this.total ?? this.indexedCount ?? smallest.size / 2);
    const walkCost = ((offset + limit) * this.ordered.length) / expected;
    const sortCost = smallest.size + expected * Math.log2(expected + 1);
    return walkCost <= sortCost ? this.walk(offset, limit) : this.sortByPlace(smallest, offset, limit);
  }

  /** Whether the model at a position passes every condition but the smallest, and the scalar tests. */
  private matches(position: number): boolean {
    // A loop, not `every`, as in `inAny`.
    for (const condition of this.others) if (!condition.has(position)) return false;
    return !this.scalar || this.scalar(this.byName[position]!);
  }

  /** Follows the order until the page is full. */
  private walk(offset: number, limit: number): ModelEntity[] {
    const smallest = this.smallest;
    const positions = pageWhere(this.ordered, (position) => (!smallest || smallest.has(position)) && this.matches(position), offset, limit);
    return positions.map((position) => this.byName[position]!);
  }

  /**
   * Visits the smallest condition's models and sorts the matches by their place in the order. (Loops
   * rather than Int32Array.from and Array.from over a subarray, whose set-up cost more than sorting
   * a small set.)
   */
  private sortByPlace(smallest: Condition, offset: number, limit: number): ModelEntity[] {
    const places: number[] = [];
    for (const position of smallest.members()) if (this.matches(position)) places.push(this.placeOf[position]!);
    const sorted = new Int32Array(places.length);
    for (let i = 0; i < places.length; i += 1) sorted[i] = places[i]!;
    sorted.sort();
    const end = Math.min(sorted.length, offset + limit);
    const models: ModelEntity[] = [];
    for (let i = offset; i < end; i += 1) models.push(this.byName[this.ordered[sorted[i]!]!]!);
    return models;
  }
}
