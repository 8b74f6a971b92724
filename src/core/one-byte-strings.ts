/**
 * Strings of parsed files, stored one byte a character where they fit. The
 * text of a file with any character beyond Latin-1 in it (Chinese, an emoji)
 * is held two bytes a character, and so is every value a parser cuts from it,
 * English names and slugs included: they took twice the memory, and an answer
 * holding one was serialized as two-byte text, which took four times as long
 * to turn into bytes (a 30 kB neighbourhood: 37 us against 8 us).
 */

/** Text whose every character fits in one byte (Latin-1). */
const ONE_BYTE_TEXT = /^[\0-\xff]*$/;

/**
 * `parsed`, what a parser made of `text`, with every string in it that fits in
 * one byte a character stored so, in place. Text that is all one-byte gives
 * one-byte strings already, and is left as it is.
 */
export function withOneByteStrings<T>(parsed: T, text: string): T {
  return ONE_BYTE_TEXT.test(text) ? parsed : (storeOneByteStrings(parsed) as T);
}

/**
 * `text` stored one byte a character when it fits (a copy through Latin-1), or
 * `text` itself. For text made from parsed strings: a slug cut from "Humanity’s
 * Last Exam" is plain ASCII, but stored two bytes a character like its source.
 */
export function oneByte(text: string): string {
  return ONE_BYTE_TEXT.test(text) ? Buffer.from(text, 'latin1').toString('latin1') : text;
}

function storeOneByteStrings(value: unknown): unknown {
  if (typeof value === 'string') return oneByte(value);
  if (typeof value !== 'object' || value === null) return value;
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) container[key] = storeOneByteStrings(container[key]);
  return value;
}
