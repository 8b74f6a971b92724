/**
 * An independent reading of data/ for tests: plain YAML parsing and set
 * arithmetic, sharing no code with the loader, so answers can be checked
 * against something other than themselves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DATA_DIR } from './helpers.ts';

interface RefLike { slug: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = Record<string, any> & { slug: string };

const parsed = new Map<string, Entry[]>();

/** The entries of a file of data/, parsed once per test file; read-only. */
export function entries(file: string): readonly Entry[] {
  if (!parsed.has(file)) parsed.set(file, (parse(readFileSync(join(DATA_DIR, file), 'utf8')) ?? []) as Entry[]);
  return parsed.get(file)!;
}

const refs = (value: RefLike | RefLike[] | undefined): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((r) => r.slug);

/** A capability (or architecture) slug and every slug below it. */
export function closure(file: 'capabilities.yaml' | 'architectures.yaml', slug: string): Set<string> {
  const all = entries(file);
  const out = new Set([slug]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of all) {
      const parent = entry.parent?.slug;
      if (parent && out.has(parent) && !out.has(entry.slug)) {
        out.add(entry.slug);
        grew = true;
      }
    }
  }
  return out;
}

/** Model slugs whose list field names any of the given slugs. */
export function modelsWhere(field: string, slugs: Set<string>): string[] {
  return entries('models.yaml')
    .filter((model) => refs(model[field]).some((s) => slugs.has(s)))
    .map((model) => model.slug)
    .sort();
}

export { refs };

/** Each file of data/ and the kind of entity it holds. */
export const KIND_FILES = {
  model: 'models.yaml',
  vendor: 'vendors.yaml',
  capability: 'capabilities.yaml',
  architecture: 'architectures.yaml',
  challenge: 'challenges.yaml',
  dataset: 'datasets.yaml',
  platform: 'platforms.yaml',
  application: 'applications.yaml',
} as const;

/** For each file: its kind, and which entry field writes which relation (to which kind). */
const EDGE_FIELDS: Record<string, { root: string; edges: Record<string, [string, string]> }> = {
  'models.yaml': {
    root: 'model',
    edges: {
      vendor: ['DEVELOPED_BY', 'vendor'],
      capabilities: ['HAS_CAPABILITY', 'capability'],
      architectures: ['USES_ARCHITECTURE', 'architecture'],
      trainingDatasets: ['TRAINED_ON', 'dataset'],
      platforms: ['AVAILABLE_ON', 'platform'],
      mitigates: ['MITIGATES', 'challenge'],
      predecessor: ['SUCCEEDS', 'model'],
      comparedWith: ['COMPARED_WITH', 'model'],
    },
  },
  'capabilities.yaml': { root: 'capability', edges: { parent: ['SUBCAPABILITY_OF', 'capability'], enables: ['ENABLES', 'application'] } },
  'architectures.yaml': { root: 'architecture', edges: { parent: ['SUBTYPE_OF', 'architecture'] } },
  'platforms.yaml': { root: 'platform', edges: { operator: ['OPERATED_BY', 'vendor'], mitigates: ['MITIGATES', 'challenge'] } },
};

/** An edge as `kind:slug` keys. */
export interface Edge { type: string; from: string; to: string }

/** Every edge written in data/, as written. */
export function edges(): Edge[] {
  const out: Edge[] = [];
  for (const [file, { root, edges: fields }] of Object.entries(EDGE_FIELDS)) {
    for (const entry of entries(file)) {
      for (const [field, [type, targetRoot]] of Object.entries(fields)) {
        for (const slug of refs(entry[field])) out.push({ type, from: `${root}:${entry.slug}`, to: `${targetRoot}:${slug}` });
      }
    }
  }
  return out;
}
