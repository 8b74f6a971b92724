/**
 * The response cache answers repeats from stored bytes, exactly as the app
 * would answer them, and never serves an answer from a graph that was replaced.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../src/core/load.ts';
import { createApp, type App } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { MAX_REUSED_BODY_BYTES, requestKey, ResponseCache } from '../src/server/response-cache.ts';
import { DATA_DIR, fixture } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const post = (app: App, query: string, headers: Record<string, string> = {}) =>
  app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });

async function appOver(dataDir: string, settings = {}) {
  const load = () => loadGraph({ dataDir, datasets: ['curated'] });
  const store = await GraphStore.open(load);
  return { store, app: createApp(store, settings) };
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('response cache', () => {
  const queries = [
    '{ capability(slug: "code-generation") { models(first: 20) { totalCount nodes { slug vendor { name } capabilities { slug } } } } }',
    '{ model(slug: "bert") { name description } }',
    '{ models(filter: { capabilities: ["telepathy"] }) { totalCount } }',
    '{ model(slug: "bert") { nonsense } }',
  ];

  it('gives the same status, body and headers with the cache on as with it off, first time and repeated', async () => {
    const cached = (await appOver(DATA_DIR)).app;
    const uncached = (await appOver(DATA_DIR, { RESPONSE_CACHE_MAX_BYTES: 0 })).app;
    for (const query of queries) {
      for (const headers of [{}, { 'accept-language': 'zh-CN' }] as Record<string, string>[]) {
        const expected = await post(uncached, query, headers);
        const expectedBody = await expected.text();
        for (let round = 0; round < 2; round += 1) {
          const response = await post(cached, query, headers);
          expect(response.status).toBe(expected.status);
          expect(await response.text()).toBe(expectedBody);
          expect(Object.fromEntries(response.headers)).toEqual(Object.fromEntries(expected.headers));
        }
      }
    }
  });

  it('keys on the language, so Chinese and English answers are kept apart', async () => {
    const { app } = await appOver(DATA_DIR);
    const entry = entries('capabilities.yaml').find((e) => e.slug === 'translation')!;
    const name = async (headers: Record<string, string>) => (await (await post(app, '{ capability(slug: "translation") { name } }', headers)).json()).data.capability.name;
    for (let round = 0; round < 2; round += 1) {
      expect(await name({})).toBe(entry.name.en);
      expect(await name({ 'accept-language': 'zh' })).toBe(entry.name.zh);
    }
  });

  it('drops every answer when the graph is reloaded, and never stores one computed on the old graph', () => {
    const store = { version: 1 };
    const cache = new ResponseCache(store, 1_000_000);
    const answer = { status: 200, headers: {}, body: Buffer.from('{"data":{}}') };
    cache.set('a', answer, 1);
    expect(cache.get('a')).toBe(answer);
    store.version = 2;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', answer, 1);
    expect(cache.get('b')).toBeUndefined();
    cache.set('b', answer, 2);
    expect(cache.get('b')).toBe(answer);
  });

  it('serves the new graph right after a reload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fmg-cache-'));
    dirs.push(dir);
    await cp(fixture('mini'), dir, { recursive: true });
    const { app, store } = await appOver(dir);
    const query = '{ model(slug: "alpha") { name } }';
    expect(await (await post(app, query)).json()).toEqual({ data: { model: { name: 'Alpha' } } });
    expect(await (await post(app, query)).json()).toEqual({ data: { model: { name: 'Alpha' } } });
    const models = join(dir, 'models.yaml');
    await writeFile(models, (await readFile(models, 'utf8')).replace('en: Alpha', 'en: Alpha Two'));
    await store.reload();
    expect(await (await post(app, query)).json()).toEqual({ data: { model: { name: 'Alpha Two' } } });
  });

  it('keys every part of a request that changes its answer', () => {
    const base = { method: 'POST', url: '/graphql', body: Buffer.from('{"query":"{ a }"}') };
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    const key = requestKey({ ...base, header: headers({ accept: 'application/json' }) });
    const variants = [
      { ...base, method: 'GET', header: headers({ accept: 'application/json' }) },
      { ...base, url: '/graphql?x', header: headers({ accept: 'application/json' }) },
      { ...base, body: Buffer.from('{"query":"{ b }"}'), header: headers({ accept: 'application/json' }) },
      { ...base, header: headers({ accept: 'application/graphql-response+json' }) },
      { ...base, header: headers({ accept: 'application/json', 'accept-language': 'zh' }) },
      { ...base, header: headers({ accept: 'application/json', origin: 'https://a.example' }) },
      { ...base, header: headers({ accept: 'application/json', 'content-type': 'application/graphql' }) },
    ];
    for (const variant of variants) expect(requestKey(variant)).not.toBe(key);
    // Languages that resolve alike share answers.
    expect(requestKey({ ...base, header: headers({ accept: 'application/json', 'accept-language': 'en-US' }) })).toBe(key);
  });

  it('keeps no answer to a body too large to be worth keying', () => {
    const header = () => undefined;
    const body = (length: number) => Buffer.from(`{"query":"{ a }","padding":"${'x'.repeat(length)}"}`);
    expect(requestKey({ method: 'POST', url: '/graphql', header, body: body(1000) })).toBeDefined();
    expect(requestKey({ method: 'POST', url: '/graphql', header, body: body(MAX_REUSED_BODY_BYTES) })).toBeUndefined();
  });
});

describe('request bodies', () => {
  it('refuses a body over MAX_BODY_BYTES with 413 and a clear error', async () => {
    const { app } = await appOver(DATA_DIR, { MAX_BODY_BYTES: 100 });
    const response = await post(app, `{ model(slug: "${'x'.repeat(200)}") { name } }`);
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].message).toBe('The request body is larger than 100 bytes.');
  });
});
