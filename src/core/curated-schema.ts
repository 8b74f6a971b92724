/**
 * Schemas of the hand-edited files in `data/`. One file per kind of node; edges
 * are written inside the entry they start from (a model lists its vendor,
 * capabilities, ...), each with its own citations.
 *
 * Every rule here has an exact JSON Schema form (types, patterns, enums,
 * bounds, required and unknown keys, defaults; no transforms or refinements),
 * because the loader checks entries with that form compiled by ajv and asks
 * zod only to word the problems of an entry ajv refuses (entry-check.ts).
 */
import { z } from 'zod';
import { CLAIM_STATUSES, MODALITIES } from './vocabulary.ts';

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a slug is lower-case letters, digits, ".", "_" and "-"');

/** ISO 8601 date, partial allowed: 2018, 2023-03, 2023-03-14. */
export const isoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD');

/**
 * The largest whole number the API's integers hold (GraphQL's Int is 32 bits): a count of tokens or layers past it
 * would be answered with an error. A bound, not a shared schema: the JSON Schema form would refer to a shared one,
 * and ajv does not take `exclusiveMinimum` beside a reference.
 */
export const INT_MAX = 2 ** 31 - 1;

/** Text with something in it and no spaces around it (a YAML `>` or `|` block adds a newline: use `>-` or `|-`). */
const text = z.string().regex(/^\S(?:[\s\S]*\S)?$/, 'text must not be empty or begin or end with spaces');
/** A web address; only http and https are linked to. */
const url = z.string().regex(/^https?:\/\/[^\s/?#]+\S*$/, 'a URL starts with http:// or https:// and a host name');
export const localizedText = z.strictObject({ en: text, zh: text });

export const citation = z.strictObject({
  source: slug,
  quote: text.optional(),
  locator: text.optional(),
});
export const citations = z.array(citation).min(1, 'at least one citation is required');

/** An edge to another entry, by slug, with the citations that support it. */
export const ref = z.strictObject({
  slug,
  note: localizedText.optional(),
  citations,
});

export const claim = z.strictObject({
  attribute: text,
  /** YAML reads `value: 3.4` as a number; the loader keeps every value as text. */
  value: z.union([text, z.number()]),
  status: z.enum(CLAIM_STATUSES),
  note: localizedText.optional(),
  citations,
});

const entityFields = {
  slug,
  name: localizedText,
  description: localizedText.optional(),
  aliases: z.array(text).default([]),
  citations,
  claims: z.array(claim).default([]),
};

const modality = z.enum(MODALITIES);

export const modelEntry = z.strictObject({
  ...entityFields,
  family: text.optional(),
  releaseDate: isoDate.optional(),
  parameterCount: z.number().positive().optional(),
  layers: z.number().int().positive().max(INT_MAX).optional(),
  inputModalities: z.array(modality).default([]),
  outputModalities: z.array(modality).default([]),
  openWeights: z.boolean().optional(),
  knowledgeCutoff: isoDate.optional(),
  contextWindow: z.number().int().positive().max(INT_MAX).optional(),
  vendor: ref.optional(),
  capabilities: z.array(ref).default([]),
  architectures: z.array(ref).default([]),
  trainingDatasets: z.array(ref).default([]),
  platforms: z.array(ref).default([]),
  mitigates: z.array(ref).default([]),
  predecessor: ref.optional(),
  comparedWith: z.array(ref).default([]),
});

export const vendorEntry = z.strictObject({ ...entityFields, website: url.optional() });

export const capabilityEntry = z.strictObject({
  ...entityFields,
  parent: ref.optional(),
  enables: z.array(ref).default([]),
});

export const architectureEntry = z.strictObject({ ...entityFields, parent: ref.optional() });

export const platformEntry = z.strictObject({
  ...entityFields,
  website: url.optional(),
  operator: ref.optional(),
  mitigates: z.array(ref).default([]),
});

export const plainEntry = z.strictObject(entityFields);

export const sourceEntry = z.strictObject({
  slug,
  title: text,
  url: url.optional(),
  publisher: text.optional(),
  published: isoDate.optional(),
  language: z.enum(['en', 'zh']).optional(),
});

/** Each file of `data/` and the schema of its entries. */
export const CURATED_FILES = {
  'sources.yaml': sourceEntry,
  'models.yaml': modelEntry,
  'vendors.yaml': vendorEntry,
  'capabilities.yaml': capabilityEntry,
  'architectures.yaml': architectureEntry,
  'challenges.yaml': plainEntry,
  'datasets.yaml': plainEntry,
  'platforms.yaml': platformEntry,
  'applications.yaml': plainEntry,
} as const;
export type CuratedFileName = keyof typeof CURATED_FILES;
