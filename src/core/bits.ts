/**
 * Sets of small non-negative numbers (positions in a list) as bits in 32-bit
 * words: membership is one word read, and sets combine a word at a time.
 * Model sets (model-set.ts) and offering filters (offering-query.ts) keep positions this way.
 */
export type Bits = Uint32Array;

/** Words needed for positions below `count`. */
export const wordsFor = (count: number): number => (count + 31) >>> 5;

export function setBit(bits: Bits, position: number): void {
  bits[position >>> 5]! |= 1 << (position & 31);
}

export function hasBit(bits: Bits, position: number): boolean {
  return (bits[position >>> 5]! & (1 << (position & 31))) !== 0;
}

/** The position of the lowest bit set in a word that is not 0, the word being the `word`th. */
export const lowestPosition = (word: number, rest: number): number => (word << 5) + 31 - Math.clz32(rest & -rest);

/** How many bits of a word are set. */
export function bitCount(word: number): number {
  const pairs = word - ((word >>> 1) & 0x55555555);
  const nibbles = (pairs & 0x33333333) + ((pairs >>> 2) & 0x33333333);
  return Math.imul((nibbles + (nibbles >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
