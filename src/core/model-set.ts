/**
 * Sets of one graph's models as bits over the models' positions in name order.
 * The graph keeps one such set per capability, architecture, vendor, platform
 * and dataset; at 100,000 models, building them bit by bit and rolling
 * sub-capabilities up with a word-wide OR costs a fraction of what hashing each
 * model into a Set did, and they take about as much memory.
 */
import type { ModelEntity } from './types.ts';

/** The models of a graph numbered by their position in name order. */
export class ModelNumbering {
  private readonly positions = new Map<ModelEntity, number>();
  /** Words in each set's bits. */
  readonly words: number;

  constructor(readonly byName: readonly ModelEntity[]) {
    byName.forEach((model, position) => this.positions.set(model, position));
    this.words = (byName.length + 31) >>> 5;
  }

  positionOf(model: ModelEntity): number | undefined {
    return this.positions.get(model);
  }

  /** Bits for a set being built: add with `addTo`, then freeze it with `setOf`. */
  emptyBits(): Uint32Array {
    return new Uint32Array(this.words);
  }

  setOf(bits: Uint32Array): ModelSet {
    return new ModelSet(this, bits);
  }
}

export function addTo(bits: Uint32Array, position: number): void {
  bits[position >>> 5]! |= 1 << (position & 31);
}

/** `into` becomes the union of itself and `more`. */
export function addAll(into: Uint32Array, more: Uint32Array): void {
  for (let word = 0; word < into.length; word += 1) into[word]! |= more[word]!;
}

/**
 * A set this much smaller than its bits keeps only its members' positions and
 * finds one by binary search: at 100,000 models, two thousand vendors' bits
 * would take 25 MB for a few dozen models each.
 */
const SPARSE_RATIO = 8;

/** A fixed set of models: membership by bit (or by search when sparse), members by position in name order. */
export class ModelSet implements Iterable<ModelEntity> {
  /** Members' positions in name order, ascending. */
  readonly positions: Int32Array;
  private readonly bits: Uint32Array | undefined;

  constructor(
    private readonly numbering: ModelNumbering,
    bits: Uint32Array,
  ) {
    let size = 0;
    for (let word = 0; word < bits.length; word += 1) for (let rest = bits[word]!; rest !== 0; rest &= rest - 1) size += 1;
    this.positions = new Int32Array(size);
    let next = 0;
    for (let word = 0; word < bits.length; word += 1) {
      for (let rest = bits[word]!; rest !== 0; rest &= rest - 1) this.positions[next++] = (word << 5) + 31 - Math.clz32(rest & -rest);
    }
    this.bits = size * SPARSE_RATIO < bits.length ? undefined : bits;
  }

  get size(): number {
    return this.positions.length;
  }

  hasPosition(position: number): boolean {
    if (this.bits) return (this.bits[position >>> 5]! & (1 << (position & 31))) !== 0;
    let low = 0;
    let high = this.positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.positions[middle]! < position) low = middle + 1;
      else high = middle;
    }
    return this.positions[low] === position;
  }

  has(model: ModelEntity): boolean {
    const position = this.numbering.positionOf(model);
    return position !== undefined && this.hasPosition(position);
  }

  *[Symbol.iterator](): Iterator<ModelEntity> {
    for (const position of this.positions) yield this.numbering.byName[position]!;
  }
}
