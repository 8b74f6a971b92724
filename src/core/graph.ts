/**
 * The in-memory knowledge graph: entities, typed edges and the indexes every
 * question is answered from. Built once per load and never mutated, so a reload
 * builds a new graph and swaps it in whole.
 */
import { Adjacency } from './adjacency.ts';
import { DataError, DataErrors } from './errors.ts';
import { appendTo } from './lists-by-key.ts';
import { ModelQueries } from './model-query.ts';
import { ModelNumbering, type ModelSet } from './model-set.ts';
import { byName } from './order.ts';
import { ListSelection, type Selection } from './selection.ts';
import type {
  BenchmarkResult,
  Citation,
  Entity,
  EntityOfKind,
  GraphInput,
  ModelEntity,
  Offering,
  Relation,
  RelationWithEntities,
  Source,
} from './types.ts';
import { ENTITY_KINDS, RELATION_TYPE_NUMBER, RELATION_TYPES, type EntityKind, type RelationType } from './vocabulary.ts';

export type Direction = 'OUT' | 'IN' | 'BOTH';

const NO_RELATIONS: readonly Relation[] = [];
const NO_ENTITIES: readonly Entity[] = [];
const NO_GROUPS: readonly (readonly Entity[] | undefined)[] = [];

/** The relation a model index follows; HAS_CAPABILITY_DIRECT leaves out sub-capabilities. */
export type ModelIndex = RelationType | 'HAS_CAPABILITY_DIRECT';

function originText(origin: { file: string; entry?: string } | undefined): [string, string | undefined] {
  return [origin?.file ?? '(input)', origin?.entry];
}

/** Appends citations that are not there yet (same source, quote and locator). */
function mergeCitations(into: Citation[], more: Citation[]): void {
  for (const citation of more) {
    const exists = into.some(
      (c) => c.source === citation.source && c.quote === citation.quote && c.locator === citation.locator,
    );
    if (!exists) into.push(citation);
  }
}

/**
 * Merges a later record of an entity into the first one: the first keeps its
 * values, the later one fills what it lacks and adds its citations and aliases.
 */
function mergeEntity(first: Entity, later: Entity): void {
  const target = first as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(later)) {
    const current = target[field];
    const empty = current === undefined || (Array.isArray(current) && current.length === 0);
    if (empty && value !== undefined) target[field] = value;
  }
  mergeCitations(first.citations, later.citations);
  for (const alias of [later.name.en, ...later.aliases]) {
    if (alias !== first.name.en && !first.aliases.includes(alias)) first.aliases.push(alias);
  }
  for (const claim of later.claims) if (!first.claims.includes(claim)) first.claims.push(claim);
}

export class KnowledgeGraph {
  readonly sources = new Map<string, Source>();
  private readonly entities = new Map<string, Entity>();
  private readonly kinds = new Map<EntityKind, Entity[]>();
  private readonly outgoing = new Map<string, Relation[]>();
  private readonly incoming = new Map<string, Relation[]>();
  /**
   * Entities' targets by relation type number, grouped the first time an
   * entity's targets are asked for: a page of models asks each model for its
   * vendor and capabilities, and finding them among all its edges (dozens for
   * a model offered on many platforms) read every edge. Grouped at load, at
   * 100,000 models they took 0.5-0.7 s and about 75 MB more.
   */
  private readonly targetsByType = new Map<string, (Entity[] | undefined)[]>();
  private readonly offeringList: Offering[] = [];
  private readonly offeringsByModel = new Map<string, Offering[]>();
  private readonly offeringsByPlatform = new Map<string, Offering[]>();
  private readonly resultsByModel = new Map<string, BenchmarkResult[]>();
  private readonly resultsByBenchmark = new Map<string, BenchmarkResult[]>();
  /** For each taxonomy node (capability, architecture), itself and every node below it. */
  private readonly closures = new Map<string, string[]>();
  /**
   * Models reached from a node by one relation type, sub-capabilities and sub-types rolled up;
   * by type, then by the node's key (which, unlike a key made per lookup, has its hash kept).
   */
  private readonly modelIndex = new Map<ModelIndex, Map<string, ModelSet>>();
  /** The models numbered in name order, which index sets and orders are kept by. */
  readonly modelNumbering: ModelNumbering;
  private readonly noModels: ModelSet;
  readonly relationCount: number;
  readonly offeringCount: number;
  /** Filtered, ordered model lists, from indexes built with the graph. */
  readonly models: ModelQueries;
  /** Relations as numbers, for walks through hubs. */
  readonly adjacency: Adjacency;

  private constructor(inputs: GraphInput[]) {
    const errors: DataError[] = [];
    for (const input of inputs) for (const source of input.sources) this.sources.set(source.slug, source);
    // Records are kept as given; one is copied only when a later record is merged into it.
    const copies = new Set<Entity>();
    for (const input of inputs) {
      for (const entity of input.entities) {
        let existing = this.entities.get(entity.key);
        if (!existing) {
          this.entities.set(entity.key, entity);
          continue;
        }
        if (!copies.has(existing)) {
          existing = { ...existing, aliases: [...existing.aliases], citations: [...existing.citations], claims: [...existing.claims] };
          copies.add(existing);
          this.entities.set(entity.key, existing);
        }
        mergeEntity(existing, entity);
      }
    }
    for (const entity of this.entities.values()) {
      this.checkCitations(entity.citations, entity.origin, errors);
      for (const claim of entity.claims) this.checkCitations(claim.citations, entity.origin, errors);
    }

    this.relationCount = this.mergeRelations(inputs, errors);
    for (const input of inputs) {
      for (const offering of input.offerings) {
        this.requireEntity(offering.model, 'model', undefined, errors);
        this.requireEntity(offering.platform, 'platform', undefined, errors);
        for (const capability of offering.capabilities) this.requireEntity(`capability:${capability}`, 'capability', undefined, errors);
        this.offeringList.push(offering);
      }
      for (const result of input.benchmarkResults) {
        this.requireEntity(result.model, 'model', undefined, errors);
        this.requireEntity(result.benchmark, 'benchmark', undefined, errors);
        appendTo(this.resultsByModel, result.model, result);
        appendTo(this.resultsByBenchmark, result.benchmark, result);
      }
    }
    this.offeringCount = this.offeringList.length;
    if (errors.length) throw new DataErrors(errors);
    for (const results of this.resultsByBenchmark.values()) results.sort((a, b) => b.score - a.score);

    for (const kind of ENTITY_KINDS) this.kinds.set(kind, []);
    for (const entity of this.entities.values()) this.kinds.get(entity.kind)!.push(entity);
    for (const list of this.kinds.values()) list.sort(byName);
    this.buildClosures('capability', 'SUBCAPABILITY_OF', errors);
    this.buildClosures('architecture', 'SUBTYPE_OF', errors);
    if (errors.length) throw new DataErrors(errors);
    this.modelNumbering = new ModelNumbering(this.kinds.get('model') as ModelEntity[]);
    this.noModels = this.modelNumbering.setOf([]);
    this.indexOfferings();
    this.buildModelIndexes();
    this.models = new ModelQueries(this);
    this.adjacency = new Adjacency([...this.entities.values()], this.outgoing, this.incoming);
  }

  /** Builds a graph from one or more inputs; throws DataErrors naming every broken reference. */
  static build(...inputs: GraphInput[]): KnowledgeGraph {
    return new KnowledgeGraph(inputs);
  }

  private checkCitations(citations: Citation[], origin: Entity['origin'], errors: DataError[]): void {
    for (const citation of citations) {
      if (!this.sources.has(citation.source)) {
        errors.push(new DataError(...originText(origin), `cites unknown source "${citation.source}"`));
      }
    }
  }

  private requireEntity(key: string, kinds: EntityKind | readonly EntityKind[], origin: Relation['origin'], errors: DataError[]): boolean {
    const entity = this.entities.get(key);
    const allowed: readonly EntityKind[] = typeof kinds === 'string' ? [kinds] : kinds;
    if (!entity) {
      errors.push(new DataError(...originText(origin), `refers to unknown ${key.replace(':', ' "')}"`));
      return false;
    }
    if (!allowed.includes(entity.kind)) {
      errors.push(new DataError(...originText(origin), `${key} is a ${entity.kind}, expected ${allowed.join(' or ')}`));
      return false;
    }
    return true;
  }

  /**
   * Checks every edge's ends and kinds, folds repeated edges into one with all
   * citations, and returns how many remain. A repeat shares its start, so it is
   * found among that entity's few outgoing edges rather than in a graph-wide map.
   */
  private mergeRelations(inputs: GraphInput[], errors: DataError[]): number {
    // Edges are kept as given; one is copied only when a repeat's citations are merged into it.
    const copies = new Set<Relation>();
    for (const input of inputs) {
      for (const relation of input.relations) {
        const rule = RELATION_TYPES[relation.type];
        const fromOk = this.requireEntity(relation.from, rule.from, relation.origin, errors);
        const toOk = this.requireEntity(relation.to, rule.to, relation.origin, errors);
        this.checkCitations(relation.citations, relation.origin, errors);
        if (!fromOk || !toOk) continue;
        if (relation.from === relation.to) {
          errors.push(new DataError(...originText(relation.origin), `${relation.type} points at itself`));
          continue;
        }
        let outgoing = this.outgoing.get(relation.from);
        if (!outgoing) this.outgoing.set(relation.from, (outgoing = []));
        let index = 0;
        while (index < outgoing.length && (outgoing[index]!.type !== relation.type || outgoing[index]!.to !== relation.to)) index += 1;
        if (index === outgoing.length) {
          outgoing.push(relation);
          continue;
        }
        let existing = outgoing[index]!;
        if (!copies.has(existing)) {
          existing = { ...existing, citations: [...existing.citations] };
          copies.add(existing);
          outgoing[index] = existing;
        }
        mergeCitations(existing.citations, relation.citations);
      }
    }
    let count = 0;
    for (const relations of this.outgoing.values()) {
      for (const relation of relations) appendTo(this.incoming, relation.to, relation);
      count += relations.length;
    }
    return count;
  }

  private buildClosures(kind: 'capability' | 'architecture', parentType: RelationType, errors: DataError[]): void {
    // Gathered from the kind's own edges: a broad capability's incoming edges are mostly its models'.
    const childrenOf = new Map<string, string[]>();
    for (const node of this.kinds.get(kind)!) {
      for (const relation of this.outgoing.get(node.key) ?? []) if (relation.type === parentType) appendTo(childrenOf, relation.to, node.key);
    }
    const children = (key: string): string[] => childrenOf.get(key) ?? [];
    for (const node of this.kinds.get(kind)!) {
      const seen = new Set<string>([node.key]);
      const stack = [node.key];
      while (stack.length) {
        for (const child of children(stack.pop()!)) {
          if (child === node.key) {
            errors.push(new DataError(...originText(node.origin), `${parentType} forms a cycle through ${node.key}`));
            continue;
          }
          if (!seen.has(child)) {
            seen.add(child);
            stack.push(child);
          }
        }
      }
      this.closures.set(node.key, [...seen]);
    }
  }

  /**
   * Offerings in a stable order: all of them and a platform's by model name, a
   * model's by platform name (each list then by the other name, then by id).
   */
  private indexOfferings(): void {
    // Ranks of the models and platforms that have offerings only: most models have none.
    const rank = new Map<string, number>();
    const platformRank = new Map(this.kinds.get('platform')!.map((platform, index) => [platform.key, index]));
    for (const { model, platform } of this.offeringList) {
      rank.set(model, this.modelNumbering.positionOf(this.entities.get(model) as ModelEntity)!);
      rank.set(platform, platformRank.get(platform)!);
    }
    const byModel = (a: Offering, b: Offering) =>
      rank.get(a.model)! - rank.get(b.model)! || rank.get(a.platform)! - rank.get(b.platform)! || a.providerModelId.localeCompare(b.providerModelId);
    this.offeringList.sort(byModel);
    for (const offering of this.offeringList) {
      appendTo(this.offeringsByModel, offering.model, offering);
      appendTo(this.offeringsByPlatform, offering.platform, offering);
    }
    const byPlatform = (a: Offering, b: Offering) => rank.get(a.platform)! - rank.get(b.platform)! || byModel(a, b);
    for (const list of this.offeringsByModel.values()) list.sort(byPlatform);
  }

  /** Models per capability, architecture (both with their descendants), vendor, platform and dataset. */
  private buildModelIndexes(): void {
    const simple: [EntityKind, RelationType][] = [
      ['vendor', 'DEVELOPED_BY'],
      ['platform', 'AVAILABLE_ON'],
      ['dataset', 'TRAINED_ON'],
    ];
    const indexed = new Set<RelationType>(['HAS_CAPABILITY', 'USES_ARCHITECTURE', ...simple.map(([, type]) => type)]);
    // The positions of the models linked to each node by each relation type, gathered in one pass over the models' edges (so ascending).
    const direct = new Map<RelationType, Map<string, number[]>>([...indexed].map((type) => [type, new Map()]));
    this.modelNumbering.byName.forEach((model, position) => {
      for (const relation of this.outgoing.get(model.key) ?? []) {
        const byTarget = direct.get(relation.type);
        if (byTarget) appendTo(byTarget, relation.to, position);
      }
    });
    const linked = (type: RelationType, key: string): readonly number[] => direct.get(type)!.get(key) ?? [];
    const directSet = (type: RelationType, key: string) => this.modelNumbering.setOf(linked(type, key));
    const rollUp = (type: RelationType, key: string) => this.modelNumbering.unionOf(this.closures.get(key)!.map((descendant) => linked(type, descendant)));
    const index = (type: ModelIndex, kind: EntityKind, setOf: (key: string) => ModelSet) =>
      this.modelIndex.set(type, new Map(this.kinds.get(kind)!.map((node) => [node.key, setOf(node.key)])));
    index('HAS_CAPABILITY', 'capability', (key) => rollUp('HAS_CAPABILITY', key));
    index('HAS_CAPABILITY_DIRECT', 'capability', (key) => directSet('HAS_CAPABILITY', key));
    index('USES_ARCHITECTURE', 'architecture', (key) => rollUp('USES_ARCHITECTURE', key));
    for (const [kind, type] of simple) index(type, kind, (key) => directSet(type, key));
  }

  // ---- Lookups ----

  entity(key: string): Entity | undefined {
    return this.entities.get(key);
  }

  bySlug<K extends EntityKind>(kind: K, slug: string): EntityOfKind<K> | undefined {
    return this.entities.get(`${kind}:${slug}`) as EntityOfKind<K> | undefined;
  }

  /** Every entity of a kind, ordered by English name. */
  list<K extends EntityKind>(kind: K): readonly EntityOfKind<K>[] {
    return this.kinds.get(kind) as EntityOfKind<K>[];
  }

  get entityCount(): number {
    return this.entities.size;
  }

  allEntities(): IterableIterator<Entity> {
    return this.entities.values();
  }

  /** The edges touching an entity, optionally of some types only. */
  relations(key: string, direction: Direction = 'OUT', types?: readonly RelationType[]): readonly Relation[] {
    const out = this.leaving(key, direction);
    const into = this.reaching(key, direction);
    const all = out.length && into.length ? [...out, ...into] : out.length ? out : into;
    return types?.length ? all.filter((r) => types.includes(r.type)) : all;
  }

  /**
   * The same edges as `relations`, in the same order, with their entities, as a selection: a
   * page reads only as far as it reaches, and the count is made only if asked (a hub has thousands).
   */
  relationSelection(key: string, direction: Direction = 'OUT', types?: readonly RelationType[]): Selection<RelationWithEntities> {
    const number = this.adjacency.numberOf(key);
    return number === undefined ? new ListSelection<RelationWithEntities>([]) : this.adjacency.selection(number, direction, types);
  }

  /** The edges leaving an entity, if the direction follows them. */
  private leaving(key: string, direction: Direction): readonly Relation[] {
    return direction === 'IN' ? NO_RELATIONS : (this.outgoing.get(key) ?? NO_RELATIONS);
  }

  /** The edges reaching an entity, if the direction follows them. */
  private reaching(key: string, direction: Direction): readonly Relation[] {
    return direction === 'OUT' ? NO_RELATIONS : (this.incoming.get(key) ?? NO_RELATIONS);
  }

  /** Entities this one points to by a relation type, in data order. */
  targets<K extends EntityKind>(key: string, type: RelationType): readonly EntityOfKind<K>[] {
    return (this.targetsOf(key)[RELATION_TYPE_NUMBER.get(type)!] ?? NO_ENTITIES) as readonly EntityOfKind<K>[];
  }

  /** The first entity this one points to by a relation type (a model's vendor), if any. */
  target<K extends EntityKind>(key: string, type: RelationType): EntityOfKind<K> | undefined {
    return this.targetsOf(key)[RELATION_TYPE_NUMBER.get(type)!]?.[0] as EntityOfKind<K> | undefined;
  }

  /** An entity's targets grouped by relation type number; grouped on first use, and kept only for entities with edges. */
  private targetsOf(key: string): readonly (readonly Entity[] | undefined)[] {
    let grouped = this.targetsByType.get(key);
    if (grouped) return grouped;
    const relations = this.outgoing.get(key);
    if (!relations) return NO_GROUPS;
    const lists: Entity[][] = [];
    for (const relation of relations) (lists[RELATION_TYPE_NUMBER.get(relation.type)!] ??= []).push(this.entities.get(relation.to)!);
    // Copied to their exact sizes (map keeps the holes): a list grown by push keeps room for 16 more, two thirds of the memory.
    grouped = lists.map((list) => list.slice());
    this.targetsByType.set(key, grouped);
    return grouped;
  }

  /** Entities pointing to this one by a relation type, ordered by name. */
  referrers<K extends EntityKind>(key: string, type: RelationType): EntityOfKind<K>[] {
    const found: EntityOfKind<K>[] = [];
    for (const relation of this.incoming.get(key) ?? NO_RELATIONS) {
      if (relation.type === type) found.push(this.entities.get(relation.from) as EntityOfKind<K>);
    }
    return found.sort(byName);
  }

  /** A taxonomy node and all below it (capabilities, architectures). */
  descendants(key: string): readonly string[] {
    return this.closures.get(key) ?? [key];
  }

  /**
   * The models linked to a node by a relation type: HAS_CAPABILITY and
   * USES_ARCHITECTURE include the node's sub-capabilities or sub-types.
   */
  modelsLinkedTo(type: ModelIndex, key: string): ModelSet {
    return this.modelIndex.get(type)?.get(key) ?? this.noModels;
  }

  /** Every offering, by model name then platform name. */
  offerings(): readonly Offering[] {
    return this.offeringList;
  }

  /** A model's offerings, by platform name. */
  offeringsOfModel(key: string): readonly Offering[] {
    return this.offeringsByModel.get(key) ?? [];
  }

  /** A platform's offerings, by model name. */
  offeringsOnPlatform(key: string): readonly Offering[] {
    return this.offeringsByPlatform.get(key) ?? [];
  }

  benchmarkResultsOfModel(key: string): readonly BenchmarkResult[] {
    return this.resultsByModel.get(key) ?? [];
  }

  /** A benchmark's results, highest score first. */
  benchmarkResultsFor(key: string): readonly BenchmarkResult[] {
    return this.resultsByBenchmark.get(key) ?? [];
  }
}
