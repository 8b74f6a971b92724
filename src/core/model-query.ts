/**
 * Filtering and ordering models from indexes built once per graph. A page of a
 * filtered, ordered list costs by page size and selectivity, not by graph size:
 * either the smallest matching index is sorted by precomputed rank, or the
 * precomputed order is walked until the page is full.
 */
import { LookupError } from './errors.ts';
import type { KnowledgeGraph } from './graph.ts';
import { byName } from './order.ts';
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
export interface ModelSelection {
  readonly totalCount: number;
  slice(offset: number, limit: number): ModelEntity[];
}

export function releaseYear(model: ModelEntity): number | undefined {
  return model.releaseDate ? Number(model.releaseDate.slice(0, 4)) : undefined;
}

const SORT_KEYS: Record<ModelOrderField, (m: ModelEntity) => string | number | undefined> = {
  NAME: (m) => m.name.en.toLowerCase(),
  RELEASE_DATE: (m) => m.releaseDate,
  PARAMETER_COUNT: (m) => m.parameterCount,
};

/** Ascending or descending by a key, nulls last either way, ties by name then slug. */
function orderModels(models: readonly ModelEntity[], field: ModelOrderField, direction: OrderDirection): ModelEntity[] {
  const keyOf = SORT_KEYS[field];
  const sign = direction === 'ASC' ? 1 : -1;
  return [...models].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka === undefined || kb === undefined) return ka === kb ? byName(a, b) : ka === undefined ? 1 : -1;
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return byName(a, b);
  });
}

/** Above this share of all models, walking the precomputed order beats sorting the candidates. */
const WALK_THRESHOLD = 0.125;

export class ModelQueries {
  private readonly orders = new Map<string, ModelEntity[]>();
  private readonly ranks = new Map<string, Map<ModelEntity, number>>();
  private readonly byYear = new Map<number, ModelEntity[]>();

  constructor(private readonly graph: KnowledgeGraph) {
    const models = graph.list('model');
    for (const field of MODEL_ORDER_FIELDS) {
      for (const direction of ['ASC', 'DESC'] as const) {
        const ordered = orderModels(models, field, direction);
        this.orders.set(`${field} ${direction}`, ordered);
        this.ranks.set(`${field} ${direction}`, new Map(ordered.map((m, i) => [m, i])));
      }
    }
    for (const model of models) {
      const year = releaseYear(model);
      if (year === undefined) continue;
      const list = this.byYear.get(year);
      if (list) list.push(model);
      else this.byYear.set(year, [model]);
    }
  }

  private resolve(kind: EntityKind, slug: string, argument: string): string {
    if (!this.graph.bySlug(kind, slug)) throw new LookupError(`Unknown ${kind} "${slug}" in ${argument}.`);
    return `${kind}:${slug}`;
  }

  /** Index sets every match must be in (one per "all of"; the union for "any of"). */
  private indexSets(filter: ModelFilter): ReadonlySet<ModelEntity>[] {
    const sets: ReadonlySet<ModelEntity>[] = [];
    const all = (slugs: readonly string[] | undefined, kind: EntityKind, type: ModelIndex, argument: string) => {
      for (const slug of slugs ?? []) sets.push(this.graph.modelsLinkedTo(type, this.resolve(kind, slug, argument)));
    };
    const any = (slugs: readonly string[] | undefined, kind: EntityKind, type: ModelIndex, argument: string) => {
      if (!slugs) return;
      const keys = slugs.map((slug) => this.resolve(kind, slug, argument));
      sets.push(keys.length === 1 ? this.graph.modelsLinkedTo(type, keys[0]!) : new Set(keys.flatMap((k) => [...this.graph.modelsLinkedTo(type, k)])));
    };
    const capabilityIndex = filter.includeSubcapabilities === false ? 'HAS_CAPABILITY_DIRECT' : 'HAS_CAPABILITY';
    all(filter.capabilities, 'capability', capabilityIndex, 'filter.capabilities');
    all(filter.architectures, 'architecture', 'USES_ARCHITECTURE', 'filter.architectures');
    any(filter.vendors, 'vendor', 'DEVELOPED_BY', 'filter.vendors');
    any(filter.platforms, 'platform', 'AVAILABLE_ON', 'filter.platforms');
    any(filter.datasets, 'dataset', 'TRAINED_ON', 'filter.datasets');
    return sets;
  }

  /** Candidates from the year index when the filter bounds the release year. */
  private yearCandidates(filter: ModelFilter): ModelEntity[] | undefined {
    if (filter.releasedFrom === undefined && filter.releasedTo === undefined) return undefined;
    const from = filter.releasedFrom ?? -Infinity;
    const to = filter.releasedTo ?? Infinity;
    const out: ModelEntity[] = [];
    for (const [year, models] of this.byYear) if (year >= from && year <= to) out.push(...models);
    return out;
  }

  private scalarTest(filter: ModelFilter): ((m: ModelEntity) => boolean) | undefined {
    const tests: ((m: ModelEntity) => boolean)[] = [];
    const { releasedFrom, releasedTo, minParameters, maxParameters, minContextWindow, openWeights } = filter;
    if (releasedFrom !== undefined) tests.push((m) => (releaseYear(m) ?? -Infinity) >= releasedFrom);
    if (releasedTo !== undefined) tests.push((m) => (releaseYear(m) ?? Infinity) <= releasedTo);
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
    const sets = this.indexSets(filter);
    const scalar = this.scalarTest(filter);
    if (!sets.length && !scalar) {
      return { totalCount: ordered.length, slice: (offset, limit) => ordered.slice(offset, offset + limit) };
    }
    const years = this.yearCandidates(filter);
    const smallest = [...sets].sort((a, b) => a.size - b.size)[0];
    const others = sets.filter((s) => s !== smallest);
    const matches = (m: ModelEntity) => others.every((s) => s.has(m)) && (!scalar || scalar(m));
    const candidateCount = Math.min(smallest?.size ?? Infinity, years?.length ?? Infinity);

    if (candidateCount <= ordered.length * WALK_THRESHOLD) {
      const pool = years && years.length <= (smallest?.size ?? Infinity) ? years : [...smallest!];
      const test = pool === years ? (m: ModelEntity) => (!smallest || smallest.has(m)) && matches(m) : matches;
      const rank = this.ranks.get(orderKey)!;
      const result = pool.filter(test).sort((a, b) => rank.get(a)! - rank.get(b)!);
      return { totalCount: result.length, slice: (offset, limit) => result.slice(offset, offset + limit) };
    }

    const test = smallest ? (m: ModelEntity) => smallest.has(m) && matches(m) : matches;
    let count: number | undefined;
    return {
      get totalCount() {
        count ??= smallest
          ? [...smallest].reduce((n, m) => (matches(m) ? n + 1 : n), 0)
          : ordered.reduce((n, m) => (test(m) ? n + 1 : n), 0);
        return count;
      },
      slice(offset, limit) {
        const page: ModelEntity[] = [];
        let skipped = 0;
        for (const model of ordered) {
          if (!test(model)) continue;
          if (skipped < offset) skipped += 1;
          else if (page.push(model) >= limit) break;
        }
        return page;
      },
    };
  }
}
