/**
 * An independent reading of the models.dev catalogue for tests: it walks the
 * folders, parses each TOML file and applies the few rules the catalogue
 * documents (a provider's file overrides its base model table by table), sharing
 * no code with the importer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { DATA_DIR } from './helpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Record_ = Record<string, any>;

export interface OracleOffering {
  provider: string;
  id: string;
  /** The record with its base model's fields under its own. */
  record: Record_;
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function tomlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.toml')).sort();
}

function readToml(path: string): Record_ | undefined {
  try {
    return parseToml(readFileSync(path, 'utf8')) as Record_;
  } catch {
    return undefined;
  }
}

/** The checks a usable record passes: dates are dates, prices are not negative. */
function usable(record: Record_ | undefined): record is Record_ {
  if (!record || typeof record.name !== 'string') return false;
  for (const field of ['release_date', 'last_updated', 'knowledge']) {
    if (record[field] !== undefined && !DATE.test(String(record[field]))) return false;
  }
  return Object.values(record.cost ?? {}).every((price) => typeof price !== 'number' || price >= 0);
}

export class CatalogueOracle {
  private canonicalModels?: Map<string, Record_>;

  constructor(readonly dir: string) {}

  /** Canonical models by `lab/id`, usable ones only. */
  canonical(): Map<string, Record_> {
    if (this.canonicalModels) return this.canonicalModels;
    const out = (this.canonicalModels = new Map<string, Record_>());
    for (const file of tomlFiles(join(this.dir, 'models'))) {
      const record = readToml(join(this.dir, 'models', file));
      if (usable(record)) out.set(file.replace(/\.toml$/, ''), record);
    }
    return out;
  }

  providers(): string[] {
    return readdirSync(join(this.dir, 'providers')).filter((p) => existsSync(join(this.dir, 'providers', p, 'provider.toml'))).sort();
  }

  /** A provider's usable offerings, base model fields filled in. */
  offerings(provider: string): OracleOffering[] {
    const canonical = this.canonical();
    const folder = join(this.dir, 'providers', provider, 'models');
    const out: OracleOffering[] = [];
    for (const file of tomlFiles(folder)) {
      const own = readToml(join(folder, file));
      if (!own) continue;
      const base = own.base_model === undefined ? {} : canonical.get(own.base_model);
      if (!base) continue;
      const record: Record_ = { ...base, ...own };
      for (const table of ['cost', 'limit', 'modalities']) record[table] = { ...base[table], ...own[table] };
      for (const path of own.base_model_omit ?? []) {
        const [table, field] = path.split('.');
        if (field) delete record[table]?.[field];
        else delete record[table];
      }
      if (usable(record)) out.push({ provider, id: file.replace(/\.toml$/, ''), record });
    }
    return out;
  }
}

/** The reviewed alias table of data/, read as plain YAML. */
export function aliasTable(): Record_ {
  return parseYaml(readFileSync(join(DATA_DIR, 'aliases', 'models-dev.yaml'), 'utf8'));
}

/** The platform slug a provider folder becomes, per the alias table. */
export function platformSlug(provider: string): string {
  return aliasTable().platforms?.[provider] ?? provider;
}
