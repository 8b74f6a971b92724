/**
 * Sets of one graph's models, over the models' positions in name order: bits
 * for membership, and the members' positions for iterating. The graph keeps
 * one such set per capability, architecture, vendor, platform and dataset; at
 * 100,000 models, building them from positions gathered in one pass (and
 * rolling sub-capabilities up bit by bit) costs a fraction of what hashing each
 * model into a Set did, and they take about as much memory.
 */
import { hasBit, lowestPosition, setBit, wordsFor } from './bits.ts';
import { lowerBound } from './sorted.ts';
import type { ModelEntity } from './types.ts';

/**
 * A set this much smaller than its bits keeps only its members' positions and
 * finds one by binary search: at 100,000 models, two thousand vendors' bits
 * would take 25 MB for a few dozen models each.
 */
const SPARSE_RATIO = 8;

/** The models of a graph numbered by their position in name order. */
export class ModelNumbering {
  private readonly positions = new Map<ModelEntity, number>();
  /** Words in a set's bits. */
  private readonly words: number;

  constructor(readonly byName: readonly ModelEntity[]) {
    byName.forEach((model, position) => this.positions.set(model, position));
    this.words = wordsFor(byName.length);
  }

  positionOf(model: ModelEntity): number | undefined {
    return this.positions.get(model);
  }

  /** The models at these positions, given in ascending order without repeats. */
  setOf(positions: ArrayLike<number>): ModelSet {
    const members = Int32Array.from(positions);
    if (this.isSparse(members.length)) return new ModelSet(this, members, undefined);
    const bits = new Uint32Array(this.words);
    for (const position of members) setBit(bits, position);
    return new ModelSet(this, members, bits);
  }

  /** The models at any of these lists of positions. */
  unionOf(lists: readonly ArrayLike<number>[]): ModelSet {
    const bits = new Uint32Array(this.words);
    for (const list of lists) for (let i = 0; i < list.length; i += 1) setBit(bits, list[i]!);
    let size = 0;
    for (let word = 0; word < bits.length; word += 1) for (let rest = bits[word]!; rest !== 0; rest &= rest - 1) size += 1;
    const members = new Int32Array(size);
    let next = 0;
    for (let word = 0; word < bits.length; word += 1) {
      for (let rest = bits[word]!; rest !== 0; rest &= rest - 1) members[next++] = lowestPosition(word, rest);
    }
    return new ModelSet(this, members, this.isSparse(size) ? undefined : bits);
  }

  private isSparse(size: number): boolean {
    return size * SPARSE_RATIO < this.words;
  }
}

/** A fixed set of models: membership by bit (or by search when sparse), members by position in name order. */
export class ModelSet implements Iterable<ModelEntity> {
  constructor(
    private readonly numbering: ModelNumbering,
    /** Members' positions in name order, ascending. */
    readonly positions: Int32Array,
    private readonly bits: Uint32Array | undefined,
  ) {}

  get size(): number {
    return this.positions.length;
  }

  hasPosition(position: number): boolean {
    if (this.bits) return hasBit(this.bits, position);
    return this.positions[lowerBound(this.positions, position)] === position;
  }

  has(model: ModelEntity): boolean {
    const position = this.numbering.positionOf(model);
    return position !== undefined && this.hasPosition(position);
  }

  *[Symbol.iterator](): Iterator<ModelEntity> {
    for (const position of this.positions) yield this.numbering.byName[position]!;
  }
}
