/**
 * The catalogue importer on a small fixture (tests/fixtures/models-dev):
 * base_model inheritance, overrides and omissions as the catalogue defines them,
 * and each kind of bad record skipped with its file and reason while the rest loads.
 * Then the alias table on the shared copy of the catalogue: providers' spellings
 * of one model are offerings of one node, and different models stay apart.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeGraph } from '../src/core/graph.ts';
import { loadDatasets, type LoadedGraph } from '../src/core/load.ts';
import type { ImportReport } from '../src/core/models-dev/import.ts';
import { DATA_DIR, fixture, MODELS_DEV_DIR } from './helpers.ts';

const CATALOGUE = fixture('models-dev');

let graph: KnowledgeGraph;
let report: ImportReport;

beforeAll(async () => {
  const loaded: LoadedGraph = await loadDatasets({ dataDir: DATA_DIR, datasets: ['curated', 'models-dev'], modelsDevDir: CATALOGUE });
  graph = loaded.graph;
  report = loaded.modelsDev!;
});

const offering = (platform: string, id: string) =>
  graph.offeringsOnPlatform(`platform:${platform}`).find((o) => o.providerModelId === id);

describe('base_model inheritance', () => {
  it('an offering inherits the canonical model and overrides what it sets; tables merge key by key', () => {
    const alpha = offering('cloudy', 'alpha-1')!;
    expect(alpha.model).toBe('model:alpha-1');
    expect(alpha).toMatchObject({ inputPrice: 1.5, outputPrice: 6, cacheReadPrice: 0.15, outputLimit: 4000, contextWindow: 200000 });
    expect(alpha.inputModalities).toEqual(['TEXT', 'IMAGE']);
    expect(alpha.capabilities.sort()).toEqual(['file-attachments', 'structured-output', 'tool-calling']);
  });

  it('an array the offering sets replaces the inherited one', () => {
    expect(offering('cloudy', 'alpha-1-lite')!.inputModalities).toEqual(['TEXT']);
  });

  it('base_model_omit drops inherited fields, nested ones by dotted path', () => {
    const lite = offering('cloudy', 'alpha-1-lite')!;
    expect(lite.capabilities).not.toContain('structured-output');
    expect(lite.contextWindow).toBeUndefined();
    expect(lite.outputLimit).toBe(8000);
    expect(lite.status).toBe('beta');
  });

  it('an inherited offering cites its own file and the base model file', () => {
    expect(offering('cloudy', 'alpha-1')!.citations.map((c) => c.locator)).toEqual([
      'providers/cloudy/models/alpha-1.toml',
      'models/acme/alpha-1.toml',
    ]);
  });

  it('benchmark scores stay with the canonical model', () => {
    const results = graph.benchmarkResultsOfModel('model:alpha-1');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ benchmark: 'benchmark:puzzle-bench', score: 61.5, metric: 'accuracy', date: '2025-03-10' });
    expect(graph.relations('model:alpha-1', 'OUT', ['EVALUATED_ON']).map((r) => r.to)).toEqual(['benchmark:puzzle-bench']);
  });
});

describe('mapping', () => {
  it('a canonical model fills the model fields and its capability and vendor edges', () => {
    const alpha = graph.bySlug('model', 'alpha-1')!;
    expect(alpha).toMatchObject({ family: 'alpha', releaseDate: '2025-03-04', knowledgeCutoff: '2024-12', openWeights: true, contextWindow: 200000, outputLimit: 8000 });
    expect(graph.targets('model:alpha-1', 'DEVELOPED_BY').map((v) => v.key)).toEqual(['vendor:acme']);
    expect(graph.targets('model:alpha-1', 'HAS_CAPABILITY').map((c) => c.slug).sort()).toEqual(['file-attachments', 'structured-output', 'tool-calling']);
    expect(graph.targets('model:alpha-1', 'AVAILABLE_ON').map((p) => p.slug)).toEqual(['cloudy']);
  });

  it('a full record without a canonical model becomes a model of its own, attributed to the vendor its id names', () => {
    const beta = graph.bySlug('model', 'beta-2')!;
    expect(beta).toMatchObject({ name: { en: 'Beta 2' }, releaseDate: '2025-06', openWeights: false, contextWindow: 64000 });
    expect(graph.targets('model:beta-2', 'DEVELOPED_BY').map((v) => v.key)).toEqual(['vendor:acme']);
    expect(report.created.model).toContain('beta-2');
  });

  it('a provider becomes a platform citing its provider.toml; the source names the commit from the README', () => {
    const cloudy = graph.bySlug('platform', 'cloudy')!;
    expect(cloudy).toMatchObject({ name: { en: 'Cloudy' }, documentationUrl: 'https://cloudy.example.com/docs' });
    expect(cloudy.citations).toEqual([{ source: 'models-dev', locator: 'providers/cloudy/provider.toml' }]);
    expect(graph.sources.get('models-dev')).toMatchObject({
      url: 'https://github.com/example/models.dev/tree/0123456789abcdef0123456789abcdef01234567',
      published: '2026-01-02',
    });
  });
});

describe('bad records', () => {
  it.each([
    ['a bad date', 'providers/cloudy/models/bad-date.toml', /release_date: a date is YYYY, YYYY-MM or YYYY-MM-DD/],
    ['a negative price', 'providers/cloudy/models/negative-price.toml', /cost\.input: .*>=0/],
    ['a context window past what a GraphQL Int holds', 'providers/cloudy/models/huge-context.toml', /limit\.context: .*<=2147483647/],
    ['an unknown base model', 'providers/cloudy/models/orphan.toml', /unknown base model "acme\/missing-1"/],
    ['unreadable TOML', 'providers/cloudy/models/unreadable.toml', /is not valid TOML/],
    ['a bad canonical model', 'models/acme/gamma-1.toml', /release_date: a date is/],
    ['an offering of a skipped canonical model', 'providers/cloudy/models/gamma-1.toml', /its base model "acme\/gamma-1" was skipped/],
    ['a bad benchmark entry', 'models/acme/alpha-1.toml', /benchmarks\[1\]: score: /],
    ['a model of a provider without provider.toml', 'providers/orphaned/models/alpha-1.toml', /provider "orphaned" has no valid provider.toml/],
  ])('skips %s, naming its file and the problem', (_name, file, problem) => {
    const entries = report.skipped.filter((s) => s.file === file);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.problem).toMatch(problem);
  });

  it('loads the rest: every good offering is served', () => {
    expect(graph.offeringsOnPlatform('platform:cloudy').map((o) => o.providerModelId).sort()).toEqual(['acme/beta-2', 'alpha-1', 'alpha-1-lite']);
    expect(report.skipped).toHaveLength(9);
    expect(graph.bySlug('model', 'gamma-1')).toBeUndefined();
  });
});

describe('the curated side stays strict', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fmg-aliases-'));
    await cp(DATA_DIR, dir, { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses an alias table entry that is not a slug, naming the file', async () => {
    await writeFile(join(dir, 'aliases', 'models-dev.yaml'), 'platforms:\n  amazon-bedrock: "Amazon Bedrock"\n');
    await expect(loadDatasets({ dataDir: dir, datasets: ['curated', 'models-dev'], modelsDevDir: CATALOGUE })).rejects.toThrow(
      /aliases\/models-dev\.yaml: platforms\.amazon-bedrock: a slug is/,
    );
  });

  it('loads the curated data alone when asked, without reading the catalogue', async () => {
    const { graph: curatedOnly, modelsDev } = await loadDatasets({ dataDir: DATA_DIR, datasets: ['curated'], modelsDevDir: '/nonexistent' });
    expect(modelsDev).toBeUndefined();
    expect(curatedOnly.offeringCount).toBe(0);
    expect(curatedOnly.bySlug('platform', 'cloudy')).toBeUndefined();
  });

  it('fails with a clear message when the catalogue folder is missing', async () => {
    await expect(loadDatasets({ dataDir: DATA_DIR, datasets: ['curated', 'models-dev'], modelsDevDir: join(dir, 'nowhere') })).rejects.toThrow(
      /models\.dev catalogue folder .*nowhere cannot be read \(ENOENT\)/,
    );
  });
});

describe('providers\' spellings of one model, on the shared catalogue', () => {
  let shared: KnowledgeGraph;
  let sharedReport: ImportReport;
  beforeAll(async () => {
    const loaded = await loadDatasets({ dataDir: DATA_DIR, datasets: ['curated', 'models-dev'], modelsDevDir: MODELS_DEV_DIR });
    shared = loaded.graph;
    sharedReport = loaded.modelsDev!;
  });

  const modelOf = (platform: string, id: string) =>
    shared.offeringsOnPlatform(`platform:${platform}`).find((o) => o.providerModelId === id)?.model;
  /** Each platform's offering under an id is an offering of the model (slug) given beside it. */
  const expectOfferingsOf = (cases: [platform: string, id: string, model: string][]) =>
    expect(cases.map(([platform, id]) => [platform, id, modelOf(platform, id)])).toEqual(cases.map(([platform, id, model]) => [platform, id, `model:${model}`]));
  /** A model's English name as a listing shows it, without a "Vendor: " prefix, "(latest)" or punctuation. */
  const plainName = (name: string) =>
    name.toLowerCase().replace(/^[^:]*:\s+/, '').replace(/\(latest\)/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

  it('spellings of Claude Opus 4.6 are offerings of the canonical claude-opus-4-6, not models of their own', () => {
    expectOfferingsOf([
      ['digitalocean', 'anthropic-claude-opus-4.6', 'claude-opus-4-6'],
      ['cortecs', 'claude-opus4-6', 'claude-opus-4-6'],
      ['kilo', 'anthropic/claude-opus-4.6', 'claude-opus-4-6'],
      ['sap-ai-core', 'anthropic--claude-4.6-opus', 'claude-opus-4-6'],
    ]);
    for (const slug of ['anthropic-claude-opus-4.6', 'claude-opus4-6', 'claude-opus-4.6', 'anthropic--claude-4.6-opus']) {
      expect(shared.bySlug('model', slug)).toBeUndefined();
      expect(sharedReport.created.model).not.toContain(slug);
    }
    const named = shared.list('model').filter((m) => plainName(m.name.en) === 'claude opus 4 6');
    expect(named.map((m) => m.slug)).toEqual(['claude-opus-4-6']);
  });

  it('an undated id is the undated canonical model and a dated one the dated model; both canonical models stay', () => {
    expectOfferingsOf([
      ['openrouter', 'anthropic/claude-opus-4', 'claude-opus-4-0'],
      ['digitalocean', 'anthropic-claude-sonnet-4', 'claude-sonnet-4-0'],
      ['anthropic', 'claude-opus-4-20250514', 'claude-opus-4-20250514'],
    ]);
    expect(shared.bySlug('model', 'claude-opus-4-0')).toBeDefined();
    expect(shared.bySlug('model', 'claude-opus-4-20250514')).toBeDefined();
  });

  it('-maas, Bedrock, -001 and vendor-prefixed ids are the canonical model they name', () => {
    expectOfferingsOf([
      ['google-vertex', 'zai-org/glm-4.7-maas', 'glm-4.7'],
      ['kilo', 'google/gemini-2.0-flash-001', 'gemini-2.0-flash'],
      ['digitalocean', 'openai-gpt-oss-120b', 'gpt-oss-120b'],
      ['github-models', 'cohere/cohere-command-r-08-2024', 'command-r-08-2024'],
      ['github-models', 'cohere/cohere-command-r-plus-08-2024', 'command-r-plus-08-2024'],
      ['fireworks-ai', 'accounts/fireworks/models/glm-5p1', 'glm-5.1'],
    ]);
  });

  it('a model without a canonical file is one node under the id most providers use, developed by its lab alone', () => {
    expectOfferingsOf([
      ['google-vertex', 'deepseek-ai/deepseek-v3.2-maas', 'deepseek-v3.2'],
      ['amazon-bedrock', 'deepseek.v3.2', 'deepseek-v3.2'],
      ['digitalocean', 'deepseek-3.2', 'deepseek-v3.2'],
    ]);
    expect(shared.targets('model:deepseek-v3.2', 'DEVELOPED_BY').map((v) => v.slug)).toEqual(['deepseek']);
    // NVIDIA's NVFP4 weights are left out: their id names NVIDIA, which is not DeepSeek V3.2's developer.
    expectOfferingsOf([['vultr', 'nvidia/DeepSeek-V3.2-NVFP4', 'deepseek-v3.2-nvfp4']]);
  });

  it('different models that share a name stay apart', () => {
    expectOfferingsOf([
      ['nano-gpt', 'cohere/command-r', 'command-r'],
      ['cohere', 'command-r-plus-08-2024', 'command-r-plus-08-2024'],
      ['github-models', 'cohere/cohere-command-r', 'cohere-command-r'],
      ['github-models', 'cohere/cohere-command-r-plus', 'cohere-command-r-plus'],
      ['nano-gpt', 'claude-opus-4-thinking:32000', 'claude-opus-4-thinking-32000'],
      ['privatemode-ai', 'gemma-3-27b', 'gemma-3-27b'],
      ['kilo', 'google/gemma-3-27b-it', 'gemma-3-27b-it'],
      ['opencode', 'gemini-3.1-pro', 'gemini-3.1-pro'],
    ]);
  });
});
