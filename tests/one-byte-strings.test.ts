/**
 * Every string the graph holds that fits in one byte a character is stored so,
 * whatever file it came from: a string stored two bytes a character makes
 * every answer holding it two-byte text, four times as slow to serialize.
 */
import v8 from 'node:v8';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDatasets } from '../src/core/load.ts';
import { benchmarkSlug } from '../src/core/models-dev/import.ts';
import { withOneByteStrings } from '../src/core/one-byte-strings.ts';
import { MERGED_DATA } from './helpers.ts';

const FITS_ONE_BYTE = /^[\0-\xff]*$/;
/** V8's serializer tags a string by how it is stored: '"' for one byte a character, 'c' for two. */
const storedOneByte = (text: string) => v8.serialize(text)[2] === '"'.charCodeAt(0);

/** Every string within `value` that fits in one byte a character but is stored in two. */
function storedTwoByte(value: unknown, found: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (FITS_ONE_BYTE.test(value) && !storedOneByte(value)) found.push(value);
  } else if (typeof value === 'object' && value !== null && depth < 6) {
    for (const item of Object.values(value)) storedTwoByte(item, found, depth + 1);
  }
  return found;
}

describe('strings stored one byte a character', () => {
  it('tell the two apart', () => {
    expect(storedOneByte('GPT-4')).toBe(true);
    expect(storedOneByte('GPT-4 生成'.slice(0, 5))).toBe(false);
  });

  it('come out of a parsed file with Chinese in it, for every value that fits', () => {
    const text = 'name: GPT-4\nzh: 生成式预训练\n';
    const parsed = withOneByteStrings(parseYaml(text) as Record<string, string>, text);
    expect(storedTwoByte(parsed)).toEqual([]);
    expect(storedOneByte(parsed.zh!)).toBe(false);
  });

  it('come out of slugs cut from names with characters beyond Latin-1', () => {
    expect(storedOneByte(benchmarkSlug('Humanity’s Last Exam'))).toBe(true);
  });

  it('are all the graph holds, from the curated data and the models.dev catalogue', async () => {
    const { graph } = await loadDatasets(MERGED_DATA);
    const records: unknown[] = [...graph.allEntities(), ...graph.offerings()];
    for (const entity of graph.allEntities()) records.push(...graph.relations(entity.key), ...graph.benchmarkResultsOfModel(entity.key));
    expect(records.length).toBeGreaterThan(10_000);
    expect(storedTwoByte(records)).toEqual([]);
  });
});
