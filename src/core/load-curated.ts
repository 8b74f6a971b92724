/**
 * Reads the hand-edited YAML files of `data/` into a GraphInput. Strict: any
 * problem is collected with its file and entry, and the load fails as a whole.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { CURATED_FILES, type CuratedFileName, type ref } from './curated-schema.ts';
import { DataError, DataErrors } from './errors.ts';
import { entryChecker, type EntryCheck, type FieldDefault } from './entry-check.ts';
import type { DataFingerprint } from './fingerprint.ts';
import { withOneByteStrings } from './one-byte-strings.ts';
import type { Claim, Entity, GraphInput, Source } from './types.ts';
import { RELATION_TYPES, type EntityKind, type RelationType } from './vocabulary.ts';

type Ref = z.infer<typeof ref>;

const KIND_OF_FILE: Record<Exclude<CuratedFileName, 'sources.yaml'>, EntityKind> = {
  'models.yaml': 'model',
  'vendors.yaml': 'vendor',
  'capabilities.yaml': 'capability',
  'architectures.yaml': 'architecture',
  'challenges.yaml': 'challenge',
  'datasets.yaml': 'dataset',
  'platforms.yaml': 'platform',
  'applications.yaml': 'application',
};

/** Fields of an entry that are edges, and the relation each one writes. */
const EDGE_FIELDS: Record<string, RelationType> = {
  vendor: 'DEVELOPED_BY',
  capabilities: 'HAS_CAPABILITY',
  architectures: 'USES_ARCHITECTURE',
  trainingDatasets: 'TRAINED_ON',
  platforms: 'AVAILABLE_ON',
  mitigates: 'MITIGATES',
  predecessor: 'SUCCEEDS',
  comparedWith: 'COMPARED_WITH',
  enables: 'ENABLES',
  operator: 'OPERATED_BY',
};

/** `parent` means a different relation for capabilities and architectures. */
const PARENT_RELATION: Partial<Record<EntityKind, RelationType>> = {
  capability: 'SUBCAPABILITY_OF',
  architecture: 'SUBTYPE_OF',
};

interface FileCheck {
  check: (raw: unknown) => EntryCheck<{ slug: string }>;
  recordDefaults: readonly FieldDefault[];
}

/**
 * Each file's entry check, compiled once, and its defaults for fields of the
 * record itself (an edge field left out is simply no edges). Every entry has a
 * slug; the rest is read by field name.
 */
const CHECKS = Object.fromEntries(
  Object.entries(CURATED_FILES).map(([file, schema]): [string, FileCheck] => {
    const { check, defaults } = entryChecker(schema);
    return [file, { check: check as FileCheck['check'], recordDefaults: defaults.filter(([field]) => !EDGE_FIELDS[field]) }];
  }),
) as Record<CuratedFileName, FileCheck>;

export function entityKey(kind: EntityKind, slug: string): string {
  return `${kind}:${slug}`;
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

/** Each curated file's content as YAML parses it, before any validation. */
export type CuratedDocuments = Partial<Record<CuratedFileName, unknown>>;

/**
 * The thin YAML step: reads and parses every file of `dir`, adding each to
 * `fingerprint` when given. A file that cannot be read or parsed is reported
 * in `errors` and left out.
 */
export async function readCuratedDocuments(dir: string, errors: DataError[], fingerprint?: DataFingerprint): Promise<CuratedDocuments> {
  const documents: CuratedDocuments = {};
  for (const file of Object.keys(CURATED_FILES) as CuratedFileName[]) {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (error) {
      errors.push(new DataError(file, undefined, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`));
      continue;
    }
    fingerprint?.add(file, text);
    try {
      documents[file] = withOneByteStrings(parseYaml(text), text);
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
      errors.push(new DataError(file, undefined, `is not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`));
    }
  }
  return documents;
}

function entriesOf(file: CuratedFileName, document: unknown, errors: DataError[]): unknown[] {
  if (document == null) return [];
  if (!Array.isArray(document)) {
    errors.push(new DataError(file, undefined, 'must be a YAML list of entries'));
    return [];
  }
  return document;
}

function entryLabel(raw: unknown, index: number): string {
  const slug = (raw as { slug?: unknown } | null)?.slug;
  return typeof slug === 'string' ? slug : `#${index + 1}`;
}

/** Loads and validates every file of `dir`; throws DataErrors listing every problem found. */
export async function loadCuratedInput(dir: string, fingerprint?: DataFingerprint): Promise<GraphInput> {
  const errors: DataError[] = [];
  const documents = await readCuratedDocuments(dir, errors, fingerprint);
  return curatedInputFromDocuments(documents, errors);
}

/**
 * Validates parsed documents, as YAML gives them, into a GraphInput. Every
 * source of curated data (the files of `data/`, generated test graphs) goes
 * through here. Throws DataErrors listing every problem, `earlier` ones first.
 */
export function curatedInputFromDocuments(documents: CuratedDocuments, earlier: DataError[] = []): GraphInput {
  const errors = [...earlier];
  const input: GraphInput = { sources: [], entities: [], relations: [], offerings: [], benchmarkResults: [] };
  const keysOf = keyInterner();

  for (const file of Object.keys(CURATED_FILES) as CuratedFileName[]) {
    if (!(file in documents)) continue;
    const { check, recordDefaults } = CHECKS[file];
    const seen = new Set<string>();
    entriesOf(file, documents[file], errors).forEach((raw, index) => {
      const label = entryLabel(raw, index);
      const checked = check(raw);
      if (!checked.ok) {
        for (const issue of checked.issues) errors.push(new DataError(file, label, describeIssue(issue)));
        return;
      }
      const { entry } = checked;
      if (seen.has(entry.slug)) {
        errors.push(new DataError(file, label, `slug "${entry.slug}" is used twice in this file`));
        return;
      }
      seen.add(entry.slug);
      if (file === 'sources.yaml') {
        input.sources.push(entry as unknown as Source);
        return;
      }
      const kind = KIND_OF_FILE[file];
      collectEntry(kind, entry as unknown as Record<string, unknown>, recordDefaults, { file, entry: label }, input, keysOf);
    });
  }

  if (errors.length) throw new DataErrors(errors);
  return input;
}

/** Builds each `kind:slug` key once, so the many edges naming one node share one string. */
function keyInterner(): (kind: EntityKind) => (slug: string) => string {
  const byKind = new Map<EntityKind, (slug: string) => string>();
  return (kind) => {
    let keyOf = byKind.get(kind);
    if (!keyOf) {
      const keys = new Map<string, string>();
      keyOf = (slug) => {
        let key = keys.get(slug);
        if (key === undefined) keys.set(slug, (key = entityKey(kind, slug)));
        return key;
      };
      byKind.set(kind, keyOf);
    }
    return keyOf;
  };
}

/** YAML reads `value: 3.4` as a number; a claim's value is kept as the text it was written as. */
const claimAsText = (claim: Claim): Claim => (typeof claim.value === 'string' ? claim : { ...claim, value: String(claim.value) });

function collectEntry(
  kind: EntityKind,
  data: Record<string, unknown>,
  defaults: readonly FieldDefault[],
  origin: { file: string; entry: string },
  input: GraphInput,
  keysOf: (kind: EntityKind) => (slug: string) => string,
): void {
  const key = keysOf(kind)(data.slug as string);
  const entity: Record<string, unknown> = { kind, key, origin };
  for (const field in data) {
    const value = data[field];
    const type = field === 'parent' ? PARENT_RELATION[kind] : EDGE_FIELDS[field];
    if (!type) {
      entity[field] = field === 'claims' ? (value as Claim[]).map(claimAsText) : value;
      continue;
    }
    const targetKey = keysOf(RELATION_TYPES[type].to[0]);
    // Every edge gets the same fields, `note` too when it has none, so all share one shape.
    for (const target of (Array.isArray(value) ? value : [value]) as Ref[]) {
      input.relations.push({ type, from: key, to: targetKey(target.slug), note: target.note, citations: target.citations, origin });
    }
  }
  for (const [field, fresh] of defaults) if (entity[field] === undefined) entity[field] = fresh();
  input.entities.push(entity as unknown as Entity);
}
