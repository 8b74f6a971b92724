/** Looking things up: by slug, by global id, in either language. */
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { loadGraph } from '../src/core/load.ts';
import { schema } from '../src/schema/index.ts';
import { encodeGlobalId } from '../src/schema/sync-global-ids.ts';
import { DATA_DIR, data, gql } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const KINDS = [
  ['model', 'models.yaml', 'Model'],
  ['vendor', 'vendors.yaml', 'Vendor'],
  ['capability', 'capabilities.yaml', 'Capability'],
  ['architecture', 'architectures.yaml', 'Architecture'],
  ['challenge', 'challenges.yaml', 'Challenge'],
  ['dataset', 'datasets.yaml', 'Dataset'],
  ['platform', 'platforms.yaml', 'Platform'],
  ['application', 'applications.yaml', 'Application'],
] as const;

describe('lookups by slug', () => {
  it.each(KINDS)('%s(slug:) finds every entry of %s', async (field, file, typename) => {
    for (const entry of entries(file)) {
      const result = await data(`query($slug: String!) { item: ${field}(slug: $slug) { __typename slug name(lang: EN) } }`, { slug: entry.slug });
      expect(result.item).toEqual({ __typename: typename, slug: entry.slug, name: entry.name.en });
    }
  });

  it.each(KINDS)('%s(slug:) is null for an unknown slug', async (field) => {
    expect(await data(`{ item: ${field}(slug: "no-such-thing") { slug } }`)).toEqual({ item: null });
  });

  it.each(KINDS.filter(([field]) => field !== 'model'))('the root list of %s holds every entry, with totalCount', async (field, file) => {
    const plural = { vendor: 'vendors', capability: 'capabilities', architecture: 'architectures', challenge: 'challenges', dataset: 'datasets', platform: 'platforms', application: 'applications' }[field as string];
    const result = await data(`{ list: ${plural}(first: 500) { totalCount nodes { slug } } }`);
    expect(result.list.totalCount).toBe(entries(file).length);
    expect(result.list.nodes.map((n: { slug: string }) => n.slug).sort()).toEqual(entries(file).map((e) => e.slug).sort());
  });
});

describe('global ids', () => {
  it('round-trips every kind through node(id:) and nodes(ids:)', async () => {
    const ids: string[] = [];
    for (const [field, , typename] of KINDS) {
      const first = entries(KINDS.find(([f]) => f === field)![1])[0]!;
      const { item } = await data(`{ item: ${field}(slug: "${first.slug}") { id } }`);
      expect(item.id).not.toContain(first.slug); // opaque
      const { node } = await data(`query($id: ID!) { node(id: $id) { __typename id ... on Entity { slug } } }`, { id: item.id });
      expect(node).toEqual({ __typename: typename, id: item.id, slug: first.slug });
      ids.push(item.id);
    }
    const { nodes } = await data(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(ids);
  });

  it('answers a well-formed id of a missing node with null', async () => {
    const id = Buffer.from('Model:no-such-model').toString('base64');
    expect(await data(`query($id: ID!) { node(id: $id) { id } }`, { id })).toEqual({ node: null });
  });

  it('refuses an id that is not one of ours with a clear error', async () => {
    const result = await gql(`{ node(id: "not-an-id") { id } }`);
    expect(result.errors?.[0]?.message).toMatch(/id/i);
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts|node_modules/);
  });

  it('are computed without a promise, so selecting them keeps a query synchronous', async () => {
    const graph = await loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
    const document = parse(`{ model(slug: "bert") { id vendor { id } capabilities { id } citations { source { id } } } }`);
    const result = execute({ schema, document, contextValue: { graph, lang: 'EN', maxPageSize: 100 } });
    expect(result).not.toBeInstanceOf(Promise);
    const { model } = (result as { data: { model: { id: string; vendor: { id: string } } } }).data;
    expect(Buffer.from(model.id, 'base64').toString()).toBe('Model:bert');
    expect(Buffer.from(model.vendor.id, 'base64').toString()).toBe('Vendor:google');
  });

  it('are encoded as the relay plugin encodes them, ASCII or not', () => {
    for (const [typename, id] of [['Model', 'gpt-4'], ['Source', 'arxiv-1706.03762'], ['Model', '模型'], ['Vendor', 'café'], ['Model', 42]] as const) {
      expect(encodeGlobalId(typename, id)).toBe(encodeGlobalID(typename, id));
    }
  });

  it('gives sources global ids too', async () => {
    const { model } = await data(`{ model(slug: "bert") { citations { source { id slug title url } } } }`);
    const source = model.citations[0].source;
    const { node } = await data(`query($id: ID!) { node(id: $id) { ... on Source { slug title } } }`, { id: source.id });
    expect(node).toEqual({ slug: source.slug, title: source.title });
  });
});

describe('languages', () => {
  it('gives names and descriptions in English and Chinese', async () => {
    const { capability } = await data(`{ capability(slug: "code-generation") { en: name(lang: EN) zh: name(lang: ZH) dEn: description(lang: EN) dZh: description(lang: ZH) } }`);
    const entry = entries('capabilities.yaml').find((e) => e.slug === 'code-generation')!;
    expect(capability).toEqual({ en: entry.name.en, zh: entry.name.zh, dEn: entry.description.en, dZh: entry.description.zh });
  });

  it('defaults to English, and to Chinese when Accept-Language prefers zh', async () => {
    const query = `{ capability(slug: "code-generation") { name } }`;
    const { en, zh } = entries('capabilities.yaml').find((e) => e.slug === 'code-generation')!.name;
    expect((await data(query)).capability.name).toBe(en);
    expect((await data(query, {}, { 'accept-language': 'zh' })).capability.name).toBe(zh);
    expect((await data(query, {}, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).capability.name).toBe(zh);
    expect((await data(query, {}, { 'accept-language': 'en-US,zh;q=0.5' })).capability.name).not.toBe(zh);
  });

  it('lets an explicit lang argument win over Accept-Language', async () => {
    const { capability } = await data(`{ capability(slug: "code-generation") { name(lang: EN) } }`, {}, { 'accept-language': 'zh' });
    expect(capability.name).toBe(entries('capabilities.yaml').find((e) => e.slug === 'code-generation')!.name.en);
  });
});
