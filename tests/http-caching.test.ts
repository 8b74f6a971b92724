/** What a browser, CDN or dashboard sees over real HTTP: ETag and 304, Cache-Control, CORS, persisted queries. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xxhash from 'xxhash-wasm';
import { loadGraph } from '../src/core/load.ts';
import { createApp } from '../src/server/app.ts';
import type { Config } from '../src/server/config.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { listen, type Listening } from '../src/server/listen.ts';
import { DATA_DIR } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const servers: Listening[] = [];
async function serve(settings: Partial<Config> = {}): Promise<string> {
  const load = () => loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
  const server = await listen(createApp(await GraphStore.open(load), settings), '127.0.0.1', 0);
  servers.push(server);
  return server.url;
}
afterAll(() => Promise.all(servers.map((server) => server.close())));

const JSON_ACCEPT = { accept: 'application/graphql-response+json' };
const getUrl = (base: string, query: string, extra = '') => `${base}?query=${encodeURIComponent(query)}${extra}`;
const BERT = '{ model(slug: "bert") { name releaseDate } }';

let cachedUrl: string;
let uncachedUrl: string;
beforeAll(async () => {
  cachedUrl = await serve();
  uncachedUrl = await serve({ RESPONSE_CACHE_MAX_BYTES: 0 });
});

describe('ETag, Cache-Control and 304', () => {
  it.each([['cache on', () => cachedUrl], ['cache off', () => uncachedUrl]])('answers a GET with an ETag and a repeat with 304 (%s)', async (_mode, url) => {
    const first = await fetch(getUrl(url(), BERT), { headers: JSON_ACCEPT });
    expect(first.status).toBe(200);
    const body = await first.text();
    const etag = first.headers.get('etag');
    // xxHash64 of exactly the bytes sent, in 16 hex digits.
    const { h64Raw } = await xxhash();
    expect(etag).toBe(`"${h64Raw(Buffer.from(body)).toString(16).padStart(16, '0')}"`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('vary')).toMatch(/Accept-Language/);

    const again = await fetch(getUrl(url(), BERT), { headers: { ...JSON_ACCEPT, 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');

    const weak = await fetch(getUrl(url(), BERT), { headers: { ...JSON_ACCEPT, 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);
    const stale = await fetch(getUrl(url(), BERT), { headers: { ...JSON_ACCEPT, 'if-none-match': '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(body);
  });

  it('gives different answers different ETags', async () => {
    const etagOf = async (query: string) => (await fetch(getUrl(cachedUrl, query), { headers: JSON_ACCEPT })).headers.get('etag');
    expect(await etagOf(BERT)).not.toBe(await etagOf('{ model(slug: "gpt-4") { name releaseDate } }'));
  });

  it('marks answers with errors no-store, without an ETag', async () => {
    const response = await fetch(getUrl(cachedUrl, '{ models(filter: { vendors: ["nobody"] }) { totalCount } }'), { headers: JSON_ACCEPT });
    expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });

  it('gives POST answers their ETag but no Cache-Control (POST is not reused by HTTP caches)', async () => {
    const response = await fetch(cachedUrl, { method: 'POST', headers: { ...JSON_ACCEPT, 'content-type': 'application/json' }, body: JSON.stringify({ query: BERT }) });
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get('cache-control')).toBeNull();
  });
});

describe('CORS', () => {
  it('lets any origin read GET and POST answers, without credentials, by default', async () => {
    const origin = 'https://dashboard.example';
    const response = await fetch(getUrl(cachedUrl, BERT), { headers: { ...JSON_ACCEPT, origin } });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(cachedUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('allows only the origins in CORS_ORIGINS when it is set, also on cached answers', async () => {
    const url = await serve({ CORS_ORIGINS: ['https://a.example', 'https://b.example'] });
    for (let round = 0; round < 2; round += 1) {
      for (const origin of ['https://a.example', 'https://b.example']) {
        const response = await fetch(getUrl(url, BERT), { headers: { ...JSON_ACCEPT, origin } });
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      }
      const refused = await fetch(getUrl(url, BERT), { headers: { ...JSON_ACCEPT, origin: 'https://elsewhere.example' } });
      expect(refused.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
    }
  });
});

describe('automatic persisted queries', () => {
  const query = '{ capability(slug: "translation") { name } }';
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  const postJson = (body: unknown) =>
    fetch(cachedUrl, { method: 'POST', headers: { ...JSON_ACCEPT, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const expected = { data: { capability: { name: entries('capabilities.yaml').find((e) => e.slug === 'translation')!.name.en } } };

  it('asks for the query once, then answers the hash alone, by POST and by GET', async () => {
    const unknown = await (await postJson({ extensions })).json();
    expect(unknown.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    expect(await (await postJson({ query, extensions })).json()).toEqual(expected);
    expect(await (await postJson({ extensions })).json()).toEqual(expected);

    const get = await fetch(`${cachedUrl}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: JSON_ACCEPT });
    expect(await get.json()).toEqual(expected);
    expect(get.headers.get('etag')).toBeTruthy();
  });

  it('refuses a query whose hash does not match', async () => {
    const result = await (await postJson({ query: '{ model(slug: "bert") { name } }', extensions })).json();
    expect(result.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
  });

  it('still says a request without query or hash lacks its query', async () => {
    const response = await postJson({});
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toBe('Must provide query string.');
  });
});

describe('request bodies over HTTP', () => {
  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const url = await serve({ MAX_BODY_BYTES: 1000 });
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...JSON_ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ model(slug: "${'x'.repeat(2000)}") { name } }` }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
