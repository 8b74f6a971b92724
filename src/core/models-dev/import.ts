/**
 * Maps the models.dev catalogue onto the graph: labs become vendors, canonical
 * models and models only a provider names become models, providers become
 * platforms, a provider's model file becomes an offering (an edge from model to
 * platform with its own terms), capability flags become capability edges and
 * benchmark scores become results on benchmark nodes.
 *
 * Lenient where the curated loader is strict: a record that fails validation is
 * skipped with its file and the reason, and the rest loads. What it hands the
 * builder is consistent: every edge and offering points at an entity of the
 * curated input or of this one. Every fact cites the file it came from.
 */
import { z } from 'zod';
import type { DataFingerprint } from '../fingerprint.ts';
import { describeIssue } from '../load-curated.ts';
import { oneByte } from '../one-byte-strings.ts';
import type {
  BenchmarkResult,
  Citation,
  Entity,
  GraphInput,
  ModelEntity,
  Offering,
  Source,
} from '../types.ts';
import type { EntityKind, Modality, RelationType } from '../vocabulary.ts';
import type { AliasTable } from './aliases.ts';
import { readCatalogue, type CatalogueFile, type CanonicalFile, type ProviderModelFile } from './catalogue.ts';
import {
  benchmarkRecord,
  inheritanceFields,
  modelRecord,
  providerRecord,
  resolveInheritance,
  type ModelRecord,
  type Table,
} from './records.ts';

export const MODELS_DEV_SOURCE = 'models-dev';

/** Catalogue capability flags and the curated capability each one is. */
export const CAPABILITY_FLAGS = {
  tool_call: 'tool-calling',
  reasoning: 'reasoning',
  structured_output: 'structured-output',
  attachment: 'file-attachments',
} as const satisfies Partial<Record<keyof ModelRecord, string>>;

export interface SkippedRecord {
  /** Path inside the catalogue. */
  file: string;
  problem: string;
}

export interface ImportReport {
  source: Source;
  filesRead: number;
  /** Entities the curated data has too, with the catalogue files that describe them. */
  merged: { key: string; files: string[] }[];
  /** Entities only the catalogue has, by kind. */
  created: Partial<Record<EntityKind, string[]>>;
  /** Providers' model files without `base_model` whose model is a canonical or curated one. */
  resolvedOfferings: number;
  offerings: number;
  benchmarkResults: number;
  skipped: SkippedRecord[];
  /** Alias entries that matched no catalogue name (stale after a catalogue update). */
  unusedAliases: string[];
}

export interface ModelsDevImport {
  input: GraphInput;
  report: ImportReport;
}

/** A catalogue id as a slug: lower case, runs of other characters turned into "-". */
export function idSlug(id: string): string {
  return oneByte(
    id
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, ''),
  );
}

/**
 * A benchmark's name as a slug, the same for spellings that differ only in
 * case, spaces and punctuation: "SWE-Bench Pro" and "SWE Bench Pro" → "swe-bench-pro".
 */
export function benchmarkSlug(name: string): string {
  return oneByte(
    name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  );
}

const MODALITY: Record<string, Modality> = { text: 'TEXT', image: 'IMAGE', audio: 'AUDIO', video: 'VIDEO', pdf: 'PDF' };

/** Limits of 0 mean "not known" in the catalogue. */
const positive = (value: number | undefined) => (value ? value : undefined);

function describeFailure(error: z.ZodError): string {
  return error.issues.map(describeIssue).join('; ');
}

function readSource(readme: string | undefined): Source {
  const match = readme && /repository ([\w.-]+\/[\w.-]+), commit ([0-9a-f]{40}) \((\d{4}-\d{2}-\d{2})\)/.exec(readme);
  const [, repository = 'anomalyco/models.dev', commit, date] = match || [];
  return {
    slug: MODELS_DEV_SOURCE,
    title: commit ? `models.dev catalogue (commit ${commit.slice(0, 7)})` : 'models.dev catalogue',
    url: commit ? `https://github.com/${repository}/tree/${commit}` : `https://github.com/${repository}`,
    publisher: 'models.dev',
    published: date,
    language: 'en',
  };
}

interface CanonicalModel {
  key: string;
  table: Table;
  file: string;
}

class CatalogueImport {
  readonly input: GraphInput = { sources: [], entities: [], relations: [], offerings: [], benchmarkResults: [] };
  readonly skipped: SkippedRecord[] = [];
  private readonly curatedNames = new Map<string, Entity['name']>();
  /** Entity keys this import emitted, with the files that described them. */
  private readonly emitted = new Map<string, Set<string>>();
  private readonly usedAliases = new Set<string>();
  /** Vendor slugs known to the graph: curated ones, labs, and those the alias table names. */
  private readonly vendorSlugs = new Set<string>();
  private readonly canonical = new Map<string, CanonicalModel>();
  private readonly canonicalKeys = new Set<string>();
  /** `lab/id` of canonical files that were skipped, so offerings built on them say why. */
  private readonly skippedCanonical = new Set<string>();
  private resolvedOfferings = 0;

  constructor(
    private readonly aliases: AliasTable,
    curated: GraphInput,
  ) {
    for (const entity of curated.entities) {
      this.curatedNames.set(entity.key, entity.name);
      if (entity.kind === 'vendor') this.vendorSlugs.add(entity.slug);
    }
    for (const slug of Object.keys(aliases.vendorNames)) this.vendorSlugs.add(slug);
  }

  private skip(file: string, problem: string): void {
    this.skipped.push({ file, problem });
  }

  private cite(file: string): Citation {
    return { source: MODELS_DEV_SOURCE, locator: file };
  }

  /** An alias lookup that remembers the entry was used. */
  private alias(table: 'vendors' | 'platforms' | 'models' | 'modelIdPrefixes', name: string): string | undefined {
    const target = this.aliases[table][name];
    if (target !== undefined) this.usedAliases.add(`${table}.${name}`);
    return target;
  }

  private emit(entity: Entity, file: string): void {
    this.input.entities.push(entity);
    const files = this.emitted.get(entity.key);
    if (files) files.add(file);
    else this.emitted.set(entity.key, new Set([file]));
  }

  private relate(type: RelationType, from: string, to: string, files: readonly string[]): void {
    this.input.relations.push({ type, from, to, citations: files.map((file) => this.cite(file)), origin: { file: files[0]! } });
  }

  /** The display name: the curated one where the curated data has the entity, so a merge adds no noise. */
  private nameOf(key: string, fallback: string): Entity['name'] {
    return this.curatedNames.get(key) ?? { en: fallback };
  }

  private parse<T>(schema: z.ZodType<T>, file: CatalogueFile, value: unknown): T | undefined {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.skip(file.path, describeFailure(parsed.error));
    return undefined;
  }

  /** The vendor a catalogue name (folder or id segment) refers to, if the graph has it. */
  private vendorNamed(name: string): string | undefined {
    const slug = this.alias('vendors', name) ?? name;
    return this.vendorSlugs.has(slug) ? slug : undefined;
  }

  private emitVendor(slug: string, file: string): void {
    const key = `vendor:${slug}`;
    const name = this.nameOf(key, this.aliases.vendorNames[slug] ?? slug);
    this.emit({ key, kind: 'vendor', slug, name, aliases: [], citations: [this.cite(file)], claims: [], origin: { file } }, file);
  }

  /** A vendor an id names: the curated one, or one this import has or now creates. */
  private ensureVendor(slug: string, file: string): string {
    const key = `vendor:${slug}`;
    if (!this.curatedNames.has(key) && !this.emitted.has(key)) this.emitVendor(slug, file);
    return key;
  }

  // ---- Labs and canonical models ----

  importCanonical(files: readonly CanonicalFile[]): void {
    for (const lab of new Set(files.map((file) => file.lab))) {
      const slug = this.alias('vendors', lab) ?? lab;
      this.vendorSlugs.add(slug);
      this.emitVendor(slug, `models/${lab}/`);
    }
    for (const file of files) {
      const record = file.table ? this.parse(modelRecord, file, file.table) : undefined;
      if (!file.table) this.skip(file.path, file.error!);
      if (!record) {
        this.skippedCanonical.add(`${file.lab}/${file.id}`);
        continue;
      }
      const vendor = `vendor:${this.vendorNamed(file.lab)}`;
      const key = `model:${this.alias('models', idSlug(file.id)) ?? idSlug(file.id)}`;
      this.modelFacts(key, record, file.path, vendor);
      this.benchmarks(key, record, file.path);
      this.canonical.set(`${file.lab}/${file.id}`, { key, table: file.table!, file: file.path });
      this.canonicalKeys.add(key);
    }
  }

  /** A model entity and its vendor and capability edges, from one record. */
  private modelFacts(key: string, record: ModelRecord, file: string, vendor: string | undefined): void {
    const slug = key.slice('model:'.length);
    const entity: ModelEntity = {
      key,
      kind: 'model' as const,
      slug,
      name: this.nameOf(key, record.name),
      aliases: [],
      citations: [this.cite(file)],
      claims: [],
      origin: { file },
      family: record.family,
      releaseDate: record.release_date,
      knowledgeCutoff: record.knowledge,
      openWeights: record.open_weights,
      inputModalities: (record.modalities?.input ?? []).map((m) => MODALITY[m]!),
      outputModalities: (record.modalities?.output ?? []).map((m) => MODALITY[m]!),
      contextWindow: positive(record.limit?.context),
      outputLimit: positive(record.limit?.output),
    };
    if (this.curatedNames.has(key) && record.name !== entity.name.en) entity.aliases.push(record.name);
    this.emit(entity, file);
    if (vendor) this.relate('DEVELOPED_BY', key, vendor, [file]);
    for (const capability of capabilitiesOf(record)) this.relate('HAS_CAPABILITY', key, `capability:${capability}`, [file]);
  }

  private benchmarks(model: string, record: ModelRecord, file: string): void {
    const evaluatedOn = new Set<string>();
    (record.benchmarks ?? []).forEach((raw, index) => {
      const parsed = benchmarkRecord.safeParse(raw);
      if (!parsed.success) {
        this.skip(file, `benchmarks[${index}]: ${describeFailure(parsed.error)}`);
        return;
      }
      const entry = parsed.data;
      const slug = benchmarkSlug(entry.name);
      const key = `benchmark:${slug}`;
      if (!evaluatedOn.has(key)) {
        evaluatedOn.add(key);
        this.emit({ key, kind: 'benchmark', slug, name: { en: entry.name }, aliases: [], citations: [this.cite(file)], claims: [], origin: { file } }, file);
        this.relate('EVALUATED_ON', model, key, [file]);
      }
      const result: BenchmarkResult = {
        model,
        benchmark: key,
        score: entry.score,
        metric: entry.metric,
        date: entry.date,
        sourceUrl: entry.source,
        harness: entry.harness,
        variant: entry.variant,
        version: entry.version,
        subset: entry.dataset,
        citations: [this.cite(file)],
      };
      this.input.benchmarkResults.push(result);
    });
  }

  // ---- Providers and their models ----

  importProviders(providers: ReadonlyMap<string, CatalogueFile>, labs: ReadonlySet<string>): Map<string, string> {
    const platforms = new Map<string, string>();
    for (const [folder, file] of providers) {
      if (!file.table) {
        this.skip(file.path, file.error!);
        continue;
      }
      const record = this.parse(providerRecord, file, file.table);
      if (!record) continue;
      const slug = this.alias('platforms', folder) ?? folder;
      const key = `platform:${slug}`;
      const name = this.nameOf(key, record.name);
      this.emit(
        { key, kind: 'platform', slug, name, aliases: [], citations: [this.cite(file.path)], claims: [], origin: { file: file.path }, documentationUrl: record.doc },
        file.path,
      );
      // A provider with a lab's folder name is that lab's own API.
      if (labs.has(folder)) this.relate('OPERATED_BY', key, `vendor:${this.vendorNamed(folder)}`, [file.path]);
      platforms.set(folder, key);
    }
    return platforms;
  }

  importOfferings(files: readonly ProviderModelFile[], platforms: ReadonlyMap<string, string>): void {
    for (const file of files) {
      const platform = platforms.get(file.provider);
      if (!platform) {
        this.skip(file.path, `its provider "${file.provider}" has no valid provider.toml`);
        continue;
      }
      if (!file.table) {
        this.skip(file.path, file.error!);
        continue;
      }
      const inheritance = this.parse(inheritanceFields, file, file.table);
      if (!inheritance) continue;
      const base = inheritance.base_model;
      const canonical = base ? this.canonical.get(base) : undefined;
      if (base && !canonical) {
        this.skip(file.path, this.skippedCanonical.has(base) ? `its base model "${base}" was skipped` : `unknown base model "${base}"`);
        continue;
      }
      const table = canonical ? resolveInheritance(canonical.table, file.table, inheritance.base_model_omit ?? []) : file.table;
      const record = this.parse(modelRecord, file, table);
      if (!record) continue;

      const files = canonical ? [file.path, canonical.file] : [file.path];
      const model = canonical?.key ?? this.standaloneModel(file, record);
      this.input.offerings.push(this.offering(file, record, model, platform, files));
      this.relate('AVAILABLE_ON', model, platform, [file.path]);
    }
  }

  /**
   * The model of a provider's file without `base_model`: a canonical or curated
   * model when its id (or the alias table) says so, else a model of its own.
   */
  private standaloneModel(file: ProviderModelFile, record: ModelRecord): string {
    const segments = file.id.split('/');
    let own = segments.at(-1)!;
    const routing = this.aliases.routingPrefixes[file.provider]?.find((prefix) => own.toLowerCase().startsWith(prefix));
    if (routing) {
      this.usedAliases.add(`routingPrefixes.${file.provider}`);
      own = own.slice(routing.length);
    }
    let slug = idSlug(own);
    if (this.aliases.providerScopedIds.includes(slug)) {
      slug = idSlug(segments.length > 1 ? file.id : `${file.provider}-${own}`);
    }
    slug = this.alias('models', slug) ?? slug;
    const key = `model:${slug}`;
    if (this.canonicalKeys.has(key)) {
      this.resolvedOfferings += 1;
      return key;
    }
    if (this.curatedNames.has(key)) this.resolvedOfferings += 1;
    const vendor = this.vendorOfId(segments.slice(0, -1), own, file.path);
    this.modelFacts(key, record, file.path, vendor);
    return key;
  }

  /** The vendor an id names: a path segment, a `vendor.model` prefix, or a family prefix of the model id. */
  private vendorOfId(pathSegments: readonly string[], own: string, file: string): string | undefined {
    const candidates = [...pathSegments, ...own.split('.').slice(0, -1)].map((segment) => segment.toLowerCase());
    for (const candidate of candidates) {
      const vendor = this.vendorNamed(candidate);
      if (vendor) return this.ensureVendor(vendor, file);
    }
    const slug = idSlug(own);
    const prefix = Object.keys(this.aliases.modelIdPrefixes).find((p) => slug.startsWith(p));
    const vendor = prefix && this.alias('modelIdPrefixes', prefix);
    return vendor && this.vendorSlugs.has(vendor) ? this.ensureVendor(vendor, file) : undefined;
  }

  private offering(file: ProviderModelFile, record: ModelRecord, model: string, platform: string, files: string[]): Offering {
    return {
      model,
      platform,
      providerModelId: file.id,
      name: record.name,
      inputPrice: record.cost?.input,
      outputPrice: record.cost?.output,
      cacheReadPrice: record.cost?.cache_read,
      cacheWritePrice: record.cost?.cache_write,
      contextWindow: positive(record.limit?.context),
      outputLimit: positive(record.limit?.output),
      inputModalities: (record.modalities?.input ?? []).map((m) => MODALITY[m]!),
      outputModalities: (record.modalities?.output ?? []).map((m) => MODALITY[m]!),
      capabilities: capabilitiesOf(record),
      status: record.status,
      citations: files.map((path) => this.cite(path)),
    };
  }

  report(source: Source, filesRead: number): ImportReport {
    const merged: ImportReport['merged'] = [];
    const created: ImportReport['created'] = {};
    for (const [key, files] of this.emitted) {
      if (this.curatedNames.has(key)) merged.push({ key, files: [...files].sort() });
      else (created[key.slice(0, key.indexOf(':')) as EntityKind] ??= []).push(key.slice(key.indexOf(':') + 1));
    }
    const tables = ['vendors', 'platforms', 'models', 'modelIdPrefixes', 'routingPrefixes'] as const;
    const unusedAliases = tables.flatMap((table) =>
      Object.keys(this.aliases[table])
        .map((name) => `${table}.${name}`)
        .filter((entry) => !this.usedAliases.has(entry)),
    );
    return {
      source,
      filesRead,
      merged: merged.sort((a, b) => a.key.localeCompare(b.key)),
      created,
      resolvedOfferings: this.resolvedOfferings,
      offerings: this.input.offerings.length,
      benchmarkResults: this.input.benchmarkResults.length,
      skipped: this.skipped,
      unusedAliases,
    };
  }
}

function capabilitiesOf(record: ModelRecord): string[] {
  return Object.entries(CAPABILITY_FLAGS)
    .filter(([flag]) => record[flag as keyof typeof CAPABILITY_FLAGS] === true)
    .map(([, capability]) => capability);
}

/**
 * Reads the catalogue in `dir` (each file added to `fingerprint` when given)
 * into a GraphInput meant to be built after `curated` (whose entities it
 * merges into where the alias table or a slug says so).
 */
export async function importModelsDev(dir: string, aliases: AliasTable, curated: GraphInput, fingerprint?: DataFingerprint): Promise<ModelsDevImport> {
  const catalogue = readCatalogue(dir, fingerprint);
  const source = readSource(catalogue.readme);
  const run = new CatalogueImport(aliases, curated);
  run.input.sources.push(source);
  for (const file of catalogue.misplaced) run.skipped.push({ file: file.path, problem: 'is not where the catalogue keeps records' });
  run.importCanonical(catalogue.canonical);
  const platforms = run.importProviders(catalogue.providers, new Set(catalogue.canonical.map((file) => file.lab)));
  run.importOfferings(catalogue.providerModels, platforms);
  return { input: run.input, report: run.report(source, catalogue.fileCount) };
}
