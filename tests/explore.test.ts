/** Exploring beyond one hop: neighbourhoods, shortest paths and related models, checked against data/. */
import { describe, expect, it } from 'vitest';
import { relatedModels } from '../src/core/explore.ts';
import { loadGraph } from '../src/core/load.ts';
import type { RelationType } from '../src/core/vocabulary.ts';
import { data, gql, MERGED_DATA } from './helpers.ts';
import { edges, entries, refs, type Edge } from './yaml-oracle.ts';

const ALL_EDGES = edges();

interface Node { __typename: string; slug: string }
const keyOf = (node: Node) => `${node.__typename.toLowerCase()}:${node.slug}`;
const edgeKey = (e: Edge) => `${e.type} ${e.from} -> ${e.to}`;
const EDGE_KEYS = new Set(ALL_EDGES.map(edgeKey));

/** The global id of an entity, as a client would get it. */
async function idOf(key: string): Promise<string> {
  const [kind, slug] = key.split(':');
  return (await data(`query($slug: String!) { item: ${kind}(slug: $slug) { id } }`, { slug })).item.id;
}

/** Distance in relations from a node to every node it reaches, following edges either way. */
function distancesFrom(start: string, types?: string[], direction: 'OUT' | 'IN' | 'BOTH' = 'BOTH'): Map<string, number> {
  const usable = ALL_EDGES.filter((e) => !types || types.includes(e.type));
  const distance = new Map([[start, 0]]);
  let frontier = [start];
  while (frontier.length) {
    const next: string[] = [];
    for (const node of frontier) {
      const around = [
        ...(direction !== 'IN' ? usable.filter((e) => e.from === node).map((e) => e.to) : []),
        ...(direction !== 'OUT' ? usable.filter((e) => e.to === node).map((e) => e.from) : []),
      ];
      for (const other of around) {
        if (distance.has(other)) continue;
        distance.set(other, distance.get(node)! + 1);
        next.push(other);
      }
    }
    frontier = next;
  }
  return distance;
}

const RELATION = 'type from { __typename slug } to { __typename slug }';
interface Relation { type: string; from: Node; to: Node }
const asEdge = (r: Relation): Edge => ({ type: r.type, from: keyOf(r.from), to: keyOf(r.to) });

const PATH = `query($from: ID!, $to: ID!, $types: [RelationType!], $maxDepth: Int! = 6) {
  shortestPath(from: $from, to: $to, types: $types, maxDepth: $maxDepth) { length nodes { __typename slug } edges { ${RELATION} } }
}`;

async function path(from: string, to: string, variables: Record<string, unknown> = {}) {
  return (await data(PATH, { from: await idOf(from), to: await idOf(to), ...variables })).shortestPath;
}

/** A path is a chain: each edge is real and joins the node before it to the node after it. */
function expectChain(result: { length: number; nodes: Node[]; edges: Relation[] }, from: string, to: string) {
  const nodes = result.nodes.map(keyOf);
  expect(nodes[0]).toBe(from);
  expect(nodes.at(-1)).toBe(to);
  expect(result.edges).toHaveLength(result.length);
  expect(nodes).toHaveLength(result.length + 1);
  result.edges.forEach((relation, i) => {
    const edge = asEdge(relation);
    expect(EDGE_KEYS.has(edgeKey(edge))).toBe(true);
    expect([edge.from, edge.to].sort()).toEqual([nodes[i], nodes[i + 1]].sort());
  });
}

describe('shortestPath', () => {
  it('links BERT to Stable Diffusion by as few relations as the data allows', async () => {
    const expected = distancesFrom('model:bert').get('model:stable-diffusion')!;
    expect(expected).toBeGreaterThan(1);
    const result = await path('model:bert', 'model:stable-diffusion');
    expect(result.length).toBe(expected);
    expectChain(result, 'model:bert', 'model:stable-diffusion');
  });

  it('finds the shortest path from BERT to every model', async () => {
    const distance = distancesFrom('model:bert');
    for (const model of entries('models.yaml')) {
      const to = `model:${model.slug}`;
      const result = await path('model:bert', to, { maxDepth: 20 });
      if (!distance.has(to)) expect(result).toBeNull();
      else {
        expect(result.length).toBe(distance.get(to));
        expectChain(result, 'model:bert', to);
      }
    }
  });

  it('follows only the relation types asked for', async () => {
    const types = ['USES_ARCHITECTURE', 'SUBTYPE_OF'];
    const viaArchitecture = distancesFrom('model:bert', types);
    for (const to of ['model:gpt-3', 'model:stable-diffusion']) {
      const result = await path('model:bert', to, { types });
      if (!viaArchitecture.has(to)) {
        expect(result).toBeNull();
        continue;
      }
      expect(result.length).toBe(viaArchitecture.get(to));
      expectChain(result, 'model:bert', to);
      for (const relation of result.edges) expect(types).toContain(relation.type);
    }
    expect(viaArchitecture.has('model:gpt-3')).toBe(true);
    expect(viaArchitecture.has('model:stable-diffusion')).toBe(false);
  });

  it('is null when the shortest path is longer than maxDepth, and empty from a node to itself', async () => {
    const expected = distancesFrom('model:bert').get('model:stable-diffusion')!;
    expect(await path('model:bert', 'model:stable-diffusion', { maxDepth: expected - 1 })).toBeNull();
    expect((await path('model:bert', 'model:stable-diffusion', { maxDepth: expected })).length).toBe(expected);
    expect(await path('model:bert', 'model:bert')).toEqual({ length: 0, nodes: [{ __typename: 'Model', slug: 'bert' }], edges: [] });
  });
});

const NEIGHBORHOOD = `query($id: ID!, $depth: Int! = 1, $types: [RelationType!], $direction: Direction! = BOTH, $limit: Int! = 200) {
  neighborhood(id: $id, depth: $depth, types: $types, direction: $direction, limit: $limit) {
    truncated nodes { __typename slug } edges { ${RELATION} }
  }
}`;

async function neighborhood(key: string, variables: Record<string, unknown> = {}): Promise<{ truncated: boolean; nodes: string[]; edges: Edge[] }> {
  const result = (await data(NEIGHBORHOOD, { id: await idOf(key), ...variables })).neighborhood;
  return { truncated: result.truncated, nodes: result.nodes.map(keyOf), edges: result.edges.map(asEdge) };
}

describe('neighborhood', () => {
  it.each([1, 2, 3])('holds every node within %i relations of GPT-3, nearest first', async (depth) => {
    const distance = distancesFrom('model:gpt-3');
    const within = [...distance].filter(([, d]) => d <= depth).map(([node]) => node);
    const result = await neighborhood('model:gpt-3', { depth, limit: 500 });
    expect(result.truncated).toBe(false);
    expect(result.nodes[0]).toBe('model:gpt-3');
    expect([...result.nodes].sort()).toEqual(within.sort());
    const distances = result.nodes.map((node) => distance.get(node)!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const edge of result.edges) {
      expect(EDGE_KEYS.has(edgeKey(edge))).toBe(true);
      expect(result.nodes).toContain(edge.from);
      expect(result.nodes).toContain(edge.to);
    }
  });

  it('at depth 1 returns exactly the relations touching the node', async () => {
    const result = await neighborhood('model:gpt-3');
    const touching = ALL_EDGES.filter((e) => e.from === 'model:gpt-3' || e.to === 'model:gpt-3');
    expect(result.edges.map(edgeKey).sort()).toEqual(touching.map(edgeKey).sort());
  });

  it('lists each relation followed once: every relation of the nodes whose relations it read, both ways', async () => {
    const distance = distancesFrom('model:gpt-3');
    for (const depth of [1, 2, 3]) {
      const result = await neighborhood('model:gpt-3', { depth, limit: 500 });
      const followed = ALL_EDGES.filter((e) => Math.min(distance.get(e.from) ?? depth, distance.get(e.to) ?? depth) < depth);
      expect(result.edges.map(edgeKey).sort()).toEqual(followed.map(edgeKey).sort());
    }
  });

  it('follows direction and types', async () => {
    const out = await neighborhood('model:gpt-3', { direction: 'OUT', depth: 2 });
    const reachedOut = [...distancesFrom('model:gpt-3', undefined, 'OUT')].filter(([, d]) => d <= 2).map(([n]) => n);
    expect([...out.nodes].sort()).toEqual(reachedOut.sort());

    const successors = await neighborhood('model:gpt-1', { direction: 'IN', types: ['SUCCEEDS'], depth: 3 });
    const chain = [...distancesFrom('model:gpt-1', ['SUCCEEDS'], 'IN')].filter(([, d]) => d <= 3).map(([n]) => n);
    expect([...successors.nodes].sort()).toEqual(chain.sort());
    expect(successors.nodes).toContain('model:gpt-3-5');
    expect(successors.nodes).not.toContain('model:gpt-4'); // four successions away
    for (const edge of successors.edges) expect(edge.type).toBe('SUCCEEDS');
  });

  it('stops at `limit` nodes, keeps the nearest, and says it was truncated', async () => {
    const distance = distancesFrom('platform:amazon-bedrock');
    const result = await neighborhood('platform:amazon-bedrock', { depth: 2, limit: 5 });
    expect(result.truncated).toBe(true);
    expect(result.nodes).toHaveLength(5);
    expect(result.nodes[0]).toBe('platform:amazon-bedrock');
    for (const node of result.nodes.slice(1)) expect(distance.get(node)).toBe(1);
    for (const edge of result.edges) expect(result.nodes).toEqual(expect.arrayContaining([edge.from, edge.to]));
  });
});

describe('related', () => {
  /** Shared neighbours of two models by the fields that link models to others, weighted 1/ln(models linked). */
  function expectedRelated(slug: string) {
    const fields = ['vendor', 'capabilities', 'architectures', 'trainingDatasets', 'platforms', 'mitigates'];
    const models = entries('models.yaml');
    const linked = (model: (typeof models)[number], field: string) => refs(model[field]).map((target) => `${field}:${target}`);
    const counts = new Map<string, number>();
    for (const model of models) for (const field of fields) for (const n of linked(model, field)) counts.set(n, (counts.get(n) ?? 0) + 1);
    const mine = new Set(fields.flatMap((field) => linked(models.find((m) => m.slug === slug)!, field)));
    return models
      .filter((m) => m.slug !== slug)
      .map((m) => {
        const shared = fields.flatMap((field) => linked(m, field)).filter((n) => mine.has(n));
        return { slug: m.slug, shared, score: shared.reduce((sum, n) => sum + 1 / Math.log(counts.get(n)!), 0) };
      })
      .filter((r) => r.shared.length > 0)
      .sort((a, b) => b.score - a.score);
  }

  it('ranks models by the neighbours they share with Claude 3 Opus, and names them', async () => {
    const expected = expectedRelated('claude-3-opus');
    const { related } = await data(`query($id: ID!) { related(id: $id, first: 100) { score node { slug } shared { slug } } }`, {
      id: await idOf('model:claude-3-opus'),
    });
    expect(related).toHaveLength(expected.length);
    related.forEach((r: { score: number; node: { slug: string }; shared: { slug: string }[] }, i: number) => {
      expect(r.score).toBeCloseTo(expected[i]!.score, 9);
      const want = expected.find((e) => e.slug === r.node.slug)!;
      expect(r.score).toBeCloseTo(want.score, 9);
      expect(r.shared.map((s) => s.slug).sort()).toEqual(want.shared.map((n) => n.split(':')[1]).sort());
    });
    expect(related[0].node.slug).toMatch(/^claude/);
  });

  it('ranks exactly as sorting every model that shares a neighbour would, on the merged graph with its hubs and ties', async () => {
    const graph = await loadGraph(MERGED_DATA);
    const types: RelationType[] = ['DEVELOPED_BY', 'HAS_CAPABILITY', 'USES_ARCHITECTURE', 'TRAINED_ON', 'AVAILABLE_ON', 'MITIGATES'];
    /** Every model sharing a neighbour, scored and fully sorted: what the ranking must equal, first `limit`. */
    const everyRanked = (key: string) => {
      const found = new Map<string, { score: number; shared: { slug: string; weight: number }[] }>();
      for (const relation of graph.relations(key, 'OUT', types)) {
        const peers = graph.relations(relation.to, 'IN', [relation.type]).filter((r) => r.from !== key && graph.entity(r.from)!.kind === 'model');
        const weight = 1 / Math.log(peers.length + 1);
        for (const peer of peers) {
          const entry = found.get(peer.from) ?? { score: 0, shared: [] };
          entry.score += weight;
          entry.shared.push({ slug: graph.entity(relation.to)!.slug, weight });
          found.set(peer.from, entry);
        }
      }
      return [...found]
        .map(([peer, { score, shared }]) => ({ name: graph.entity(peer)!.name.en, slug: graph.entity(peer)!.slug, score, shared: shared.sort((a, b) => b.weight - a.weight).map((s) => s.slug) }))
        .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
        .map(({ slug, score, shared }) => ({ slug, score, shared }));
    };
    const models = graph.list('model');
    for (const model of models.filter((_, i) => i % 36 === 0)) {
      const expected = everyRanked(model.key);
      for (const limit of [1, 3, 10, 50]) {
        const ranked = relatedModels(graph, model.key, limit).map((r) => ({ slug: r.model.slug, score: r.score, shared: r.shared.map((s) => s.slug) }));
        expect(ranked).toEqual(expected.slice(0, limit));
      }
    }
  });

  it('returns at most `first` models', async () => {
    const { related } = await data(`query($id: ID!) { related(id: $id, first: 2) { node { slug } } }`, { id: await idOf('model:gpt-3') });
    expect(related).toHaveLength(2);
  });
});

describe('exploration input errors', () => {
  const cases: [string, string, () => Promise<Record<string, unknown>>, RegExp, string][] = [
    ['depth over 3', NEIGHBORHOOD, async () => ({ id: await idOf('model:bert'), depth: 4 }), /"depth" must be between 1 and 3; got 4/, 'BAD_USER_INPUT'],
    ['depth 0', NEIGHBORHOOD, async () => ({ id: await idOf('model:bert'), depth: 0 }), /"depth" must be between 1 and 3/, 'BAD_USER_INPUT'],
    ['limit 0', NEIGHBORHOOD, async () => ({ id: await idOf('model:bert'), limit: 0 }), /"limit" must be at least 1/, 'BAD_USER_INPUT'],
    ['limit over the cap', NEIGHBORHOOD, async () => ({ id: await idOf('model:bert'), limit: 501 }), /"limit" is 501, over the page-size cap/, 'BAD_USER_INPUT'],
    ['a malformed id', NEIGHBORHOOD, async () => ({ id: 'not-an-id' }), /"id" is not an id this API issued/, 'BAD_USER_INPUT'],
    ['the id of a source', NEIGHBORHOOD, async () => ({ id: Buffer.from('Source:devlin-2018-bert').toString('base64') }), /"id" must be the id of an entity; it is the id of a Source/, 'BAD_USER_INPUT'],
    ['the id of a missing entity', NEIGHBORHOOD, async () => ({ id: Buffer.from('Model:no-such-model').toString('base64') }), /There is no model "no-such-model"/, 'NOT_FOUND'],
    ['a bad `to`', PATH, async () => ({ from: await idOf('model:bert'), to: '%%%' }), /"to" is not an id this API issued/, 'BAD_USER_INPUT'],
    ['a negative maxDepth', PATH, async () => ({ from: await idOf('model:bert'), to: await idOf('model:gpt-3'), maxDepth: -1 }), /"maxDepth" must not be negative/, 'BAD_USER_INPUT'],
    ['related of a vendor', `query($id: ID!) { related(id: $id) { score } }`, async () => ({ id: await idOf('vendor:openai') }), /"id" must be the id of a Model; it is the id of a Vendor/, 'BAD_USER_INPUT'],
    ['related with first over the cap', `query($id: ID!) { related(id: $id, first: 501) { score } }`, async () => ({ id: await idOf('model:bert') }), /"first" is 501, over the page-size cap/, 'BAD_USER_INPUT'],
  ];

  it.each(cases)('refuses %s with a clear error', async (_name, query, variables, message, code) => {
    const result = await gql(query, await variables());
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
  });
});
