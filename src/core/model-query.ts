/** Filtering and ordering models: the filter, the orders, and the engine that answers them from indexes. */
import { countWhere, pageWhere, type Selection } from './selection.ts';
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import type { ModelEntity } from './types.ts';
import type { ModelIndex } from './graph.ts';
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
 * The name-ordered list re-sorted by a key, nulls last either way. The sort is
 * stable, so ties keep name order.
 */
function orderByKey(byName: readonly ModelEntity[], field: Exclude<ModelOrderField, 'NAME'>, direction: OrderDirection): ModelEntity[] {
  const keyOf = SORT_KEYS[field];
  const sign = direction === 'ASC' ? 1 : -1;
  const keyed = byName.map((model) => ({ model, key: keyOf(model) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
    return a.key === b.key ? 0 : (a.key < b.key ? -1 : 1) * sign;
  });
  return keyed.map(({ model }) => model);
}

/**
 * One condition of a filter that an index can answer: membership, an upper bound
 * of its size (exact when `exact`), and its members for when it is the smallest.
 */
interface Condition {
  size: number;
  exact: boolean;
  has(model: ModelEntity): boolean;
  members(): Iterable<ModelEntity>;
  /** The index set behind the condition, when it is one set (its year counts can then be used). */
  set?: ReadonlySet<ModelEntity>;
}

const setCondition = (set: ReadonlySet<ModelEntity>): Condition => ({ size: set.size, exact: true, has: (m) => set.has(m), members: () => set, set });

/** "Any of these sets", without building their union. */
function unionCondition(sets: readonly ReadonlySet<ModelEntity>[]): Condition {
  if (sets.length === 1) return setCondition(sets[0]!);
  return {
    size: sets.reduce((n, set) => n + set.size, 0),
    exact: false,
    has: (m) => sets.some((set) => set.has(m)),
    *members() {
      for (const [index, set] of sets.entries()) {
        const earlier = sets.slice(0, index);
        for (const model of set) if (!earlier.some((e) => e.has(model))) yield model;
      }
    },
  };
}

/**
 * Filters and orders models from indexes built once per graph: every order
 * precomputed, each model's rank in it, and models by release year. A page of a
 * filtered list costs by page size and selectivity, not by graph size: it
 * either walks a precomputed order until the page is full, or sorts the
 * smallest matching index by rank, whichever is expected to be cheaper; a
 * count comes from index sizes and per-year counts where they can answer it.
 */
export class ModelQueries {
  private readonly orders = new Map<string, readonly ModelEntity[]>();
  /** For each order, each model's position in it, by the model's position in name order. */
  private readonly ranks = new Map<string, Int32Array>();
  private readonly ordinal = new Map<ModelEntity, number>();
  /** Models released in each year, and the years in ascending order. */
  private readonly byYear = new Map<number, ModelEntity[]>();
  private readonly years: number[];
  /** For an index set, how many of its models were released in each year (built on first use). */
  private readonly yearCounts = new WeakMap<ReadonlySet<ModelEntity>, Map<number, number>>();

  constructor(private readonly graph: KnowledgeGraph) {
    const byName = graph.list('model');
    byName.forEach((model, index) => this.ordinal.set(model, index));
    this.orders.set('NAME ASC', byName);
    this.orders.set('NAME DESC', [...byName].reverse());
    for (const field of ['RELEASE_DATE', 'PARAMETER_COUNT'] as const) {
      for (const direction of ['ASC', 'DESC'] as const) this.orders.set(`${field} ${direction}`, orderByKey(byName, field, direction));
    }
    for (const [key, ordered] of this.orders) {
      const rank = new Int32Array(ordered.length);
      ordered.forEach((model, position) => (rank[this.ordinal.get(model)!] = position));
      this.ranks.set(key, rank);
    }
    for (const model of byName) {
      const year = releaseYear(model);
      if (year === undefined) continue;
      const list = this.byYear.get(year);
      if (list) list.push(model);
      else this.byYear.set(year, [model]);
    }
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
    return {
      size: lists.reduce((n, list) => n + list.length, 0),
      exact: true,
      has: (m) => {
        const year = releaseYear(m);
        return year !== undefined && year >= from && year <= to;
      },
      *members() {
        for (const list of lists) yield* list;
      },
    };
  }

  /** How many models of an index set were released from `from` to `to`, from per-year counts. */
  private countInYears(set: ReadonlySet<ModelEntity>, from: number, to: number): number {
    let counts = this.yearCounts.get(set);
    if (!counts) {
      counts = new Map();
      for (const model of set) {
        const year = releaseYear(model);
        if (year !== undefined) counts.set(year, (counts.get(year) ?? 0) + 1);
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
    const orderKey = `${order.field} ${order.direction}`;
    const ordered = this.orders.get(orderKey)!;
    const indexed = this.indexConditions(filter);
    const bounded = filter.releasedFrom !== undefined || filter.releasedTo !== undefined;
    const from = filter.releasedFrom ?? -Infinity;
    const to = filter.releasedTo ?? Infinity;
    const conditions = bounded ? [...indexed, this.yearCondition(from, to)] : indexed;
    const scalar = this.scalarTest(filter);
    if (!conditions.length && !scalar) {
      return { totalCount: ordered.length, slice: (offset, limit) => ordered.slice(offset, offset + limit) };
    }

    const smallest = conditions.reduce<Condition | undefined>((best, c) => (!best || c.size < best.size ? c : best), undefined);
    const others = conditions.filter((c) => c !== smallest);
    const matches = (m: ModelEntity) => others.every((c) => c.has(m)) && (!scalar || scalar(m));
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
      pageWhere(ordered, (model) => (!smallest || smallest.has(model)) && matches(model), offset, limit);
    const sortByRank = (offset: number, limit: number): ModelEntity[] => {
      const rank = this.ranks.get(orderKey)!;
      const positions: number[] = [];
      for (const model of smallest!.members()) if (matches(model)) positions.push(rank[this.ordinal.get(model)!]!);
      const sorted = Int32Array.from(positions).sort();
      return Array.from(sorted.subarray(offset, offset + limit), (position) => ordered[position]!);
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
        return walkCost <= sortCost ? walk(offset, limit) : sortByRank(offset, limit);
      },
    };
  }
}
