/** Every edge written in data/ is served, in both directions, with its citations. */
import { describe, expect, it } from 'vitest';
import { data, gql } from './helpers.ts';
import { edges as expectedEdges, entries, refs, type Edge } from './yaml-oracle.ts';

const key = (e: Edge) => `${e.type} ${e.from} -> ${e.to}`;

const RELATIONS = `query($slug: String!, $direction: Direction) {
  item: ROOT(slug: $slug) { relations(direction: $direction) { type from { __typename slug } to { __typename slug } citations { source { slug } } } }
}`;

const asKey = (node: { __typename: string; slug: string }) => `${node.__typename.toLowerCase()}:${node.slug}`;

describe('relations', () => {
  const expected = expectedEdges();

  it('the data uses every relation type that curated data can write', () => {
    const types = new Set(expected.map((e) => e.type));
    expect([...types].sort()).toEqual(
      ['AVAILABLE_ON', 'COMPARED_WITH', 'DEVELOPED_BY', 'ENABLES', 'HAS_CAPABILITY', 'MITIGATES', 'OPERATED_BY', 'SUBCAPABILITY_OF', 'SUBTYPE_OF', 'SUCCEEDS', 'TRAINED_ON', 'USES_ARCHITECTURE'],
    );
  });

  it('serves every edge outward from its source and inward at its target, with citations', async () => {
    const served = new Set<string>();
    const incoming = new Set<string>();
    const roots = ['model', 'vendor', 'capability', 'architecture', 'challenge', 'dataset', 'platform', 'application'];
    const files = ['models.yaml', 'vendors.yaml', 'capabilities.yaml', 'architectures.yaml', 'challenges.yaml', 'datasets.yaml', 'platforms.yaml', 'applications.yaml'];
    for (const [index, root] of roots.entries()) {
      for (const entry of entries(files[index]!)) {
        for (const direction of ['OUT', 'IN'] as const) {
          const { item } = await data(RELATIONS.replace('ROOT', root), { slug: entry.slug, direction });
          for (const relation of item.relations) {
            expect(relation.citations.length).toBeGreaterThan(0);
            const edge = key({ type: relation.type, from: asKey(relation.from), to: asKey(relation.to) });
            (direction === 'OUT' ? served : incoming).add(edge);
          }
        }
      }
    }
    const want = new Set(expected.map(key));
    expect([...served].sort()).toEqual([...want].sort());
    expect([...incoming].sort()).toEqual([...want].sort());
  });

  it('filters relations by type and follows both directions', async () => {
    const { model } = await data(`{ model(slug: "gpt-2") {
      vendorOnly: relations(types: [DEVELOPED_BY]) { type to { slug } }
      both: relations(direction: BOTH, types: [SUCCEEDS]) { from { slug } to { slug } } } }`);
    expect(model.vendorOnly).toEqual([{ type: 'DEVELOPED_BY', to: { slug: 'openai' } }]);
    expect(model.both).toEqual(expect.arrayContaining([{ from: { slug: 'gpt-2' }, to: { slug: 'gpt-1' } }, { from: { slug: 'gpt-3' }, to: { slug: 'gpt-2' } }]));
  });
});

describe('relationConnection', () => {
  const PAGE = `query($slug: String!, $direction: Direction, $types: [RelationType!], $first: Int, $after: String, $last: Int, $before: String) {
    capability(slug: $slug) {
      relations(direction: $direction, types: $types) { type from { slug } to { slug } }
      relationConnection(direction: $direction, types: $types, first: $first, after: $after, last: $last, before: $before) {
        totalCount
        nodes { type from { slug } to { slug } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }`;

  /** Every page of a capability's relations, walked forwards or backwards with pages of `size`. */
  async function walk(variables: Record<string, unknown>, size: number, backwards = false) {
    const pages: { nodes: unknown[]; totalCount: number }[] = [];
    let cursor: string | null = null;
    let all: unknown[] = [];
    for (;;) {
      const page: Record<string, unknown> = backwards ? { last: size, before: cursor } : { first: size, after: cursor };
      const { capability } = await data(PAGE, { ...variables, ...page });
      all = capability.relations;
      const connection = capability.relationConnection;
      pages.push(connection);
      if (backwards ? !connection.pageInfo.hasPreviousPage : !connection.pageInfo.hasNextPage) break;
      cursor = backwards ? connection.pageInfo.startCursor : connection.pageInfo.endCursor;
    }
    const paged = (backwards ? pages.reverse() : pages).flatMap((page) => page.nodes);
    return { all, paged, totalCounts: new Set(pages.map((page) => page.totalCount)), pages: pages.length };
  }

  it('pages through a hub\'s relations in the order `relations` lists them, with their count', async () => {
    const { all, paged, totalCounts, pages } = await walk({ slug: 'text-generation', direction: 'BOTH' }, 7);
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(paged).toEqual(all);
    expect([...totalCounts]).toEqual([all.length]);
  });

  it('pages backwards with `last` and `before`', async () => {
    const { all, paged } = await walk({ slug: 'text-generation', direction: 'BOTH' }, 9, true);
    expect(paged).toEqual(all);
  });

  it('keeps only the relation types asked for, across both directions', async () => {
    const types = ['SUBCAPABILITY_OF', 'ENABLES'];
    const { all, paged, totalCounts } = await walk({ slug: 'text-generation', direction: 'BOTH', types }, 2);
    expect(new Set(all.map((relation) => (relation as { type: string }).type))).toEqual(new Set(types));
    expect(paged).toEqual(all);
    expect([...totalCounts]).toEqual([all.length]);
  });

  it('refuses a cursor it did not issue, and a page over the cap', async () => {
    const refusal = await gql(PAGE, { slug: 'text-generation', after: 'bm90IGEgY3Vyc29y' });
    expect(refusal.errors?.[0]?.message).toBe('Argument "after" is not a cursor this API issued.');
    const tooLarge = await gql(PAGE, { slug: 'text-generation', first: 100_000 });
    expect(tooLarge.errors?.[0]?.message).toMatch(/^Argument "first" is 100000, over the page-size cap of \d+\.$/);
  });
});

describe('typed edge fields', () => {
  it('model: vendor, predecessor and successors', async () => {
    const { model } = await data(`{ model(slug: "gpt-3") { vendor { slug } predecessor { slug } successors { slug } } }`);
    expect(model).toEqual({ vendor: { slug: 'openai' }, predecessor: { slug: 'gpt-2' }, successors: expect.arrayContaining([{ slug: 'gpt-3-5' }]) });
  });

  it("a model's edge fields list its targets of one relation type each, in the data's order", async () => {
    const MODEL_EDGES = `query($slug: String!) { model(slug: $slug) {
      vendor { slug } predecessor { slug } capabilities { slug } architectures { slug } trainingDatasets { slug } platforms { slug } mitigates { slug } } }`;
    const slugs = (nodes: { slug: string }[]) => nodes.map((node) => node.slug);
    for (const entry of entries('models.yaml')) {
      const { model } = await data(MODEL_EDGES, { slug: entry.slug });
      expect(model.vendor?.slug).toBe(refs(entry.vendor)[0]);
      expect(model.predecessor?.slug).toBe(refs(entry.predecessor)[0]);
      for (const field of ['capabilities', 'architectures', 'trainingDatasets', 'platforms', 'mitigates']) {
        expect(slugs(model[field]), `${entry.slug}.${field}`).toEqual(refs(entry[field]));
      }
    }
  });

  it('taxonomies: parent and children', async () => {
    const { capability, architecture } = await data(`{
      capability(slug: "translation") { parent { slug } }
      architecture(slug: "transformer") { parent { slug } children { slug } } }`);
    expect(capability.parent).toEqual({ slug: 'language-processing' });
    expect(architecture.parent).toBeNull();
    expect(architecture.children.map((c: { slug: string }) => c.slug).sort()).toEqual(['decoder-transformer', 'encoder-transformer']);
    const { capability: lp } = await data(`{ capability(slug: "language-processing") { children { slug } } }`);
    expect(lp.children.map((c: { slug: string }) => c.slug)).toEqual(
      expect.arrayContaining(['question-answering', 'translation', 'text-generation', 'summarization', 'classification', 'information-extraction', 'conversation']),
    );
  });

  it('capabilities enable applications, and applications know what enables them', async () => {
    for (const capability of entries('capabilities.yaml').filter((c) => c.enables?.length)) {
      const { capability: c } = await data(`query($s: String!) { capability(slug: $s) { applications { slug } } }`, { s: capability.slug });
      expect(c.applications.map((a: { slug: string }) => a.slug)).toEqual(refs(capability.enables));
      for (const app of refs(capability.enables)) {
        const { application } = await data(`query($s: String!) { application(slug: $s) { enabledBy { slug } } }`, { s: app });
        expect(application.enabledBy).toContainEqual({ slug: capability.slug });
      }
    }
  });

  it('challenges list what mitigates them; platforms their operator', async () => {
    const mitigators = [...entries('models.yaml'), ...entries('platforms.yaml')].filter((e) => refs(e.mitigates).includes('infrastructure-requirements'));
    const { challenge } = await data(`{ challenge(slug: "infrastructure-requirements") { mitigatedBy(first: 100) { totalCount nodes { slug } } } }`);
    expect(challenge.mitigatedBy.totalCount).toBe(mitigators.length);
    expect(challenge.mitigatedBy.nodes.map((n: { slug: string }) => n.slug).sort()).toEqual(mitigators.map((e) => e.slug).sort());
    const { platform } = await data(`{ platform(slug: "amazon-bedrock") { operator { slug } } }`);
    expect(platform.operator).toEqual({ slug: 'amazon' });
    const { vendor } = await data(`{ vendor(slug: "amazon") { platforms { slug } } }`);
    expect(vendor.platforms).toContainEqual({ slug: 'amazon-bedrock' });
  });
});
