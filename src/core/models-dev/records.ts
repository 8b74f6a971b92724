/**
 * The catalogue's records as this importer reads them: zod schemas for the
 * fields it maps (others are ignored), and `base_model` inheritance resolved the
 * way the catalogue's own generator does it.
 */
import { z } from 'zod';
import { INT_MAX, isoDate } from '../curated-schema.ts';

const text = z.string().trim().min(1);
const price = z.number().finite().nonnegative();
const tokens = z.number().int().nonnegative().max(INT_MAX);
export const CATALOGUE_MODALITIES = ['text', 'image', 'audio', 'video', 'pdf'] as const;
const modality = z.enum(CATALOGUE_MODALITIES);

/** `providers/<provider>/provider.toml`. */
export const providerRecord = z.object({
  name: text,
  doc: z.url().optional(),
});
export type ProviderRecord = z.infer<typeof providerRecord>;

/** A canonical model, or a provider's model once inheritance is resolved. */
export const modelRecord = z.object({
  name: text,
  family: text.optional(),
  release_date: isoDate.optional(),
  knowledge: isoDate.optional(),
  last_updated: isoDate.optional(),
  open_weights: z.boolean().optional(),
  tool_call: z.boolean().optional(),
  reasoning: z.boolean().optional(),
  structured_output: z.boolean().optional(),
  attachment: z.boolean().optional(),
  modalities: z
    .object({ input: z.array(modality).default([]), output: z.array(modality).default([]) })
    .optional(),
  limit: z.object({ context: tokens.optional(), output: tokens.optional(), input: tokens.optional() }).optional(),
  cost: z
    .object({
      input: price.optional(),
      output: price.optional(),
      cache_read: price.optional(),
      cache_write: price.optional(),
    })
    .optional(),
  status: text.optional(),
  benchmarks: z.array(z.unknown()).optional(),
});
export type ModelRecord = z.infer<typeof modelRecord>;

/** One `[[benchmarks]]` entry of a canonical model. */
export const benchmarkRecord = z.object({
  name: text,
  score: z.number().finite(),
  metric: text.optional(),
  source: z.url().optional(),
  date: isoDate.optional(),
  harness: text.optional(),
  variant: text.optional(),
  version: z.union([text, z.number()]).transform(String).optional(),
  dataset: text.optional(),
});
export type BenchmarkRecord = z.infer<typeof benchmarkRecord>;

/** The inheritance keys of a provider's model file. */
export const inheritanceFields = z.object({
  base_model: z.string().regex(/^[^/\s]+\/[^\s]+$/, 'base_model is "<lab>/<model-id>"').optional(),
  base_model_omit: z.array(text).optional(),
});

export type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Tables merge key by key; arrays and plain values of `over` replace those of
 * `base`. Every table of the result is new, so editing it changes neither input.
 */
export function mergeDeep(base: Table, over: Table): Table {
  const merged: Table = {};
  for (const [key, value] of Object.entries(base)) merged[key] = isTable(value) ? mergeDeep(value, {}) : value;
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isTable(value) ? mergeDeep(isTable(current) ? current : {}, value) : value;
  }
  return merged;
}

/** Deletes dotted paths (`limit.input`), and any table the deletion leaves empty. */
export function omitPaths(target: Table, paths: readonly string[]): void {
  for (const path of paths) {
    const parts = path.split('.');
    const chain: Table[] = [target];
    for (const part of parts.slice(0, -1)) {
      const next = chain.at(-1)![part];
      if (!isTable(next)) break;
      chain.push(next);
    }
    if (chain.length !== parts.length) continue;
    delete chain.at(-1)![parts.at(-1)!];
    for (let depth = chain.length - 1; depth > 0 && Object.keys(chain[depth]!).length === 0; depth -= 1) {
      delete chain[depth - 1]![parts[depth - 1]!];
    }
  }
}

/** Facts about a model's publication that a provider's offering does not inherit. */
const NOT_INHERITED = new Set(['benchmarks', 'license', 'links', 'weights']);

/**
 * A provider's record on top of its canonical model: the offering inherits the
 * model's fields, overrides them with its own, then drops `base_model_omit`.
 */
export function resolveInheritance(base: Table, own: Table, omit: readonly string[]): Table {
  const inherited = Object.fromEntries(Object.entries(base).filter(([key]) => !NOT_INHERITED.has(key)));
  const { base_model: _base, base_model_omit: _omit, ...fields } = own;
  const merged = mergeDeep(inherited, fields);
  omitPaths(merged, omit);
  return merged;
}
