import type { ClaimStatus, EntityKind, Modality, RelationType } from './vocabulary.ts';

/** Where a record came from, for error messages: a file and the entry in it. */
export interface Origin {
  file: string;
  entry?: string;
}

/** Text in English, and in Chinese where the data has it (readers fall back to English). */
export interface LocalizedText {
  en: string;
  zh?: string;
}

export interface Citation {
  /** Slug of a `Source`. */
  source: string;
  quote?: string;
  locator?: string;
}

export interface Source {
  slug: string;
  title: string;
  url?: string;
  publisher?: string;
  /** ISO 8601, partial allowed. */
  published?: string;
  language?: 'en' | 'zh';
}

export interface Claim {
  attribute: string;
  value: string;
  status: ClaimStatus;
  note?: LocalizedText;
  citations: Citation[];
}

/** A node of the graph. `key` is `kind:slug`, unique across the graph. */
export interface EntityBase {
  key: string;
  kind: EntityKind;
  slug: string;
  name: LocalizedText;
  description?: LocalizedText;
  aliases: string[];
  citations: Citation[];
  claims: Claim[];
  origin?: Origin;
}

/** A relation with the entities at its two ends in place of their keys, as walks return it and `Relation` serves it. */
export interface RelationWithEntities extends Pick<Relation, 'type' | 'note' | 'citations'> {
  from: Entity;
  to: Entity;
}

export interface ModelEntity extends EntityBase {
  kind: 'model';
  family?: string;
  /** ISO 8601, partial allowed: "2018", "2023-03", "2023-03-14". */
  releaseDate?: string;
  parameterCount?: number;
  layers?: number;
  inputModalities: Modality[];
  outputModalities: Modality[];
  openWeights?: boolean;
  knowledgeCutoff?: string;
  contextWindow?: number;
  outputLimit?: number;
}

export interface VendorEntity extends EntityBase {
  kind: 'vendor';
  website?: string;
}

export interface PlatformEntity extends EntityBase {
  kind: 'platform';
  website?: string;
  /** Where the platform documents its models. */
  documentationUrl?: string;
}

export interface BenchmarkEntity extends EntityBase {
  kind: 'benchmark';
}

export interface PlainEntity extends EntityBase {
  kind: 'capability' | 'architecture' | 'challenge' | 'dataset' | 'application';
}

export type Entity = ModelEntity | VendorEntity | PlatformEntity | BenchmarkEntity | PlainEntity;
export type EntityOfKind<K extends EntityKind> = Extract<Entity, { kind: K }>;

/** A typed, directed, cited edge between two entities (by key). */
export interface Relation {
  type: RelationType;
  from: string;
  to: string;
  note?: LocalizedText;
  citations: Citation[];
  origin?: Origin;
}

/** A model offered on a platform, with the terms of that offering (models.dev data). */
export interface Offering {
  model: string;
  platform: string;
  /** The id the platform serves the model under. */
  providerModelId: string;
  /** The platform's name for the model, where it has one. */
  name?: string;
  /** USD per million tokens. */
  inputPrice?: number;
  outputPrice?: number;
  cacheReadPrice?: number;
  cacheWritePrice?: number;
  contextWindow?: number;
  outputLimit?: number;
  inputModalities: Modality[];
  outputModalities: Modality[];
  /** Slugs of the capabilities the platform serves the model with (tool calling, ...). */
  capabilities: string[];
  status?: string;
  citations: Citation[];
}

/** A model's score on a benchmark. */
export interface BenchmarkResult {
  model: string;
  benchmark: string;
  score: number;
  metric?: string;
  date?: string;
  sourceUrl?: string;
  /** The agent or tool the model ran in, where the score depends on it. */
  harness?: string;
  /** The model's setting for the run, such as a reasoning effort. */
  variant?: string;
  /** The benchmark's version. */
  version?: string;
  /** The part of the benchmark the score is on. */
  subset?: string;
  citations: Citation[];
}

/**
 * What a loader hands to the graph builder. Several inputs (the curated YAML,
 * the models.dev catalogue) are merged into one graph.
 */
export interface GraphInput {
  sources: Source[];
  entities: Entity[];
  relations: Relation[];
  offerings: Offering[];
  benchmarkResults: BenchmarkResult[];
}
