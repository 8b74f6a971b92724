/**
 * The short path for documents answered cleanly before: it answers exactly as
 * Yoga does (same status, headers and bytes), on the graph being served, and
 * leaves to Yoga every request it cannot answer that way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { loadGraph } from '../src/core/load.ts';
import { schema } from '../src/schema/index.ts';
import { createApp } from '../src/server/app.ts';
import { readConfig } from '../src/server/config.ts';
import { EXAMPLE_QUERIES } from '../src/server/examples.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { PersistedQueries, sha256 } from '../src/server/persisted-queries.ts';
import { operationRequestOf, PreparedOperations } from '../src/server/prepared-operations.ts';
import { MAX_REUSED_BODY_BYTES, type IncomingRequest } from '../src/server/response-cache.ts';
import { BENCH_QUERIES, predecessorChain } from '../bench/queries.ts';
import { DATA_DIR, fixture } from './helpers.ts';

const curated = () => loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
const store = await GraphStore.open(curated);
const config = readConfig({});

/** A POST as the front sees it. */
function post(body: unknown, headers: Record<string, string> = {}): IncomingRequest {
  const all: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers };
  return { method: 'POST', url: '/graphql', header: (name) => all[name], body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) };
}

const LOOKUP = 'query Lookup($slug: String!) { model(slug: $slug) { slug name } }';
/** A clean answer from Yoga as the front passes it on: its headers and its size are what count. */
const CLEAN_ANSWER = { headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' }, body: Buffer.from('{"data":{}}') };

/** Short-path answers, with a fresh set of prepared operations that has seen `learned` answered cleanly, twice each. */
function preparedAfter(...learned: IncomingRequest[]): PreparedOperations {
  const prepared = new PreparedOperations(schema, store, config);
  for (const request of [...learned, ...learned]) prepared.learn(request, CLEAN_ANSWER);
  return prepared;
}

describe('answers as Yoga does', () => {
  const app = createApp(store, { RESPONSE_CACHE_MAX_BYTES: 0, MAX_PAGE_SIZE: 500 });
  // Every query of the README that needs no variables, besides the GraphiQL examples and the bench's.
  const readmeQueries = [...readFileSync(new URL('../README.md', import.meta.url), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .filter((query) => !query.includes('$'));
  const queries = [...[...EXAMPLE_QUERIES.map(({ query }) => query), ...readmeQueries].map((query) => ({ query, variables: undefined })), ...BENCH_QUERIES];
  const variants: [string, RequestInit, string][] = [
    ['POST', { method: 'POST', headers: { 'content-type': 'application/json' } }, ''],
    ['POST in Chinese from a browser', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN', origin: 'https://dash.example', accept: 'application/json' } }, ''],
    ['GET', { method: 'GET', headers: { accept: 'application/graphql-response+json' } }, 'get'],
  ];

  for (const [name, init, how] of variants) {
    it(`repeats Yoga's answer byte for byte: ${name}`, async () => {
      for (const { query, variables } of queries) {
        const body = JSON.stringify({ query, variables });
        const url = how === 'get'
          ? `http://localhost/graphql?${new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) })}`
          : 'http://localhost/graphql';
        const ask = async () => {
          const response = await app.fetch(url, { ...init, ...(how === 'get' ? {} : { body }) });
          return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
        };
        const first = await ask();
        expect(first.status, query).toBe(200);
        expect(JSON.parse(first.body).errors, query).toBeUndefined();
        expect(await ask(), query).toEqual(first);
        const shortPath = vi.spyOn(PreparedOperations.prototype, 'answer');
        const again = await ask();
        expect(await shortPath.mock.results[0]?.value, `short path for ${query}`).toBeDefined();
        shortPath.mockRestore();
        expect(again, query).toEqual(first);
      }
    });
  }
});

describe('persisted queries', () => {
  it('answers a query named by its hash, once registered, as Yoga does', async () => {
    const app = createApp(store, { RESPONSE_CACHE_MAX_BYTES: 0 });
    const query = 'query Named($slug: String!) { model(slug: $slug) { name vendor { name } } }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const register = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { slug: 'bert' }, extensions: { persistedQuery } }),
    });
    expect(register.status).toBe(200);
    const url = `http://localhost/graphql?${new URLSearchParams({ extensions: JSON.stringify({ persistedQuery }), variables: '{"slug":"gpt-3"}' })}`;
    const ask = async () => {
      const response = await app.fetch(url, { headers: { accept: 'application/json' } });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    };
    const first = await ask();
    expect(JSON.parse(first.body)).toEqual({ data: { model: { name: 'GPT-3', vendor: { name: 'OpenAI' } } } });
    expect(await ask()).toEqual(first);
    const shortPath = vi.spyOn(PreparedOperations.prototype, 'answer');
    const again = await ask();
    expect(await shortPath.mock.results[0]?.value).toBeDefined();
    shortPath.mockRestore();
    expect(again).toEqual(first);
  });

  it('reads a hash alone, and leaves registration and unknown hashes to Yoga', () => {
    const query = '{ stats { nodeCount } }';
    const persisted = new PersistedQueries(10);
    persisted.set(sha256(query), query);
    const named = (hash: string, more: Record<string, unknown> = {}) => post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, ...more });
    expect(operationRequestOf(named(sha256(query)), persisted)).toEqual({ query, variables: {}, operationName: undefined });
    expect(operationRequestOf(named(sha256('{ other }')), persisted)).toBeUndefined();
    expect(operationRequestOf(named(sha256(query), { query }), persisted)).toBeUndefined();
    expect(operationRequestOf(post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) }, other: 1 } }), persisted)).toBeUndefined();
    expect(operationRequestOf(named(sha256(query)))).toBeUndefined();
  });
});

describe('takes only what it can answer', () => {
  it('answers a document only after Yoga has answered it cleanly twice', async () => {
    const request = post({ query: LOOKUP, variables: { slug: 'bert' } });
    const once = new PreparedOperations(schema, store, config);
    expect(await once.answer(request)).toBeUndefined();
    once.learn(request, CLEAN_ANSWER);
    expect(await once.answer(request)).toBeUndefined();
    const answer = await preparedAfter(request).answer(request);
    expect(answer?.status).toBe(200);
    expect(answer?.operationName).toBe('Lookup');
    expect(JSON.parse(Buffer.from(answer!.body).toString())).toEqual({ data: { model: { slug: 'bert', name: 'BERT' } } });
  });

  it('answers the same document with other variables, in the language asked for', async () => {
    const prepared = preparedAfter(post({ query: LOOKUP, variables: { slug: 'bert' } }));
    const answer = await prepared.answer(post({ query: LOOKUP, variables: { slug: 'gpt-3' } }, { 'accept-language': 'zh' }));
    expect(JSON.parse(Buffer.from(answer!.body).toString()).data.model.slug).toBe('gpt-3');
  });

  it('leaves answers with errors, and variables Yoga refuses, to Yoga, which words them', async () => {
    const byCapability = 'query ByCapability($slug: String!) { models(filter: { capabilities: [$slug] }) { totalCount } }';
    const prepared = preparedAfter(post({ query: LOOKUP, variables: { slug: 'bert' } }), post({ query: byCapability, variables: { slug: 'code-generation' } }));
    expect(await prepared.answer(post({ query: byCapability, variables: { slug: 'code-generation' } }))).toBeDefined();
    expect(await prepared.answer(post({ query: byCapability, variables: { slug: 'no-such-capability' } }))).toBeUndefined();
    expect(await prepared.answer(post({ query: LOOKUP, variables: { slug: 42 } }))).toBeUndefined();
    expect(await prepared.answer(post({ query: LOOKUP, variables: { slug: 'x'.repeat(config.MAX_VARIABLE_LENGTH + 1) } }))).toBeUndefined();
    expect(await prepared.answer(post({ query: LOOKUP, variables: {} }))).toBeUndefined();
  });

  it('answers only variables that graphql-js coerces, when the cost depends on none of them', async () => {
    const query =
      'query Varied($slug: String!, $filter: ModelFilter, $order: ModelOrder) { model(slug: $slug) { slug } models(filter: $filter, orderBy: $order, first: 5) { totalCount nodes { slug } } }';
    const document = parse(query);
    const definitions = (document.definitions[0] as OperationDefinitionNode).variableDefinitions!;
    const valid = { slug: 'bert', filter: { capabilities: ['code-generation'] }, order: { field: 'NAME', direction: 'DESC' } };
    const prepared = preparedAfter(post({ query, variables: valid }));
    const cases: Record<string, unknown>[] = [
      valid,
      { slug: 'bert' },
      { ...valid, filter: { capabilities: 'code-generation' } },
      { ...valid, filter: { inputModalities: ['IMAGE'], maxParameters: 7e9 } },
      { ...valid, slug: null },
      { ...valid, slug: ['bert'] },
      { ...valid, slug: true },
      { ...valid, filter: { nope: 1 } },
      { ...valid, filter: { capabilities: [null] } },
      { ...valid, filter: { inputModalities: ['SMELL'] } },
      { ...valid, filter: { maxParameters: '7e9' } },
      { ...valid, filter: { releasedFrom: 2020.5 } },
      { ...valid, filter: 'code-generation' },
      { ...valid, order: { field: 'NAME', direction: 'UP' } },
      { ...valid, order: { field: 'NAME' } },
    ];
    for (const variables of cases) {
      const coerces = !getVariableValues(schema, definitions, variables).errors;
      const answer = await prepared.answer(post({ query, variables }));
      expect({ variables, answered: answer !== undefined }).toEqual({ variables, answered: coerces });
    }
  });

  it('answers only variables that graphql-js coerces when a page size is among them, also once its cost is kept', async () => {
    const query = 'query Sized($slug: String!, $first: Int, $last: Int = 3) { model(slug: $slug) { slug } models(first: $first) { nodes { slug } } vendors(last: $last) { nodes { slug } } }';
    const document = parse(query);
    const definitions = (document.definitions[0] as OperationDefinitionNode).variableDefinitions!;
    const prepared = preparedAfter(post({ query, variables: { slug: 'bert', first: 5 } }));
    // Each case twice: the second meets the cost kept for its page sizes, where the first's coerced.
    const cases: Record<string, unknown>[] = [
      { slug: 'bert', first: 5 },
      { slug: 42, first: 5 },
      { slug: 'bert', first: '5' },
      { slug: 'bert', first: 5.5 },
      { slug: 'bert', first: null },
      { slug: 'bert' },
      { slug: ['bert'] },
      { slug: 'bert', first: 5, last: null },
      { slug: 'bert', first: 5, last: [3] },
      { slug: 'bert', first: 2 ** 31 },
    ];
    for (const variables of [...cases, ...cases]) {
      const coerces = !getVariableValues(schema, definitions, variables).errors;
      const answer = await prepared.answer(post({ query, variables }));
      expect({ variables, answered: answer !== undefined }).toEqual({ variables, answered: coerces });
    }
  });

  it('leaves to Yoga a cost over the limit with the variables given', async () => {
    const query = 'query Page($first: Int!) { models(first: $first) { nodes { capabilities { slug } vendor { models(first: $first) { nodes { slug } } } } } }';
    const prepared = preparedAfter(post({ query, variables: { first: 2 } }));
    expect(await prepared.answer(post({ query, variables: { first: 2 } }))).toBeDefined();
    expect(await prepared.answer(post({ query, variables: { first: 500 } }))).toBeUndefined();
  });

  it('leaves to Yoga a `nodes` whose ids make it cost over the limit', async () => {
    const query = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { ... on Model { capabilities { models(first: 50) { nodes { slug } } } } } }';
    const ids = (count: number) => Array.from({ length: count }, () => 'TW9kZWw6YmVydA==');
    const prepared = preparedAfter(post({ query, variables: { ids: ids(2) } }));
    expect(await prepared.answer(post({ query, variables: { ids: ids(3) } }))).toBeDefined();
    // 1 + 30 × (capabilities (1) + 10 × (models (1) + 50 × (nodes (1) + slug (1)))): 30,331.
    expect(await prepared.answer(post({ query, variables: { ids: ids(30) } }))).toBeUndefined();
  });

  it('answers a document whose answer passes maxAnswerBytes once more, then leaves it to Yoga (the worker)', async () => {
    const query = 'query Page($first: Int!) { models(first: $first) { nodes { slug name description } } }';
    const request = (first: number) => post({ query, variables: { first } });
    const bounded = new PreparedOperations(schema, store, config, undefined, { maxCost: config.MAX_COST, maxAnswerBytes: 2000 });
    for (let i = 0; i < 2; i++) bounded.learn(request(2), CLEAN_ANSWER);
    expect(await bounded.answer(request(2))).toBeDefined();
    const large = await bounded.answer(request(100));
    expect(large!.body.byteLength).toBeGreaterThan(2000);
    expect(await bounded.answer(request(2))).toBeUndefined();
  });

  it('prepares a document only after two answers in a row from Yoga within maxAnswerBytes', async () => {
    const request = post({ query: LOOKUP, variables: { slug: 'bert' } });
    const bounded = new PreparedOperations(schema, store, config, undefined, { maxCost: config.MAX_COST, maxAnswerBytes: 1000 });
    const large = { ...CLEAN_ANSWER, body: Buffer.alloc(1001, ' ') };
    for (const answer of [CLEAN_ANSWER, large, CLEAN_ANSWER]) bounded.learn(request, answer);
    expect(await bounded.answer(request)).toBeUndefined();
    bounded.learn(request, CLEAN_ANSWER);
    expect(await bounded.answer(request)).toBeDefined();
  });

  it('keeps its prepared documents however many new documents give answers over maxAnswerBytes', async () => {
    const known = post({ query: LOOKUP, variables: { slug: 'bert' } });
    const bounded = new PreparedOperations(schema, store, config, undefined, { maxCost: config.MAX_COST, maxAnswerBytes: 1000 });
    for (let i = 0; i < 2; i++) bounded.learn(known, CLEAN_ANSWER);
    const large = { ...CLEAN_ANSWER, body: Buffer.alloc(1001, ' ') };
    for (let i = 0; i < 3000; i++) bounded.learn(post({ query: `# ${i}\n{ models(first: 500) { nodes { slug } } }` }), large);
    expect(await bounded.answer(known)).toBeDefined();
  });

  it('leaves to Yoga a document that would compile to more than maxCompiledFields', async () => {
    // model, slug, name: 3 fields; the other, 12.
    const small = post({ query: LOOKUP, variables: { slug: 'bert' } });
    const large = post({ query: '{ model(slug: "bert") { slug name releaseDate parameterCount contextWindow vendor { slug name } capabilities { slug name } } }' });
    const bounded = new PreparedOperations(schema, store, config, undefined, { maxCompiledFields: 10 });
    for (const request of [small, large, small, large]) bounded.learn(request, CLEAN_ANSWER);
    expect(await bounded.answer(small)).toBeDefined();
    expect(await bounded.answer(large)).toBeUndefined();
    expect(await preparedAfter(large).answer(large)).toBeDefined();
  });

  it('prepares new documents only as fast as its credit for preparing comes back, and the rest at a later answer', async () => {
    const lookup = (slug: string) => post({ query: `{ model(slug: "${slug}") { name } }` });
    const [first, second, third] = [lookup('bert'), lookup('gpt-3'), lookup('gpt-4')] as const;
    // Each reading of the clock comes 30 ms after the last, so each preparation takes 30 ms.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 30));
    const bounded = new PreparedOperations(schema, store, config, undefined, { preparingMsPerSecond: 20, maxPreparingCreditMs: 50 });
    // A credit of 50 ms: the first two take 60 of it, and the third finds it spent.
    for (const request of [first, first, second, second, third, third]) bounded.learn(request, CLEAN_ANSWER);
    now.mockRestore();
    expect(await bounded.answer(first)).toBeDefined();
    expect(await bounded.answer(second)).toBeDefined();
    expect(await bounded.answer(third)).toBeUndefined();
    // A second later it has earned 20 ms back, and the third's next clean answer prepares it.
    clock += 1000;
    const later = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 30));
    bounded.learn(third, CLEAN_ANSWER);
    later.mockRestore();
    expect(await bounded.answer(third)).toBeDefined();
  });

  it('never prepares a document the limits refuse, even if told it was answered', async () => {
    const deep = `{ ${'model(slug: "bert") { vendor { '.repeat(10)}name${' } }'.repeat(10)} }`;
    const request = post({ query: deep });
    expect(await preparedAfter(request).answer(request)).toBeUndefined();
  });

  it('reads the graph being served at the time of each request', async () => {
    const swapping = await GraphStore.open(curated);
    const prepared = new PreparedOperations(schema, swapping, config);
    const query = '{ stats { nodeCount } }';
    prepared.learn(post({ query }), CLEAN_ANSWER);
    prepared.learn(post({ query }), CLEAN_ANSWER);
    const models = async () => JSON.parse(Buffer.from((await prepared.answer(post({ query })))!.body).toString()).data.stats.nodeCount;
    const before = await models();
    Object.defineProperty(swapping, 'current', { value: await loadGraph({ dataDir: fixture('mini'), datasets: ['curated'] }) });
    expect(await models()).not.toBe(before);
  });

  it('leaves to Yoga, from then on, a document whose short path failed in any way', async () => {
    let broken = false;
    const flaky = {
      get current() {
        if (broken) throw new Error('no graph');
        return store.current;
      },
    };
    const prepared = new PreparedOperations(schema, flaky, config);
    const request = post({ query: LOOKUP, variables: { slug: 'bert' } });
    prepared.learn(request, CLEAN_ANSWER);
    prepared.learn(request, CLEAN_ANSWER);
    expect(await prepared.answer(request)).toBeDefined();
    broken = true;
    expect(await prepared.answer(request)).toBeUndefined();
    broken = false;
    expect(await prepared.answer(request)).toBeUndefined();
  });

  it('keeps at most 1,000 documents prepared, the least recently used going first', async () => {
    const documents = Array.from({ length: 1001 }, (_, i) => post({ query: `# ${i}\n{ stats { nodeCount } }` }));
    const prepared = preparedAfter(...documents);
    expect(await prepared.answer(documents[0]!)).toBeUndefined();
    expect(await prepared.answer(documents[1]!)).toBeDefined();
    expect(await prepared.answer(documents[1000]!)).toBeDefined();
  });

  it('bounds what its prepared documents hold, not only their number', async () => {
    // 30 KB of text each, held as a syntax tree of about 2.4 MB: 30 of them pass the 64 MB kept.
    const documents = Array.from({ length: 30 }, (_, i) => post({ query: `# ${String(i).padEnd(30_000, '.')}\n{ stats { nodeCount } }` }));
    const prepared = preparedAfter(...documents);
    expect(await prepared.answer(documents[0]!)).toBeUndefined();
    expect(await prepared.answer(documents[29]!)).toBeDefined();
  });

  it('never compiles, alone on its thread, what Yoga would not compile either', async () => {
    const { selection, fragment } = predecessorChain(12);
    const request = post({ query: `{ model(slug: "gpt-4") { ${selection} } } ${fragment}` });
    expect(await preparedAfter(request).answer(request)).toBeUndefined();
  });

  it('knows one operation per request, as JSON or GET parameters, and nothing else', () => {
    expect(operationRequestOf(post({ query: '{ stats { nodeCount } }', operationName: null, variables: null }))).toEqual({
      query: '{ stats { nodeCount } }',
      variables: {},
      operationName: undefined,
    });
    const get = (search: string): IncomingRequest => ({ method: 'GET', url: `/graphql?${search}`, header: () => undefined });
    expect(operationRequestOf(get(new URLSearchParams({ query: '{ stats { nodeCount } }', variables: '{"a":1}' }).toString()))).toEqual({
      query: '{ stats { nodeCount } }',
      variables: { a: 1 },
      operationName: undefined,
    });
    const refused: IncomingRequest[] = [
      post([{ query: '{ stats { nodeCount } }' }]),
      post({ query: '{ stats { nodeCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
      post({ query: '{ stats { nodeCount } }', other: 1 }),
      post({ query: '{ stats { nodeCount } }', variables: [1] }),
      post({ query: '{ stats { nodeCount } }', operationName: 3 }),
      post({ query: '{ stats { nodeCount } }' }, { 'content-type': 'application/graphql' }),
      post('{ "query": '),
      post({ query: '{ stats { nodeCount } }', variables: { padding: 'x'.repeat(MAX_REUSED_BODY_BYTES) } }),
      post({ variables: {} }),
      get('query=a&query=b'),
      get('query=%7Ba%7D&variables=%7B'),
      get('extensions=%7B%7D&query=%7Ba%7D'),
      { method: 'GET', url: '/graphql', header: () => undefined },
    ];
    for (const request of refused) expect(operationRequestOf(request)).toBeUndefined();
  });
});
