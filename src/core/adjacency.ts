/**
 * Every entity's relations as numbers in flat arrays, for the walks that read
 * thousands of relations: a shortest path or related models through hubs.
 * Read through maps keyed by entity, each relation cost a few map operations
 * on long keys; at 100,000 synthetic models a path from BERT through hubs took
 * 70-105 ms and related models 96-143 ms.
 *
 * An entity's slots hold its outgoing relations, then its incoming ones, each
 * in data order: the order in which `KnowledgeGraph.relations` lists them, so
 * walks over either find the same answers.
 */
import type { Entity, Relation, RelationWithEntities } from './types.ts';
import type { Direction } from './graph.ts';
import type { Selection } from './selection.ts';
import { ENTITY_KINDS, RELATION_TYPE_NUMBER, type EntityKind, type RelationType } from './vocabulary.ts';

/** Every relation type allowed: one bit per type number. */
const ALL_TYPES = 0xffffffff;

const NO_RELATIONS: readonly Relation[] = [];

export class Adjacency {
  /** Entity number to entity. */
  readonly entities: readonly Entity[];
  private readonly numbers = new Map<string, number>();
  private readonly kinds: Uint8Array;
  /** Entity n's slots run from `first[n]` to `first[n + 1]`; its incoming relations from `incomingFrom[n]`. */
  private readonly first: Uint32Array;
  private readonly incomingFrom: Uint32Array;
  /** Entity n's outgoing and incoming relations, the lists its slots were made from (kept by number: a walk's map lookup per relation showed in profiles). */
  private readonly outgoingOf: (readonly Relation[])[] = [];
  private readonly incomingOf: (readonly Relation[])[] = [];
  /** Per slot: the entity at the relation's other end, and the relation's type number. */
  readonly other: Uint32Array;
  readonly type: Uint8Array;
  private readonly tables: WalkTable[] = [];

  /**
   * `incoming` must list each entity's incoming relations in the order `outgoing`
   * yields them, as the graph builds it: slots are filled in one pass over
   * `outgoing`, each relation's two ends at once. (Reading each entity's
   * incoming list instead visited the relations out of memory order: 0.6 s
   * against 0.1 s at 100,000 models.)
   */
  constructor(entities: readonly Entity[], outgoing: ReadonlyMap<string, readonly Relation[]>, incoming: ReadonlyMap<string, readonly Relation[]>) {
    this.entities = entities;
    this.kinds = new Uint8Array(entities.length);
    this.first = new Uint32Array(entities.length + 1);
    this.incomingFrom = new Uint32Array(entities.length);
    let slots = 0;
    entities.forEach((entity, number) => {
      this.numbers.set(entity.key, number);
      this.kinds[number] = ENTITY_KINDS.indexOf(entity.kind);
      const from = outgoing.get(entity.key) ?? NO_RELATIONS;
      const into = incoming.get(entity.key) ?? NO_RELATIONS;
      this.outgoingOf.push(from);
      this.incomingOf.push(into);
      this.first[number] = slots;
      this.incomingFrom[number] = slots += from.length;
      slots += into.length;
    });
    this.first[entities.length] = slots;
    this.other = new Uint32Array(slots);
    this.type = new Uint8Array(slots);
    // The next free slot of each entity's outgoing and incoming relations.
    const nextOut = this.first.slice(0, entities.length);
    const nextIn = this.incomingFrom.slice();
    for (const [key, relations] of outgoing) {
      const from = this.numbers.get(key)!;
      for (const edge of relations) {
        const to = this.numbers.get(edge.to)!;
        const type = RELATION_TYPE_NUMBER.get(edge.type)!;
        const out = nextOut[from]!++;
        const into = nextIn[to]!++;
        this.other[out] = to;
        this.other[into] = from;
        this.type[out] = this.type[into] = type;
      }
    }
  }

  /** The entity whose slots hold a slot: the last whose first slot is at or before it. */
  ownerOf(slot: number): number {
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.first[middle]! <= slot) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The relation in one of entity n's slots: found again in the lists the slots were made from, which are kept anyway. */
  relationOf(number: number, slot: number): Relation {
    const incomingFrom = this.incomingFrom[number]!;
    return slot < incomingFrom ? this.outgoingOf[number]![slot - this.first[number]!]! : this.incomingOf[number]![slot - incomingFrom]!;
  }

  /** The relation in one of entity n's slots, with its two ends' entities, which the slot already names. */
  relationWithEntitiesOf(number: number, slot: number): RelationWithEntities {
    const { type, note, citations } = this.relationOf(number, slot);
    const here = this.entities[number]!;
    const there = this.entities[this.other[slot]!]!;
    return slot < this.incomingFrom[number]! ? { type, from: here, to: there, note, citations } : { type, from: there, to: here, note, citations };
  }

  /**
   * Entity n's relations one way (or both), optionally of some types only, as a
   * selection with their entities: types are tested on the slots' type
   * numbers, which lie side by side, not on the relations (a capability's
   * 21,070 at 100,000 models were 0.4-3.4 ms to test read one by one from the
   * relations).
   */
  selection(number: number, direction: Direction, types?: readonly RelationType[]): Selection<RelationWithEntities> {
    return new SlotSelection(this, number, this.start(number, direction), this.end(number, direction), Adjacency.typeMask(types));
  }

  get size(): number {
    return this.entities.length;
  }

  /**
   * Values by entity number for the walk about to start, made once and reused:
   * a new array of every entity per walk cost more than a short walk itself at
   * 100,000 models. Walks run synchronously, one at a time, so `count` tables
   * serve every walk of this graph.
   */
  scratch(count: number): WalkTable[] {
    while (this.tables.length < count) this.tables.push(new WalkTable(this.size));
    const tables = this.tables.slice(0, count);
    for (const table of tables) table.clear();
    return tables;
  }

  numberOf(key: string): number | undefined {
    return this.numbers.get(key);
  }

  kindOf(number: number): EntityKind {
    return ENTITY_KINDS[this.kinds[number]!]!;
  }

  /** The first of entity n's slots a direction follows. */
  start(number: number, direction: Direction): number {
    return direction === 'IN' ? this.incomingFrom[number]! : this.first[number]!;
  }

  /** The slot after entity n's last one a direction follows. */
  end(number: number, direction: Direction): number {
    return direction === 'OUT' ? this.incomingFrom[number]! : this.first[number + 1]!;
  }

  /** How many relations touch entity n, either way. */
  degree(number: number): number {
    return this.first[number + 1]! - this.first[number]!;
  }

  /** Test a slot's type against it with `(mask >>> adjacency.type[slot]) & 1`. */
  static typeMask(types?: readonly RelationType[]): number {
    if (!types?.length) return ALL_TYPES;
    let mask = 0;
    for (const type of types) mask |= 1 << RELATION_TYPE_NUMBER.get(type)!;
    return mask;
  }
}

/** Some of an entity's slots, as relations with their entities: the ones from `start` to `end` whose types a mask allows. */
class SlotSelection implements Selection<RelationWithEntities> {
  constructor(
    private readonly adjacency: Adjacency,
    private readonly number: number,
    private readonly start: number,
    private readonly end: number,
    private readonly allowed: number,
  ) {}

  get totalCount(): number {
    if (this.allowed === ALL_TYPES) return this.end - this.start;
    let count = 0;
    for (let slot = this.start; slot < this.end; slot += 1) count += (this.allowed >>> this.adjacency.type[slot]!) & 1;
    return count;
  }

  slice(offset: number, limit: number): RelationWithEntities[] {
    const page: RelationWithEntities[] = [];
    // Every slot passes when every type does, so the page starts `offset` slots in.
    let skip = this.allowed === ALL_TYPES ? 0 : offset;
    for (let slot = this.start + offset - skip; slot < this.end && page.length < limit; slot += 1) {
      if (!((this.allowed >>> this.adjacency.type[slot]!) & 1)) continue;
      if (skip > 0) skip -= 1;
      else page.push(this.adjacency.relationWithEntitiesOf(this.number, slot));
    }
    return page;
  }
}

/** A number per entity, all 0 again in constant time: an entry counts only if written since the last `clear`. */
export class WalkTable {
  private readonly writtenIn: Uint32Array;
  private readonly values: Float64Array;
  private generation = 1;

  constructor(size: number) {
    this.writtenIn = new Uint32Array(size);
    this.values = new Float64Array(size);
  }

  clear(): void {
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.writtenIn.fill(0);
      this.generation = 1;
    }
  }

  get(number: number): number {
    return this.writtenIn[number] === this.generation ? this.values[number]! : 0;
  }

  set(number: number, value: number): void {
    this.writtenIn[number] = this.generation;
    this.values[number] = value;
  }
}
