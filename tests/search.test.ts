/** Search finds things the way people type them: names, aliases, prefixes, typos, Chinese without spaces. */
import { describe, expect, it } from 'vitest';
import { data, gql, mergedData } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const SEARCH = `query($query: String!, $kinds: [NodeKind!], $first: Int! = 10) {
  search(query: $query, kinds: $kinds, first: $first) { node { __typename slug } score matchedField snippet }
}`;

interface Hit { node: { __typename: string; slug: string }; score: number; matchedField: string; snippet: string | null }

async function search(query: string, variables: Record<string, unknown> = {}): Promise<Hit[]> {
  return (await data(SEARCH, { query, ...variables })).search;
}

const keyOf = (hit: Hit) => `${hit.node.__typename.toLowerCase()}:${hit.node.slug}`;

/** Query, the entity that must be found, and the rank it must reach (1 = first). */
const QUALITY: [kind: string, query: string, expected: string, within: 1 | 3][] = [
  ['name', 'BERT', 'model:bert', 1],
  ['name', 'Stable Diffusion', 'model:stable-diffusion', 1],
  ['name', 'code generation', 'capability:code-generation', 1],
  ['name', 'common crawl', 'dataset:common-crawl', 1],
  ['name', 'Hugging Face', 'vendor:hugging-face', 3],
  ['name, punctuation ignored', 'GPT4', 'model:gpt-4', 1],
  ['name, spacing ignored', 'llama2', 'model:llama-2', 1],
  ['prefix', 'sagem', 'platform:sagemaker-jumpstart', 1],
  ['prefix', 'wiki', 'dataset:wikipedia', 1],
  ['prefix', 'transf', 'architecture:transformer', 3],
  ['typo', 'jurrasic', 'model:jurassic-1', 3],
  ['typo', 'difusion', 'architecture:diffusion', 3],
  ['typo', 'antropic', 'vendor:anthropic', 1],
  ['typo', 'falcom', 'model:falcon', 1],
  ['typo, swapped letters', 'stabel diffusion', 'model:stable-diffusion', 1],
  ['typo, swapped letters', 'wikipedai', 'dataset:wikipedia', 1],
  ['typo', 'transformr', 'architecture:transformer', 3],
  ['alias', 'J2', 'model:jurassic-2', 1],
  ['alias', 'Bedrock', 'platform:amazon-bedrock', 1],
  ['alias', 'DDPM', 'architecture:diffusion', 1],
  ['alias', 'BERT-Large', 'model:bert', 1],
  ['alias', 'image generation', 'capability:text-to-image', 1],
  ['description', 'noise', 'architecture:diffusion', 1],
  ['Chinese', '代码生成', 'capability:code-generation', 1],
  ['Chinese', '扩散', 'architecture:diffusion', 3],
  ['Chinese', '翻译', 'capability:translation', 1],
  ['Chinese', '偏见', 'challenge:bias', 1],
  ['Chinese', '维基百科', 'dataset:wikipedia', 1],
  ['Chinese', '亚马逊', 'vendor:amazon', 1],
  ['Chinese, part of a name', '生成对抗', 'architecture:gan', 1],
  ['Chinese, part of a name', '文本到图像', 'capability:text-to-image', 1],
  ['Chinese alias', '聊天', 'capability:conversation', 1],
  ['Chinese alias', '潜在扩散', 'architecture:latent-diffusion', 1],
  ['Chinese alias', '自动驾驶', 'application:autonomous-vehicles', 1],
];

describe('search quality', () => {
  it.each(QUALITY)('%s: "%s" finds %s within the top %i', async (_kind, query, expected, within) => {
    const hits = (await search(query)).map(keyOf);
    expect(hits.slice(0, within)).toContain(expected);
  });

  it('"clau" finds the Claude models first', async () => {
    const claude = entries('models.yaml').filter((m) => m.name.en.startsWith('Claude')).map((m) => `model:${m.slug}`);
    expect(claude.length).toBeGreaterThan(1);
    const hits = (await search('clau')).map(keyOf);
    expect(hits.slice(0, claude.length).sort()).toEqual(claude.sort());
  });

  it('"扩散" finds the entities whose Chinese name says diffusion', async () => {
    const named = ['architectures.yaml', 'models.yaml'].flatMap((file) => entries(file)).filter((e) => e.name.zh.includes('扩散'));
    expect(named.length).toBeGreaterThan(0);
    const hits = (await search('扩散', { first: 20 })).map((h) => h.node.slug);
    for (const entry of named) expect(hits).toContain(entry.slug);
  });

  it('ranks an exact name or alias above every other hit', async () => {
    const hits = await search('Hugging Face');
    const exact = hits.filter((h) => h.matchedField !== 'description' && h.snippet === 'Hugging Face');
    expect(exact.map(keyOf).sort()).toEqual(['platform:hugging-face-hub', 'vendor:hugging-face']);
    expect(hits.slice(0, 2).map(keyOf).sort()).toEqual(['platform:hugging-face-hub', 'vendor:hugging-face']);
    expect(hits[1]!.score).toBeGreaterThan(hits[2]!.score);
  });

  it('orders hits by score and says where each matched', async () => {
    const hits = await search('diffusion', { first: 20 });
    expect(hits.length).toBeGreaterThan(3);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    for (const hit of hits) expect(['name', 'aliases', 'description']).toContain(hit.matchedField);
  });

  it('gives the matching words of a description as the snippet', async () => {
    const [hit] = await search('noise');
    expect(hit!.matchedField).toBe('description');
    expect(hit!.snippet).toMatch(/noise/);
    const description = entries('architectures.yaml').find((a) => a.slug === 'diffusion')!.description.en as string;
    expect(description).toContain(hit!.snippet!.replace(/^…|…$/g, ''));
  });

  it('gives the Chinese name as the snippet of a Chinese match', async () => {
    const [hit] = await search('代码生成');
    const entry = entries('capabilities.yaml').find((c) => c.slug === 'code-generation')!;
    expect(hit).toMatchObject({ matchedField: 'name', snippet: entry.name.zh });
  });

  it('keeps to the kinds asked for', async () => {
    const hits = await search('diffusion', { kinds: ['ARCHITECTURE'] });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.node.__typename))).toEqual(new Set(['Architecture']));
    const models = await search('diffusion', { kinds: ['MODEL', 'VENDOR'] });
    for (const hit of models) expect(['Model', 'Vendor']).toContain(hit.node.__typename);
  });

  it('returns at most `first` hits, and nothing for words the graph does not know', async () => {
    expect(await search('model', { first: 3 })).toHaveLength(3);
    expect(await search('xyzzyq')).toEqual([]);
    expect(await search('!!!')).toEqual([]);
  });

  it.each([
    [{ query: '' }, /"query" is empty/],
    [{ query: '   \t' }, /"query" is empty/],
    [{ query: 'a'.repeat(201) }, /"query" is 201 characters long; the most is 200/],
    [{ query: 'bert', first: 501 }, /"first" is 501, over the page-size cap of 500/],
    [{ query: 'bert', first: -1 }, /"first" must be a non-negative integer/],
  ])('refuses %j with a clear error', async (variables, message) => {
    const result = await gql(SEARCH, variables);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('typos, over the curated data and the models.dev catalogue', () => {
  const mergedSearch = async (query: string, first = 10): Promise<Hit[]> => (await mergedData(SEARCH, { query, first })).search;

  it('rank a word read as written above a typo of it: "clau" finds Claude before claw-eval, one edit away', async () => {
    const hits = await mergedSearch('clau', 200);
    const claw = hits.findIndex((hit) => hit.node.slug.startsWith('claw'));
    expect(claw).toBeGreaterThan(0);
    const claude = hits.filter((hit) => /^claude/i.test(hit.snippet ?? ''));
    expect(claude.length).toBeGreaterThan(50);
    for (const hit of claude) expect(hits.indexOf(hit)).toBeLessThan(claw);
  });

  it('are read for a word that as written does not fill the page: "dalle" begins an alias of DALL-E 2 and finds DALL-E 3 too', async () => {
    const slugs = (await mergedSearch('dalle')).map((hit) => hit.node.slug);
    expect(slugs.slice(0, 2).sort()).toEqual(['dall-e-2', 'dall-e-3']);
  });
});

describe('optional arguments', () => {
  it('treat an explicit null like an argument left out', async () => {
    const omitted = await data(`{ search(query: "claude") { node { slug } } }`);
    const nulled = await data(`{ search(query: "claude", first: null) { node { slug } } }`);
    expect(nulled).toEqual(omitted);
    expect(omitted.search.length).toBeGreaterThan(1);
    const { capability } = await data(`{ capability(slug: "language-processing") {
      a: models(first: 500) { totalCount } b: models(first: 500, includeSubcapabilities: null) { totalCount } } }`);
    expect(capability.b.totalCount).toBe(capability.a.totalCount);
  });
});
