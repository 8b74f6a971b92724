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

export function entries(file: string): Entry[] {
  return (parse(readFileSync(join(DATA_DIR, file), 'utf8')) ?? []) as Entry[];
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
