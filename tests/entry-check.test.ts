/**
 * Entries are checked by the JSON Schema form of their zod schema, compiled by
 * ajv, and only those it refuses by zod. The two must agree: ajv accepts what
 * zod accepts, and with the defaults the loader fills in, the entry is the one
 * zod would give; ajv refuses everything zod refuses.
 */
import { describe, expect, it } from 'vitest';
import { CURATED_FILES, type CuratedFileName } from '../src/core/curated-schema.ts';
import { entryChecker } from '../src/core/entry-check.ts';
import { curatedInputFromDocuments, readCuratedDocuments } from '../src/core/load-curated.ts';
import { DATA_DIR } from './helpers.ts';

const documents = await readCuratedDocuments(DATA_DIR, []);
const entries = (file: CuratedFileName) => documents[file] as Record<string, unknown>[];
const checkers = Object.fromEntries(Object.entries(CURATED_FILES).map(([file, schema]) => [file, entryChecker(schema)])) as Record<
  CuratedFileName,
  ReturnType<typeof entryChecker>
>;

describe('entry checks', () => {
  it.each(Object.keys(CURATED_FILES) as CuratedFileName[])('accept every entry of %s as is, untouched', (file) => {
    for (const raw of entries(file)) {
      const given = structuredClone(raw);
      const checked = checkers[file].check(given);
      expect(checked.ok).toBe(true);
      // The very object given: the fast path accepted it without a copy, and left it as it was.
      if (checked.ok) expect(checked.entry).toBe(given);
      expect(given).toEqual(raw);
    }
  });

  it.each(Object.keys(CURATED_FILES) as CuratedFileName[])('give the defaults zod gives to the fields %s leaves out', (file) => {
    const { defaults } = checkers[file];
    for (const raw of entries(file)) {
      const expected = CURATED_FILES[file].parse(structuredClone(raw)) as Record<string, unknown>;
      const filled: Record<string, unknown> = structuredClone(raw);
      for (const [field, fresh] of defaults) filled[field] ??= fresh();
      expect(filled).toEqual(expected);
    }
    // Each entry gets a copy of its own: the loader adds to some of them.
    for (const [, fresh] of defaults) expect(fresh()).not.toBe(fresh());
  });

  it('give every record the defaults of the fields its entry leaves out', () => {
    const input = curatedInputFromDocuments(structuredClone(documents));
    const model = input.entities.find((entity) => entity.key === 'model:gpt-3')!;
    const withoutAliases = entries('vendors.yaml').find((vendor) => vendor.aliases === undefined)!;
    const vendor = input.entities.find((entity) => entity.key === `vendor:${withoutAliases.slug}`)!;
    expect(vendor.aliases).toEqual([]);
    expect(vendor.claims).toEqual([]);
    for (const field of ['aliases', 'claims', 'inputModalities', 'outputModalities']) expect(model).toHaveProperty(field);
    // Edge fields are edges, not fields of the record, whether given or left out.
    expect(model).not.toHaveProperty('mitigates');
    expect(model).not.toHaveProperty('capabilities');
  });

  const model = entries('models.yaml').find((m) => m.slug === 'gpt-3')!;
  const ref = (model.capabilities as Record<string, unknown>[])[0]!;
  const citation = (ref.citations as Record<string, unknown>[])[0]!;
  const broken: [string, Record<string, unknown>][] = [
    ['a slug with capitals', { ...model, slug: 'GPT-3' }],
    ['no name', { ...model, name: undefined }],
    ['a name without Chinese', { ...model, name: { en: 'GPT-3' } }],
    ['empty text', { ...model, name: { en: '', zh: 'x' } }],
    ['text with spaces around it', { ...model, family: ' GPT ' }],
    ['text ending in a newline', { ...model, family: 'GPT\n' }],
    ['text of spaces only', { ...model, family: '   ' }],
    ['an unknown field', { ...model, colour: 'blue' }],
    ['no citations', { ...model, citations: [] }],
    ['a citation without a source', { ...model, citations: [{ quote: 'x' }] }],
    ['an unknown field in a citation', { ...model, citations: [{ ...citation, page: 3 }] }],
    ['an edge without citations', { ...model, capabilities: [{ slug: 'text-generation' }] }],
    ['an unknown field in an edge', { ...model, capabilities: [{ ...ref, weight: 1 }] }],
    ['an edge that is a string', { ...model, vendor: 'openai' }],
    ['a month 13', { ...model, releaseDate: '2020-13' }],
    ['a date with a time', { ...model, releaseDate: '2020-05-28T00:00' }],
    ['a parameter count of zero', { ...model, parameterCount: 0 }],
    ['a parameter count as text', { ...model, parameterCount: '175B' }],
    ['an infinite parameter count', { ...model, parameterCount: Infinity }],
    ['a parameter count that is not a number', { ...model, parameterCount: NaN }],
    ['fractional layers', { ...model, layers: 9.5 }],
    ['a context window past what a GraphQL Int holds', { ...model, contextWindow: 2 ** 31 }],
    ['an unknown modality', { ...model, inputModalities: ['SMELL'] }],
    ['openWeights as text', { ...model, openWeights: 'yes' }],
    ['a claim with an unknown status', { ...model, claims: [{ attribute: 'x', value: 'y', status: 'MAYBE', citations: [citation] }] }],
    ['a claim whose value is true', { ...model, claims: [{ attribute: 'x', value: true, status: 'ACCEPTED', citations: [citation] }] }],
    ['an entry that is a list', [model] as unknown as Record<string, unknown>],
  ];
  it.each(broken)('refuse a model with %s, as zod does', (_, raw) => {
    expect(CURATED_FILES['models.yaml'].safeParse(structuredClone(raw)).success).toBe(false);
    const checked = checkers['models.yaml'].check(structuredClone(raw));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues.length).toBeGreaterThan(0);
  });

  const vendor = entries('vendors.yaml').find((v) => v.website)!;
  it.each([
    ['a website without a scheme', 'openai.com'],
    ['a website of another scheme', 'ftp://openai.com'],
    ['a website without a host', 'https://'],
    ['a website with a space', 'https://open ai.com'],
  ])('refuse a vendor with %s', (_, website) => {
    expect(CURATED_FILES['vendors.yaml'].safeParse({ ...vendor, website }).success).toBe(false);
    expect(checkers['vendors.yaml'].check({ ...vendor, website }).ok).toBe(false);
  });

  it('word the problems of a refused entry by zod, with the path to them', () => {
    const checked = checkers['models.yaml'].check({ ...model, releaseDate: '2020-13' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['releaseDate', 'a date is YYYY, YYYY-MM or YYYY-MM-DD']]);
  });
});
