/**
 * Hostile input over real HTTP: every request a client can send is answered or
 * refused with a clear status and error, promptly, without leaking internals,
 * and the server keeps answering honest queries afterwards.
 */
import { Readable } from 'node:stream';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberPrintedBy, serveForTest, type ServedForTest } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

/** A hang guard, not a speed test: an answer that takes this long counts as none. */
const HANG_GUARD_MS = 15_000;
/** What a leak looks like: a stack frame, a source file, a path on this machine. */
const LEAK = /\bat .+:\d+:\d+|\.[cm]?[jt]s\b:\d+|node_modules|file:\/\/|\/work\/|\/home\/|stack/i;
const ONE_MB = 1024 * 1024;

let server: ServedForTest;
let client: GraphQLClient;
const bert = entries('models.yaml').find((model) => model.slug === 'bert')!;

beforeAll(async () => {
  server = await serveForTest({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  client = new GraphQLClient(server.url);
});
afterAll(() => server.close());

interface HostileCase {
  name: string;
  /** The request, sent to /graphql; `url` adds a query string. */
  init: RequestInit & { url?: string };
  status: number;
  /** `extensions.code` of the first error, where the answer is GraphQL. */
  code?: string;
  message?: RegExp;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify(body),
});
const query = (text: string, variables?: Record<string, unknown>) => json({ query: text, variables });
const nested = (open: string, levels: number, leaf: string, close = '}') => `${open.repeat(levels)}${leaf}${close.repeat(levels)}`;
const aliases = (count: number) => Array.from({ length: count }, (_, i) => `a${i}: model(slug: "bert") { name }`).join(' ');
/** Each fragment spreads the next twice: 2^30 copies of the last one once expanded. */
const spreadBomb = () =>
  `query { ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F30 on Query { models { totalCount } }`;
async function* chunks(total: number) {
  yield '{"query": "{ __typename }", "padding": "';
  for (let sent = 0; sent < total; sent += 64 * 1024) yield 'x'.repeat(64 * 1024);
  yield '"}';
}

const CASES: HostileCase[] = [
  {
    name: 'deep nesting in a query',
    init: query(`{ models { nodes { ${nested('vendor { models { nodes { ', 8, 'name', '} } } ')} } } }`),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
    message: /levels of nesting, over the limit of 15/,
  },
  {
    name: 'deep nesting in introspection',
    init: query(`{ __schema { types { ${nested('fields { type { ', 10, 'name', '} } ')} } } }`),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
  },
  {
    name: 'nesting thousands of levels deep, past any parser stack',
    init: query(`{ ${nested('a { ', 20_000, 'b')} }`),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
    message: /nests too deeply to parse/,
  },
  {
    name: 'lists nested thousands of levels deep in an argument',
    init: query(`{ model(slug: ${nested('[', 20_000, '"bert"', ']')}) { name } }`),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'an alias flood',
    init: query(`{ ${aliases(50)} }`),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
    message: /50 aliases, over the limit of 20/,
  },
  {
    name: 'a field flood in large pages',
    init: query(`{ models(first: 500) { nodes { ${'name description '.repeat(200)} } } }`),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
    message: /costs \d+, over the limit of 25000/,
  },
  {
    name: 'nested connections whose pages multiply',
    init: query('query($n: Int) { models(first: $n) { nodes { vendor { models(first: $n) { nodes { name } } } } } }', { n: 500 }),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
  },
  {
    name: 'a fragment cycle',
    init: query('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot spread fragment "A" within itself/,
  },
  { name: 'a fragment spread bomb', init: query(spreadBomb()), status: 400, code: 'OPERATION_TOO_COMPLEX' },
  {
    name: 'a directive flood',
    init: query(`{ __typename ${'@skip(if: false) '.repeat(40)}}`),
    status: 400,
    code: 'OPERATION_TOO_COMPLEX',
    message: /40 directives, over the limit of 20/,
  },
  {
    name: 'a document over the body cap',
    init: query(`{ __typename }${' '.repeat(2 * ONE_MB)}`),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'variables over the body cap',
    init: query('query($slug: String!) { model(slug: $slug) { name } }', { slug: 'x'.repeat(2 * ONE_MB) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a chunked body that grows past the cap',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.toWeb(Readable.from(chunks(2 * ONE_MB))), duplex: 'half' } as RequestInit,
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a large variable of the wrong type (not echoed back)',
    init: query('query($n: Int) { models(first: $n) { totalCount } }', { n: 'x'.repeat(500_000) }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /^Variable "\$n" holds a string of 500000 characters, over the limit of 10000\.$/,
  },
  {
    name: 'a large literal of the wrong type (not echoed back)',
    init: query(`{ models(first: "${'x'.repeat(500_000)}") { totalCount } }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a batch of operations',
    init: json([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    status: 400,
    code: 'BAD_REQUEST',
    message: /Batching is not supported/,
  },
  {
    name: 'a malformed JSON body',
    init: { ...json(null), body: '{"query": "{ __typename }"' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'an empty body', init: { ...json(null), body: '' }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON body that is not an object', init: json(42), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a wrong content type',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' },
    status: 415,
  },
  {
    name: 'a mutation over GET',
    init: { url: `?query=${encodeURIComponent('mutation { x }')}`, headers: { accept: 'application/graphql-response+json' } },
    status: 405,
    message: /Can only perform a mutation operation from a POST request/,
  },
  {
    name: 'an invalid global id',
    init: query('{ node(id: "not-an-id") { id } }'),
    status: 200,
    message: /Invalid global ID/,
  },
  {
    name: 'a global id of an unknown type',
    init: query(`{ node(id: "${Buffer.from('Nothing:bert').toString('base64')}") { id } }`),
    status: 200,
  },
  {
    name: 'a cursor this API did not issue',
    init: query('{ models(after: "b3BhcXVl") { totalCount } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /not a cursor this API issued/,
  },
  {
    name: 'a page size beyond 32 bits',
    init: query('{ models(first: 99999999999) { totalCount } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a page size over the cap',
    init: query('{ models(first: 501) { totalCount } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /over the page-size cap of 500/,
  },
  { name: 'a negative page size', init: query('{ models(last: -1) { totalCount } }'), status: 200, code: 'BAD_USER_INPUT' },
  {
    name: 'a NUL byte in the document',
    init: query('{ __typename \u0000 }'),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a NUL byte in a variable',
    init: query('query($slug: String!) { model(slug: $slug) { name } }', { slug: 'bert\u0000' }),
    status: 200,
  },
  {
    name: 'a lone surrogate in a string',
    init: { ...json(null), body: '{"query": "{ model(slug: \\"\\ud800\\") { name } }"}' },
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'bytes that are not UTF-8',
    init: { ...json(null), body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0xc3, 0x28, 0x7d]) },
    status: 400,
    code: 'BAD_REQUEST',
  },
];

describe('hostile input over HTTP', () => {
  it.each(CASES)('$name: $status', async ({ init, status, code, message }) => {
    const { url = '', ...request } = init;
    const response = await fetch(server.url + url, { ...request, signal: AbortSignal.timeout(HANG_GUARD_MS) });
    const text = await response.text();

    expect(response.status).toBe(status);
    expect(text).not.toMatch(LEAK);
    expect(text.length).toBeLessThan(4096);
    if (code || message) {
      const { errors } = JSON.parse(text) as { errors: { message: string; extensions?: { code?: string } }[] };
      if (code) expect(errors[0]!.extensions?.code).toBe(code);
      if (message) expect(errors[0]!.message).toMatch(message);
    }
    const after = await client.request<{ model: { name: string } }>('{ model(slug: "bert") { name } }');
    expect(after.model.name).toBe(bert.name.en);
  });
});

describe('what a client can make the server keep', () => {
  it('keeps nothing of documents padded to near the body cap once answered, where Yoga by itself kept each', async () => {
    // In a fresh process: 100 new documents of 900 KB (a comment around `{ __typename }`), answered, then the heap kept.
    const script = `
      import { loadGraph } from './src/core/load.ts';
      import { createApp } from './src/server/app.ts';
      import { GraphStore } from './src/server/graph-store.ts';
      const graph = await loadGraph({ dataDir: 'data', datasets: ['curated'] });
      const app = createApp(new GraphStore(graph, async () => graph), { RESPONSE_CACHE_MAX_BYTES: 0 });
      const padding = '#'.padEnd(900000, 'x');
      const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
      const before = heap();
      for (let i = 0; i < 100; i++) {
        const body = JSON.stringify({ query: '# ' + i + '\\n' + padding + '\\n{ __typename }' });
        await (await app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
      }
      console.log((heap() - before) / 2 ** 20);
    `;
    // Yoga's own caches kept 87 MB here: every document's text.
    expect(await numberPrintedBy(script, ['--expose-gc'])).toBeLessThan(20);
  }, 60_000);
});
