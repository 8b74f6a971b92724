/**
 * The reviewed table of `data/aliases/models-dev.yaml`: which names in the
 * models.dev catalogue are the same thing as which slugs of the graph. Entity
 * resolution uses exact lookups in it and nothing else, so every merge can be
 * read and corrected in one file. Like the rest of `data/`, it is strict.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { slug } from '../curated-schema.ts';
import { DataError, DataErrors } from '../errors.ts';
import type { DataFingerprint } from '../fingerprint.ts';
import { describeIssue } from '../load-curated.ts';
import { withOneByteStrings } from '../one-byte-strings.ts';

/** A name as the catalogue writes it, lower-cased: a folder, an id prefix or a model id turned slug. */
const catalogueName = z
  .string()
  .regex(/^[a-z0-9~@][a-z0-9._:@~-]*$/, 'a catalogue name is lower-case letters, digits and . _ : @ ~ -');
const name = z.string().trim().min(1);

export const aliasTableSchema = z.strictObject({
  /** Lab folders and model-id prefixes (`meta-llama/…`, `x-ai/…`) → the vendor slug they name. */
  vendors: z.record(catalogueName, slug).default({}),
  /** Display names of vendors the curated data does not have. */
  vendorNames: z.record(slug, name).default({}),
  /** Model ids starting with a family name (`claude-`) → the vendor that makes the family. */
  modelIdPrefixes: z.record(catalogueName, slug).default({}),
  /** Provider folders → the platform slug they are. */
  platforms: z.record(catalogueName, slug).default({}),
  /** Per provider folder, id prefixes that name a region or route, not a model (`us.` on Bedrock). */
  routingPrefixes: z.record(catalogueName, z.array(catalogueName).min(1)).default({}),
  /** Model ids (as slugs) → the slug of the model they are. */
  models: z.record(catalogueName, slug).default({}),
  /** Model ids that different providers use for different things (routers); they are qualified by provider. */
  providerScopedIds: z.array(catalogueName).default([]),
});

export type AliasTable = z.infer<typeof aliasTableSchema>;

export const EMPTY_ALIAS_TABLE: AliasTable = aliasTableSchema.parse({});

/** Reads and validates the table, adding it to `fingerprint` when given; throws DataErrors naming every problem. */
export async function loadAliasTable(file: string, label = file, fingerprint?: DataFingerprint): Promise<AliasTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataErrors([new DataError(label, undefined, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`)]);
  }
  fingerprint?.add(label, text);
  let document: unknown;
  try {
    document = withOneByteStrings(parseYaml(text), text);
  } catch (error) {
    throw new DataErrors([new DataError(label, undefined, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`)]);
  }
  const parsed = aliasTableSchema.safeParse(document ?? {});
  if (!parsed.success) {
    throw new DataErrors(parsed.error.issues.map((issue) => new DataError(label, undefined, describeIssue(issue))));
  }
  return parsed.data;
}
