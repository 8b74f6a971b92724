/**
 * Checks curated entries against their schemas. Each file's zod schema
 * (curated-schema.ts) is the definition. Its JSON Schema form, compiled once by
 * ajv, accepts a valid entry without copying or changing it: at 100,000 models
 * that took less than half of zod's time and far less memory churn. An entry
 * ajv refuses is parsed again by zod, whose verdict stands and which words the
 * problems.
 *
 * The defaults of fields an entry leaves out are given apart, for the loader to
 * write into the record it builds anyway. Written into the parsed entries
 * themselves (ajv's `useDefaults`), they took half of the validation of
 * 100,000 models: every entry grew new properties after it was made, and its
 * new empty lists were young objects held by old ones, which each
 * young-generation collection had to find and copy.
 */
import { Ajv } from 'ajv';
import { z } from 'zod';

export type EntryCheck<T> = { ok: true; entry: T } | { ok: false; issues: z.core.$ZodIssue[] };

/** A field with a default, and a function that gives a fresh copy of that default. */
export type FieldDefault = readonly [field: string, fresh: () => unknown];

export interface EntryChecker<Schema extends z.ZodType> {
  /**
   * The entry given, as it is, when ajv accepts it (fields left out stay out:
   * see `defaults`), or zod's output when only zod does.
   */
  check(raw: unknown): EntryCheck<z.input<Schema>>;
  /** The top-level fields that have a default when left out. */
  defaults: readonly FieldDefault[];
}

// Strict: a JSON Schema form ajv would only warn about (a rule it cannot apply) fails the load, and its tests, instead.
const ajv = new Ajv({ allErrors: false, strict: true });

export function entryChecker<Schema extends z.ZodType>(schema: Schema): EntryChecker<Schema> {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', reused: 'ref' });
  const accepts = ajv.compile(jsonSchema);
  const properties = (jsonSchema.properties ?? {}) as Record<string, { default?: unknown }>;
  const defaults = Object.entries(properties)
    .filter(([, property]) => property.default !== undefined)
    // Defaults are JSON values: parsing their text is a deep copy, at about 70 ns for [].
    .map(([field, property]): FieldDefault => {
      const text = JSON.stringify(property.default);
      return [field, () => JSON.parse(text)];
    });
  return {
    check(raw) {
      if (accepts(raw)) return { ok: true, entry: raw as z.input<Schema> };
      const parsed = schema.safeParse(raw);
      return parsed.success ? { ok: true, entry: parsed.data as z.input<Schema> } : { ok: false, issues: parsed.error.issues };
    },
    defaults,
  };
}
