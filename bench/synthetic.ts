/**
 * A deterministic synthetic graph: the curated data of `data/` grown to a given
 * number of models, as the parsed documents YAML would give, so it goes through
 * the same validation and graph building as the real data. Vendors' sizes follow
 * a power law (a few vendors own most models); each generated model has 2-8 of
 * the curated capabilities, one architecture, 1-3 training datasets and 0-3
 * platforms, and a release year from 2015 to 2025.
 */
import { fileURLToPath } from 'node:url';
import { readCuratedDocuments, type CuratedDocuments } from '../src/core/load-curated.ts';
import type { DataError } from '../src/core/errors.ts';
import { lowerBound } from '../src/core/sorted.ts';

const DATA_DIR = fileURLToPath(new URL('../data', import.meta.url));

type Entry = Record<string, unknown> & { slug: string };

/** mulberry32: a small seeded generator, so every run builds the same graph. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws index i with probability proportional to 1 / (i + 1)^exponent (Zipf). */
function powerLaw(count: number, exponent: number, next: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i += 1) cumulative.push((total += 1 / (i + 1) ** exponent));
  // The draw is below the total, the last cumulative weight, so the place found is always an index.
  return () => lowerBound(cumulative, next() * total);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export async function syntheticDocuments(modelCount: number, seed = 20_240_601): Promise<CuratedDocuments> {
  const errors: DataError[] = [];
  const curated = await readCuratedDocuments(DATA_DIR, errors);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  const list = (file: keyof CuratedDocuments) => [...((curated[file] as Entry[] | undefined) ?? [])];
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  /** `count` distinct items, in random order. */
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    for (let i = 0; i < count; i += 1) {
      const j = i + Math.floor(next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, count);
  };
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));

  const source = list('sources.yaml')[0]!.slug;
  // Fresh objects for every entry and edge, as YAML gives them: nothing is shared between entries.
  const citations = () => [{ source }];
  const ref = (slug: string) => ({ slug, citations: citations() });
  const named = (slug: string, label: string) => ({ slug, name: { en: label, zh: `合成${label}` }, citations: citations() });

  const vendors = list('vendors.yaml');
  const platforms = list('platforms.yaml');
  const datasets = list('datasets.yaml');
  const models = list('models.yaml');
  const generatedCount = Math.max(0, modelCount - models.length);
  for (let i = 0; i < Math.max(20, Math.ceil(generatedCount / 50)); i += 1) vendors.push(named(`synthetic-vendor-${pad(i, 5)}`, `Vendor ${i}`));
  for (let i = 0; i < Math.max(10, Math.ceil(generatedCount / 1000)); i += 1) {
    platforms.push({ ...named(`synthetic-platform-${pad(i, 4)}`, `Platform ${i}`), operator: ref(pick(vendors).slug) });
  }
  for (let i = 0; i < Math.max(10, Math.ceil(generatedCount / 500)); i += 1) datasets.push(named(`synthetic-dataset-${pad(i, 4)}`, `Dataset ${i}`));

  const capabilities = list('capabilities.yaml').map((c) => c.slug);
  const architectures = list('architectures.yaml').map((a) => a.slug);
  const vendorOf = powerLaw(vendors.length, 1.1, next);
  const modalities = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO'];
  for (let i = 0; i < generatedCount; i += 1) {
    const year = between(2015, 2025);
    const model: Entry = {
      ...named(`synthetic-model-${pad(i, 6)}`, `Model ${i}`),
      releaseDate: `${year}-${pad(between(1, 12), 2)}`,
      inputModalities: sample(modalities, between(1, 2)),
      outputModalities: sample(modalities, 1),
      openWeights: next() < 0.4,
      contextWindow: 2 ** between(11, 20),
      vendor: ref(vendors[vendorOf()]!.slug),
      capabilities: sample(capabilities, between(2, 8)).map(ref),
      architectures: [ref(pick(architectures))],
      trainingDatasets: sample(datasets, between(1, 3)).map((d) => ref(d.slug)),
      platforms: sample(platforms, between(0, 3)).map((p) => ref(p.slug)),
    };
    // One model in ten keeps its size undisclosed, as vendors sometimes do.
    if (next() >= 0.1) model.parameterCount = Math.round(10 ** (8 + next() * 4.3));
    models.push(model);
  }
  return { ...curated, 'vendors.yaml': vendors, 'platforms.yaml': platforms, 'datasets.yaml': datasets, 'models.yaml': models };
}
