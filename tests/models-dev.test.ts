/**
 * The merged graph: the curated data and the models.dev catalogue served as one.
 * Expected values are computed from the TOML files by tests/catalogue-oracle.ts
 * and compared with what GraphQL answers.
 */
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../src/server/listen.ts';
import { aliasTable, CatalogueOracle, platformSlug, type OracleOffering } from './catalogue-oracle.ts';
import { loadGraph } from '../src/core/load.ts';
import { selectOfferings, type OfferingFilter } from '../src/core/offering-query.ts';
import type { Offering } from '../src/core/types.ts';
import { MERGED_DATA, MODELS_DEV_DIR, mergedApp, mergedData, mergedGql } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const oracle = new CatalogueOracle(MODELS_DEV_DIR);
const providers = oracle.providers();
const allOfferings: OracleOffering[] = providers.flatMap((provider) => oracle.offerings(provider));
const slugOf = (id: string) => id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');

const OFFERINGS = `query($platform: String!, $filter: OfferingFilter, $orderBy: OfferingOrder) {
  platform(slug: $platform) { offerings(filter: $filter, orderBy: $orderBy, first: 500) {
    totalCount nodes { providerModelId inputPrice contextWindow } } } }`;

async function platformOfferings(provider: string, filter?: object, orderBy?: object) {
  const { platform } = await mergedData(OFFERINGS, { platform: platformSlug(provider), filter, orderBy });
  return platform.offerings as { totalCount: number; nodes: { providerModelId: string; inputPrice: number | null; contextWindow: number | null }[] };
}

describe('offerings, counted from the TOML files', () => {
  it('every provider offers as many models as its usable files say', async () => {
    expect(providers.length).toBeGreaterThan(100);
    for (const provider of providers) {
      const answer = await platformOfferings(provider);
      expect({ provider, count: answer.totalCount }).toEqual({ provider, count: oracle.offerings(provider).length });
    }
  });

  it('answers "which models take image input on Amazon Bedrock?"', async () => {
    const expected = oracle.offerings('amazon-bedrock').filter((o) => o.record.modalities?.input?.includes('image')).map((o) => o.id).sort();
    expect(expected.length).toBeGreaterThan(10);
    const answer = await platformOfferings('amazon-bedrock', { inputModalities: ['IMAGE'] });
    expect(answer.nodes.map((n) => n.providerModelId).sort()).toEqual(expected);
  });

  it('answers "the cheapest offering with tool calling, image input and a 128k context window" across every platform', async () => {
    const matching = allOfferings.filter(
      (o) => o.record.tool_call === true && o.record.modalities?.input?.includes('image') && (o.record.limit?.context ?? 0) >= 128_000,
    );
    const prices = matching.map((o) => o.record.cost?.input).filter((p): p is number => p !== undefined);
    const { offerings } = await mergedData(`{ offerings(
      filter: { capabilities: ["tool-calling"], inputModalities: [IMAGE], minContextWindow: 128000 },
      orderBy: { field: INPUT_PRICE, direction: ASC }, first: 1) { totalCount nodes { inputPrice } } }`);
    expect(offerings.totalCount).toBe(matching.length);
    expect(offerings.nodes[0].inputPrice).toBe(Math.min(...prices));
  });

  it('maxInputPrice leaves out dearer offerings and those without a price', async () => {
    const expected = oracle.offerings('openrouter').filter((o) => o.record.cost?.input !== undefined && o.record.cost.input <= 1).length;
    expect((await platformOfferings('openrouter', { maxInputPrice: 1 })).totalCount).toBe(expected);
  });

  it('a broad capability matches offerings with any capability below it', async () => {
    const flags = ['tool_call', 'reasoning', 'structured_output', 'attachment'];
    const expected = oracle.offerings('openrouter').filter((o) => flags.some((flag) => o.record[flag] === true)).length;
    expect((await platformOfferings('openrouter', { capabilities: ['language-processing'] })).totalCount).toBe(expected);
  });

  it('orders by context window, both ways, offerings without one last', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const { nodes } = await platformOfferings('vercel', undefined, { field: 'CONTEXT_WINDOW', direction });
      const known = nodes.filter((n) => n.contextWindow !== null).map((n) => n.contextWindow!);
      expect(known).toEqual([...known].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
      expect(nodes.slice(known.length).every((n) => n.contextWindow === null)).toBe(true);
    }
  });

  it.each([
    [{ maxInputPrice: -1 }, /filter\.maxInputPrice must be a non-negative number/, 'BAD_USER_INPUT'],
    [{ minContextWindow: -5 }, /filter\.minContextWindow must be a non-negative number/, 'BAD_USER_INPUT'],
    [{ capabilities: ['telepathy'] }, /Unknown capability "telepathy" in filter\.capabilities/, 'NOT_FOUND'],
  ])('refuses %j with a clear error', async (filter, message, code) => {
    const result = await mergedGql(`query($filter: OfferingFilter) { offerings(filter: $filter) { totalCount } }`, { filter });
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('models from the catalogue', () => {
  const canonical = oracle.canonical();
  const aliases = aliasTable();
  const slugFor = (id: string) => aliases.models?.[slugOf(id)] ?? slugOf(id);
  const curatedSlugs = new Set(entries('models.yaml').map((m) => m.slug));

  it('every canonical model the curated data lacks carries its fields, limits and modalities', async () => {
    const query = `query($slug: String!) { model(slug: $slug) {
      name family releaseDate knowledgeCutoff openWeights contextWindow outputLimit inputModalities outputModalities
      benchmarkResults(first: 100) { totalCount } } }`;
    let checked = 0;
    for (const [path, record] of canonical) {
      const slug = slugFor(path.split('/')[1]!);
      if (curatedSlugs.has(slug)) continue;
      const { model } = await mergedData(query, { slug });
      expect(model).toEqual({
        name: record.name,
        family: record.family ?? null,
        releaseDate: record.release_date ?? null,
        knowledgeCutoff: record.knowledge ?? null,
        openWeights: record.open_weights ?? null,
        contextWindow: record.limit?.context || null,
        outputLimit: record.limit?.output || null,
        inputModalities: (record.modalities?.input ?? []).map((m: string) => m.toUpperCase()),
        outputModalities: (record.modalities?.output ?? []).map((m: string) => m.toUpperCase()),
        benchmarkResults: { totalCount: record.benchmarks?.length ?? 0 },
      });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('ModelFilter works on imported models: open weights, image input and a long context', async () => {
    const filter = { openWeights: true, inputModalities: ['IMAGE'], minContextWindow: 128000, vendors: ['google'] };
    const expected = [...canonical]
      .filter(([path, r]) => path.startsWith('google/') && r.open_weights === true && r.modalities?.input?.includes('image') && r.limit?.context >= 128000)
      .map(([path]) => slugFor(path.split('/')[1]!));
    expect(expected.length).toBeGreaterThan(0);
    const { models } = await mergedData(`query($filter: ModelFilter) { models(filter: $filter, first: 500) { nodes { slug } } }`, { filter });
    expect(models.nodes.map((n: { slug: string }) => n.slug)).toEqual(expect.arrayContaining(expected));
  });

  it('benchmarks (one per name, whatever its case, spaces and punctuation) list their scores, highest first', async () => {
    const key = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    const names = new Set([...canonical.values()].flatMap((r) => (r.benchmarks ?? []).map((b: { name: string }) => key(b.name))));
    const { benchmarks } = await mergedData(`{ benchmarks(first: 50) { totalCount nodes { slug results(first: 50) { totalCount nodes { score } } } } }`);
    expect(benchmarks.totalCount).toBe(names.size);
    expect(benchmarks.nodes).toHaveLength(names.size);
    for (const benchmark of benchmarks.nodes) {
      expect(benchmark.results.nodes).toHaveLength(benchmark.results.totalCount);
      const scores = benchmark.results.nodes.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});

describe('entity resolution', () => {
  const aliases = aliasTable();
  const curatedModels = new Set(entries('models.yaml').map((m) => m.slug));
  const providerIds = new Set(allOfferings.map((o) => slugOf(o.id.split('/').at(-1)!)));
  const ENTITY = `query($slug: String!) { model(slug: $slug) { citations { source { slug } locator } offerings(first: 100) { totalCount } } }`;

  it('each catalogue id the alias table maps to a curated model is that one node, citing both datasets', async () => {
    const mapped = Object.entries(aliases.models as Record<string, string>).filter(([id, slug]) => curatedModels.has(slug) && providerIds.has(id));
    expect(mapped.length).toBeGreaterThan(5);
    for (const [id, slug] of mapped) {
      const { model } = await mergedData(ENTITY, { slug });
      const sources = new Set(model.citations.map((c: { source: { slug: string } }) => c.source.slug));
      expect({ id, slug, curated: sources.size > 1, catalogue: sources.has('models-dev'), offered: model.offerings.totalCount > 0 }).toEqual({
        id, slug, curated: true, catalogue: true, offered: true,
      });
    }
  });

  it('labs, providers and vendors the curated data has are one node each, citing both datasets', async () => {
    const curatedVendors = new Set(entries('vendors.yaml').map((v) => v.slug));
    const labs = Object.entries(aliases.vendors as Record<string, string>).filter(([lab, slug]) => canonicalLab(lab) && curatedVendors.has(slug));
    expect(labs.map(([, slug]) => slug)).toEqual(expect.arrayContaining(['anthropic', 'meta', 'cohere']));
    for (const [lab, slug] of labs) {
      const { vendor } = await mergedData(`query($s: String!) { vendor(slug: $s) { citations { source { slug } locator } } }`, { s: slug });
      expect(vendor.citations).toEqual(expect.arrayContaining([{ source: { slug: 'models-dev' }, locator: `models/${lab}/` }]));
      expect(vendor.citations.some((c: { source: { slug: string } }) => c.source.slug !== 'models-dev')).toBe(true);
    }
    for (const [provider, slug] of Object.entries(aliases.platforms as Record<string, string>)) {
      const { platform } = await mergedData(`query($s: String!) { platform(slug: $s) { citations { source { slug } locator } } }`, { s: slug });
      expect(platform.citations).toEqual(expect.arrayContaining([{ source: { slug: 'models-dev' }, locator: `providers/${provider}/provider.toml` }]));
      expect(platform.citations.some((c: { source: { slug: string } }) => c.source.slug !== 'models-dev')).toBe(true);
    }
  });

  it('the platform of a lab and the lab itself stay two nodes, the one operated by the other', async () => {
    const { platform, vendor } = await mergedData(`{ platform(slug: "anthropic") { __typename operator { slug } } vendor(slug: "anthropic") { __typename } }`);
    expect(platform).toEqual({ __typename: 'Platform', operator: { slug: 'anthropic' } });
    expect(vendor.__typename).toBe('Vendor');
  });

  function canonicalLab(folder: string): boolean {
    return [...oracle.canonical().keys()].some((path) => path.startsWith(`${folder}/`));
  }
});

describe('over HTTP', () => {
  let server: Listening;
  beforeAll(async () => {
    server = await listen(await mergedApp(), '127.0.0.1', 0);
  });
  afterAll(() => server.close());

  it('a client finds where Claude 3 Haiku runs, cheapest first', async () => {
    const client = new GraphQLClient(server.url);
    const { model } = await client.request<{ model: { offerings: { nodes: { inputPrice: number; platform: { slug: string } }[] } } }>(
      `{ model(slug: "claude-3-haiku") { offerings(orderBy: { field: INPUT_PRICE, direction: ASC }) { nodes { inputPrice platform { slug } } } } }`,
    );
    const prices = model.offerings.nodes.map((n) => n.inputPrice);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(model.offerings.nodes.map((n) => n.platform.slug)).toContain('anthropic');
  });
});

describe('offering filters in the core', () => {
  it('counts a capability repeated any number of times as once', async () => {
    const graph = await loadGraph(MERGED_DATA);
    const once = selectOfferings(graph, graph.offerings(), { capabilities: ['tool-calling'], inputModalities: ['IMAGE'] });
    const repeated = selectOfferings(graph, graph.offerings(), {
      capabilities: Array.from({ length: 70_000 }, () => 'tool-calling'),
      inputModalities: ['IMAGE', 'IMAGE'],
    });
    expect(once.totalCount).toBeGreaterThan(0);
    expect(repeated.totalCount).toBe(once.totalCount);
    expect(repeated.slice(0, 20)).toEqual(once.slice(0, 20));
  });

  it('counts and pages as a plain test of every offering does, on every list, for every mix of conditions', async () => {
    const graph = await loadGraph(MERGED_DATA);
    const below = (slug: string) => graph.descendants(`capability:${slug}`).map((key) => key.slice('capability:'.length));
    const plainly = (offering: Offering, filter: OfferingFilter) =>
      (filter.capabilities ?? []).every((slug) => below(slug).some((each) => offering.capabilities.includes(each))) &&
      (filter.inputModalities ?? []).every((modality) => offering.inputModalities.includes(modality)) &&
      (filter.maxInputPrice === undefined || (offering.inputPrice !== undefined && offering.inputPrice <= filter.maxInputPrice)) &&
      (filter.minContextWindow === undefined || (offering.contextWindow !== undefined && offering.contextWindow >= filter.minContextWindow));
    // Lists of many lengths modulo 32 (the filter works 32 offerings at a time): all offerings, and each platform's.
    const lists = [graph.offerings(), ...graph.list('platform').map((p) => graph.offeringsOnPlatform(p.key))].filter((list) => list.length);
    const filters: OfferingFilter[] = [];
    for (const capabilities of [undefined, ['tool-calling'], ['language-processing'], ['tool-calling', 'reasoning']])
      for (const inputModalities of [undefined, ['IMAGE'], ['IMAGE', 'PDF']] as const)
        for (const maxInputPrice of [undefined, 0, 1, 15])
          for (const minContextWindow of [undefined, 128_000, 1_000_000]) filters.push({ capabilities, inputModalities: inputModalities && [...inputModalities], maxInputPrice, minContextWindow });
    let compared = 0;
    for (const list of lists)
      for (const filter of filters) {
        const expected = list.filter((offering) => plainly(offering, filter));
        const selected = selectOfferings(graph, list, filter);
        expect({ filter, count: selected.totalCount }).toEqual({ filter, count: expected.length });
        expect(selected.slice(0, 500)).toEqual(expected.slice(0, 500));
        compared += 1;
      }
    expect(compared).toBeGreaterThan(10_000);
  });
});
