/**
 * Reads a copy of the models.dev catalogue from disk: every TOML file, sorted
 * by path, sorted into canonical models, providers and providers' models. A
 * file that is not valid TOML is kept with the parser's message, for the
 * importer to skip and report.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { DataFingerprint } from '../fingerprint.ts';
import { withOneByteStrings } from '../one-byte-strings.ts';
import type { Table } from './records.ts';

/** The catalogue's files are named under this in a load's fingerprint, apart from the curated files. */
const CATALOGUE_NAME = 'models-dev';

export interface CatalogueFile {
  /** Path inside the catalogue, with `/` separators: what citations name as locator. */
  path: string;
  /** The parsed TOML, or undefined when it could not be read. */
  table?: Table;
  /** Why the file could not be read. */
  error?: string;
}

export interface CanonicalFile extends CatalogueFile {
  lab: string;
  /** The model id: the file name without `.toml`. */
  id: string;
}

export interface ProviderModelFile extends CatalogueFile {
  provider: string;
  /** The provider's model id: the path under `models/` without `.toml` (may contain `/`). */
  id: string;
}

export interface Catalogue {
  /** What the catalogue's README says about where the copy was taken from, if it has a README. */
  readme?: string;
  canonical: CanonicalFile[];
  providers: Map<string, CatalogueFile>;
  providerModels: ProviderModelFile[];
  /** TOML files in places the catalogue does not keep records. */
  misplaced: CatalogueFile[];
  fileCount: number;
}

function readToml(dir: string, path: string, fingerprint?: DataFingerprint): CatalogueFile {
  let text: string;
  try {
    text = readFileSync(join(dir, path), 'utf8');
  } catch (error) {
    return { path, error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})` };
  }
  fingerprint?.add(`${CATALOGUE_NAME}/${path}`, text);
  try {
    return { path, table: withOneByteStrings(parseToml(text), text) as Table };
  } catch (error) {
    return { path, error: `is not valid TOML: ${(error as Error).message.split('\n')[0]}` };
  }
}

/**
 * Reads the whole catalogue, adding every file read to `fingerprint` when
 * given. Synchronous reads of its few thousand small files take a fraction of
 * the time of as many promises, and parsing blocks anyway.
 */
export function readCatalogue(dir: string, fingerprint?: DataFingerprint): Catalogue {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    throw new Error(`The models.dev catalogue folder ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? error}).`);
  }
  const paths = entries
    .map((entry) => entry.split(sep).join('/'))
    .filter((path) => path.endsWith('.toml'))
    .sort();
  const files = paths.map((path) => readToml(dir, path, fingerprint));
  const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : undefined;
  if (readme !== undefined) fingerprint?.add(`${CATALOGUE_NAME}/README.md`, readme);

  const catalogue: Catalogue = { readme, canonical: [], providers: new Map(), providerModels: [], misplaced: [], fileCount: files.length };
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts[0] === 'models' && parts.length === 3) {
      catalogue.canonical.push({ ...file, lab: parts[1]!, id: parts[2]!.slice(0, -'.toml'.length) });
    } else if (parts[0] === 'providers' && parts.length === 3 && parts[2] === 'provider.toml') {
      catalogue.providers.set(parts[1]!, file);
    } else if (parts[0] === 'providers' && parts.length >= 4 && parts[2] === 'models') {
      const id = parts.slice(3).join('/').slice(0, -'.toml'.length);
      catalogue.providerModels.push({ ...file, provider: parts[1]!, id });
    } else {
      catalogue.misplaced.push(file);
    }
  }
  return catalogue;
}
