/** Dashboard aggregates, cross-checked against counts computed from data/ and its edges. */
import { describe, expect, it } from 'vitest';
import { data, gql } from './helpers.ts';
import { closure, edges, entries, KIND_FILES, modelsWhere } from './yaml-oracle.ts';

const models = entries('models.yaml');
const year = (model: { releaseDate?: string; [field: string]: unknown }) => (model.releaseDate ? Number(model.releaseDate.slice(0, 4)) : undefined);

/** Distinct edges: the graph folds an edge written twice into one. */
const EDGES = [...new Map(edges().map((e) => [`${e.type} ${e.from} ${e.to}`, e])).values()];

describe('stats', () => {
  it('counts nodes, edges and nodes per kind', async () => {
    const { stats } = await data(`{ stats { nodeCount edgeCount countsByKind { kind count } } }`);
    const perKind = Object.entries(KIND_FILES).map(([kind, file]) => ({ kind: kind.toUpperCase(), count: entries(file).length }));
    expect(stats.countsByKind).toEqual(expect.arrayContaining(perKind));
    expect(stats.countsByKind.filter((c: { kind: string }) => !(c.kind.toLowerCase() in KIND_FILES))).toEqual([{ kind: 'BENCHMARK', count: 0 }]);
    expect(stats.nodeCount).toBe(perKind.reduce((sum, c) => sum + c.count, 0));
    expect(stats.edgeCount).toBe(EDGES.length);
  });
});

describe('modelsPerYear', () => {
  it('counts models by release year, oldest first', async () => {
    const { modelsPerYear } = await data(`{ modelsPerYear { year count } }`);
    const counts = new Map<number, number>();
    for (const model of models) if (year(model)) counts.set(year(model)!, (counts.get(year(model)!) ?? 0) + 1);
    expect(modelsPerYear).toEqual([...counts].sort(([a], [b]) => a - b).map(([y, count]) => ({ year: y, count })));
  });

  it('takes a model filter', async () => {
    const { modelsPerYear } = await data(`{ modelsPerYear(filter: { vendors: ["openai"] }) { year count } }`);
    const openai = models.filter((m) => m.vendor?.slug === 'openai');
    expect(modelsPerYear.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(openai.filter(year).length);
  });
});

describe('capabilityCoverage', () => {
  it('counts, for every capability, the models with it or a sub-capability', async () => {
    const { capabilityCoverage } = await data(`{ capabilityCoverage { capability capabilitySlug modelCount } }`);
    const capabilities = entries('capabilities.yaml');
    expect(capabilityCoverage).toHaveLength(capabilities.length);
    for (const capability of capabilities) {
      expect(capabilityCoverage).toContainEqual({
        capability: capability.name.en,
        capabilitySlug: capability.slug,
        modelCount: modelsWhere('capabilities', closure('capabilities.yaml', capability.slug)).length,
      });
    }
    const counts = capabilityCoverage.map((row: { modelCount: number }) => row.modelCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('counts only the models the filter selects, and names capabilities in Chinese on request', async () => {
    const { capabilityCoverage } = await data(`{ capabilityCoverage(filter: { releasedFrom: 2023 }) { capability(lang: ZH) capabilitySlug modelCount } }`);
    const recent = new Set(models.filter((m) => (year(m) ?? 0) >= 2023).map((m) => m.slug));
    const row = capabilityCoverage.find((r: { capabilitySlug: string }) => r.capabilitySlug === 'language-processing');
    expect(row.modelCount).toBe(modelsWhere('capabilities', closure('capabilities.yaml', 'language-processing')).filter((s) => recent.has(s)).length);
    expect(row.capability).toBe(entries('capabilities.yaml').find((c) => c.slug === 'language-processing')!.name.zh);
  });
});

describe('vendorCapabilityMatrix', () => {
  it('counts each vendor\'s models per capability, leaving out empty cells', async () => {
    const { vendorCapabilityMatrix } = await data(`{ vendorCapabilityMatrix { vendorSlug capabilitySlug modelCount } }`);
    const vendorOf = new Map(models.map((m) => [m.slug, m.vendor?.slug]));
    const withCapability = entries('capabilities.yaml').map((c) => [c.slug, modelsWhere('capabilities', closure('capabilities.yaml', c.slug))] as const);
    const expected = entries('vendors.yaml').flatMap((vendor) =>
      withCapability.map(([capabilitySlug, slugs]) => ({
        vendorSlug: vendor.slug,
        capabilitySlug,
        modelCount: slugs.filter((slug) => vendorOf.get(slug) === vendor.slug).length,
      })),
    );
    const key = (c: { vendorSlug: string; capabilitySlug: string }) => `${c.vendorSlug}/${c.capabilitySlug}`;
    const sorted = (cells: { vendorSlug: string; capabilitySlug: string }[]) => [...cells].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(vendorCapabilityMatrix)).toEqual(sorted(expected.filter((cell) => cell.modelCount > 0)));
  });
});

describe('parameterTimeline', () => {
  it('gives release date and size of every model that has both, oldest first', async () => {
    const { parameterTimeline } = await data(`{ parameterTimeline { model modelSlug releaseDate releaseYear parameterCount } }`);
    const expected = models
      .filter((m) => m.releaseDate && m.parameterCount)
      .map((m) => ({ model: m.name.en, modelSlug: m.slug, releaseDate: m.releaseDate, releaseYear: year(m), parameterCount: m.parameterCount }));
    expect([...parameterTimeline].sort((a, b) => a.modelSlug.localeCompare(b.modelSlug))).toEqual(expected.sort((a, b) => a.modelSlug.localeCompare(b.modelSlug)));
    const dates = parameterTimeline.map((p: { releaseDate: string }) => p.releaseDate);
    expect(dates).toEqual([...dates].sort());
  });

  it('takes a model filter', async () => {
    const { parameterTimeline } = await data(`{ parameterTimeline(filter: { minParameters: 100e9 }) { modelSlug parameterCount } }`);
    const large = models.filter((m) => m.releaseDate && m.parameterCount >= 100e9).map((m) => m.slug);
    expect(parameterTimeline.map((p: { modelSlug: string }) => p.modelSlug).sort()).toEqual(large.sort());
  });
});

describe('mostConnected', () => {
  const degree = new Map<string, number>();
  for (const e of EDGES) for (const end of [e.from, e.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const MOST = `query($kinds: [NodeKind!], $first: Int! = 10) { mostConnected(kinds: $kinds, first: $first) { degree pagerank node { __typename slug } } }`;
  const keyOf = (n: { __typename: string; slug: string }) => `${n.__typename.toLowerCase()}:${n.slug}`;

  it('ranks entities by the relations touching them', async () => {
    const { mostConnected } = await data(MOST, { first: 500 });
    const total = Object.values(KIND_FILES).reduce((sum, file) => sum + entries(file).length, 0);
    expect(mostConnected).toHaveLength(total);
    for (const row of mostConnected) expect(row.degree).toBe(degree.get(keyOf(row.node)) ?? 0);
    const degrees = mostConnected.map((row: { degree: number }) => row.degree);
    expect(degrees).toEqual([...degrees].sort((a, b) => b - a));
    const top = Math.max(...degree.values());
    expect(mostConnected[0].degree).toBe(top);
  });

  it('gives a PageRank that sums to one and favours nodes many others point to', async () => {
    const { mostConnected } = await data(MOST, { first: 500 });
    const sum = mostConnected.reduce((s: number, row: { pagerank: number }) => s + row.pagerank, 0);
    expect(sum).toBeCloseTo(1, 6);
    const rank = (key: string) => mostConnected.find((row: { node: { __typename: string; slug: string } }) => keyOf(row.node) === key).pagerank;
    const pointedAt = (key: string) => EDGES.filter((e) => e.to === key).length;
    expect(pointedAt('capability:text-generation')).toBeGreaterThan(pointedAt('application:robotics'));
    expect(rank('capability:text-generation')).toBeGreaterThan(rank('application:robotics'));
  });

  it('keeps to the kinds asked for and to `first`', async () => {
    const { mostConnected } = await data(MOST, { kinds: ['VENDOR', 'PLATFORM'], first: 3 });
    expect(mostConnected).toHaveLength(3);
    for (const row of mostConnected) expect(['Vendor', 'Platform']).toContain(row.node.__typename);
    const best = [...degree].filter(([key]) => /^(vendor|platform):/.test(key)).sort((a, b) => b[1] - a[1])[0]!;
    expect(mostConnected[0].degree).toBe(best[1]);
  });

  it('refuses a `first` over the cap', async () => {
    const result = await gql(MOST, { first: 501 });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('dashboard input errors', () => {
  it('refuses an unknown slug in a filter with a clear error', async () => {
    const result = await gql(`{ modelsPerYear(filter: { vendors: ["nobody"] }) { year } }`);
    expect(result.errors?.[0]?.message).toMatch(/Unknown vendor "nobody" in filter.vendors/);
  });
});
