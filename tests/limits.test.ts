/**
 * The limits as configured: honest documents (GraphiQL's introspection, the
 * examples, the README's queries) run; documents past a limit are refused with
 * a clear error; errors never leak internals or suggestions in production.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getIntrospectionQuery, getOperationAST, getVariableValues, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { KnowledgeGraph } from '../src/core/graph.ts';
import { loadGraph } from '../src/core/load.ts';
import { ASSUMED_LIST_SIZE, DEFAULT_PAGE_SIZE } from '../src/schema/pagination.ts';
import { schema } from '../src/schema/index.ts';
import { createApp, type App } from '../src/server/app.ts';
import { readConfig } from '../src/server/config.ts';
import { countCost } from '../src/server/cost.ts';
import { EXAMPLE_QUERIES } from '../src/server/examples.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { createLogger } from '../src/server/logging.ts';
import { DATA_DIR, gql, mergedGql, type Result } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** Every ```graphql block of the README. */
function readmeQueries(): string[] {
  return [...readFileSync(README, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** An app over the real data with some settings changed; `wrapGraph` may stand in for the loaded graph. */
async function appWith(env: Record<string, string>, wrapGraph = (graph: KnowledgeGraph) => graph): Promise<App> {
  const graph = wrapGraph(await loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] }));
  const config = readConfig(env);
  return createApp(new GraphStore(graph, async () => graph), config, { logger: createLogger({ LOG_LEVEL: 'silent' }) });
}

async function post(app: App, body: unknown): Promise<{ status: number; result: Result }> {
  const response = await app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, result: (await response.json()) as Result };
}

/** The cost of a query, its variables coerced (defaults applied) as the server does. */
const cost = (query: string, variables: Record<string, unknown> = {}, maxPageSize = 500) => {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], variables) as { coerced: Record<string, unknown> };
  return countCost(schema, document, operation, coerced, maxPageSize)?.total;
};

describe('honest documents run under the default limits', () => {
  it('runs GraphiQL\'s introspection query, with every option it may ask for', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const result = await gql(query);
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType.name).toBe('Query');
  });

  it.each(EXAMPLE_QUERIES)('runs the GraphiQL example "$name"', async ({ query }) => {
    expect((await gql(query)).errors).toBeUndefined();
  });

  it('runs every query of the README, on the merged graph that answers them all', async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect((await mergedGql(query)).errors, query).toBeUndefined();
  });

  it('runs a full page of models with every scalar field', async () => {
    const result = await gql(`{ models(first: 500) { totalCount nodes { id slug name description releaseDate releaseYear
      parameterCount layers openWeights contextWindow inputModalities outputModalities vendor { name } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.models.nodes).toHaveLength(entries('models.yaml').length);
  });
});

describe('operation cost', () => {
  it('multiplies what a connection selects by its `first`', () => {
    // models (1) + 20 × (nodes (1) + name (1))
    expect(cost('{ models(first: 20) { nodes { name } } }')).toBe(1 + 20 * 2);
  });

  it('counts `last`, or the default page size when neither is given', () => {
    expect(cost('{ models(last: 7) { nodes { name } } }')).toBe(1 + 7 * 2);
    expect(cost('{ models { nodes { name } } }')).toBe(1 + DEFAULT_PAGE_SIZE * 2);
  });

  it('reads page sizes given as variables', () => {
    expect(cost('query($n: Int) { models(first: $n) { nodes { name } } }', { n: 300 })).toBe(cost('{ models(first: 300) { nodes { name } } }'));
  });

  it('reads a page size from a variable\'s default when the variable is left out', () => {
    expect(cost('query($n: Int = 400) { models(first: $n) { nodes { name } } }')).toBe(1 + 400 * 2);
    expect(cost('query($n: Int = 400) { models(first: $n) { nodes { name } } }', { n: 3 })).toBe(1 + 3 * 2);
  });

  it('multiplies nested connections', () => {
    // models (1) + 10 × (nodes (1) + vendor (1) + models (1) + 5 × (nodes (1) + slug (1)))
    expect(cost('{ models(first: 10) { nodes { vendor { models(first: 5) { nodes { slug } } } } } }')).toBe(1 + 10 * (3 + 5 * 2));
  });

  it('multiplies what a sized list selects by its `first`, or by the argument\'s default', () => {
    // search (1) + 5 × (score (1) + node (1) + slug (1))
    expect(cost('{ search(query: "gpt", first: 5) { score node { slug } } }')).toBe(1 + 5 * 3);
    expect(cost('{ search(query: "gpt") { score node { slug } } }')).toBe(1 + 10 * 3);
    expect(cost('{ related(id: "x") { score } }')).toBe(1 + 10 * 1);
  });

  it('counts a neighbourhood at its `limit`, so the pages its nodes ask for multiply by it', () => {
    // neighborhood (1) + 30 × (nodes (1) + slug (1) + edges (1) + type (1))
    expect(cost('{ neighborhood(id: "x", limit: 30) { nodes { slug } edges { type } } }')).toBe(1 + 30 * 4);
    expect(cost('{ neighborhood(id: "x") { nodes { slug } } }')).toBe(1 + 200 * 2);
    expect(cost('query($n: Int) { neighborhood(id: "x", limit: $n) { nodes { slug } } }', { n: 7 })).toBe(1 + 7 * 2);
    const wide = '{ neighborhood(id: "x", depth: 3, limit: 500) { nodes { ... on Model { capabilities { models(first: 20) { nodes { name } } } } } } }';
    // 1 + 500 × (nodes (1) + capabilities (1) + 10 capabilities × (models (1) + 20 × (nodes (1) + name (1))))
    expect(cost(wide)).toBe(1 + 500 * (2 + ASSUMED_LIST_SIZE * (1 + 20 * 2)));
  });

  it('takes a list of objects without a size argument to hold ASSUMED_LIST_SIZE items, or the `listSize` its field declares', () => {
    // model (1) + capabilities (1) + 10 × slug (1)
    expect(cost('{ model(slug: "x") { capabilities { slug } } }')).toBe(1 + 1 + ASSUMED_LIST_SIZE * 1);
    // An entity's relations declare 50: a capability or a platform has hundreds.
    expect(cost('{ model(slug: "x") { relations { type } } }')).toBe(1 + 1 + 50 * 1);
    expect(cost('{ model(slug: "x") { capabilities { relations { type } } } }')).toBe(1 + 1 + ASSUMED_LIST_SIZE * (1 + 50 * 1));
  });

  it('counts an entity\'s relationConnection by its page, as any connection', () => {
    // capability (1) + relationConnection (1) + 5 × (nodes (1) + type (1))
    expect(cost('{ capability(slug: "x") { relationConnection(direction: IN, first: 5) { nodes { type } } } }')).toBe(1 + 1 + 5 * 2);
    expect(cost('{ capability(slug: "x") { relationConnection { totalCount } } }')).toBe(1 + 1 + DEFAULT_PAGE_SIZE * 1);
  });

  it('runs a page of 100 models with their relations, within the default MAX_COST', async () => {
    // 1 + 100 × (nodes (1) + relations (1) + 50 × (type (1) + to (1) + name (1))): 15,201.
    const result = await gql('{ models(first: 100) { nodes { relations { type to { name } } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.models.nodes.some((model: { relations: unknown[] }) => model.relations.length > 0)).toBe(true);
  });

  it('counts the lists a sized field holds by its size alone', () => {
    // models (1) + 10 × (nodes (1) + slug (1) + edges (1) + node (1) + slug (1))
    expect(cost('{ models(first: 10) { nodes { slug } edges { node { slug } } } }')).toBe(1 + 10 * 5);
    expect(cost('{ models(first: 10) { ...page } } fragment page on ModelConnection { nodes { slug } }')).toBe(1 + 10 * 2);
    // A path's lists are unsized: shortestPath has no size argument.
    expect(cost('{ shortestPath(from: "x", to: "y") { nodes { slug } } }')).toBe(1 + 1 + ASSUMED_LIST_SIZE * 1);
  });

  it('multiplies what `nodes` selects by the ids it is given, past the page-size cap too', () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3 * 1);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c', 'd', 'e'] })).toBe(1 + 5 * 1);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 600 }, () => 'a') }, 500)).toBe(1 + 600 * 1);
  });

  it('names, when it refuses, the fields that multiply the cost along its costliest branch, by their response paths', async () => {
    const app = await appWith({ MAX_COST: '1000' });
    const query = `query($n: Int!) { cheap: model(slug: "bert") { name } top: vendors(first: 5) { nodes { ...heavy } } }
      fragment heavy on Vendor { name models(first: $n) { totalCount nodes { ... on Model { capabilities { slug } } } } }`;
    const refused = await post(app, { query, variables: { n: 40 } });
    // cheap (2) + top (1) + 5 × (nodes (1) + name (1) + models (1) + 40 × (totalCount (1) + nodes (1) + capabilities (1) + 10 × slug (1)))
    expect(refused.result.errors![0]!.message).toBe(
      `The operation costs ${2 + 1 + 5 * (3 + 40 * (3 + 10))}, over the limit of 1000; ask for smaller pages or fewer nested lists. Most of it is in top ×5 › nodes.models ×40 › nodes.capabilities ×10.`,
    );
  });

  it('names the costliest fields of a document whose fragments spread each other, opening each fragment once', async () => {
    const app = await appWith({ MAX_COST: '100' });
    const query = `{ models(first: 100) { nodes { ...onModel } } }
      fragment onModel on Model { name vendor { ...onVendor } }
      fragment onVendor on Vendor { models(first: 5) { nodes { ...onModel } } }`;
    const refused = await post(app, { query });
    expect(refused.status).toBe(400);
    expect(refused.result.errors![0]!.message).toMatch(/^The operation costs \d+, over the limit of 100; ask for smaller pages\. Most of it is in models ×100 › nodes\.vendor\.models ×5\.$/);
  });

  it('says how many times fragments select the costliest field, when that is what costs', async () => {
    const app = await appWith({ MAX_COST: '1000' });
    // Each fragment spreads the next twice: 2^10 copies of the last one's page.
    const fragments = Array.from({ length: 10 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const query = `{ ...F0 } ${fragments} fragment F10 on Query { models(first: 1) { totalCount } }`;
    const refused = await post(app, { query });
    expect(refused.result.errors![0]!.message).toBe(
      `The operation costs ${2 ** 10 * (1 + 1)}, over the limit of 1000; ask for fewer fragment spreads. Most of it is in models, selected 1024 times.`,
    );
  });

  it('asks for fewer ids when the ids given to `nodes` are what cost', async () => {
    const app = await appWith({ MAX_COST: '100' });
    const ids = Array.from({ length: 60 }, (_, i) => `id${i}`);
    const refused = await post(app, { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }', variables: { ids } });
    // nodes (1) + 60 × (id (1) + __typename (1))
    expect(refused.result.errors![0]!.message).toBe(`The operation costs ${1 + 60 * 2}, over the limit of 100; ask for fewer ids. Most of it is in nodes ×60.`);
  });

  it('asks for fewer fields when no field multiplies the cost', async () => {
    const app = await appWith({ MAX_COST: '3' });
    const refused = await post(app, { query: '{ a: __typename b: __typename c: __typename d: __typename }' });
    expect(refused.result.errors![0]!.message).toBe('The operation costs 4, over the limit of 3; ask for fewer fields.');
  });

  it('counts introspection as it is', () => {
    // __schema (1) + types (1) + fields (1) + name (1)
    expect(cost('{ __schema { types { fields { name } } } }')).toBe(4);
  });

  it('refuses the relations of a hub whose ends each ask for pages, over the default MAX_COST', async () => {
    const app = await appWith({});
    const query = '{ platform(slug: "x") { relations(direction: IN) { from { ... on Model { capabilities { models(first: 50) { nodes { name vendor { name } } } } } } } } }';
    const refused = await post(app, { query });
    expect(refused.status).toBe(400);
    // platform (1) + relations (1) + 50 × (from (1) + capabilities (1) + 10 × (models (1) + 50 × 4))
    const expected = 1 + 1 + 50 * (2 + ASSUMED_LIST_SIZE * (1 + 50 * 4));
    expect(refused.result.errors![0]!.message).toBe(
      `The operation costs ${expected}, over the limit of 25000; ask for fewer nested lists or smaller pages. Most of it is in platform.relations ×50 › from.capabilities ×10 › models ×50.`,
    );
  });

  it('refuses a neighbourhood whose nodes each ask for pages, over the default MAX_COST', async () => {
    const app = await appWith({});
    const query = '{ neighborhood(id: "x", depth: 3, limit: 500) { nodes { ... on Model { capabilities { models(first: 20) { nodes { name vendor { name } } } } } } } }';
    const refused = await post(app, { query });
    expect(refused.status).toBe(400);
    expect(refused.result.errors![0]!.message).toBe(
      `The operation costs ${1 + 500 * (2 + ASSUMED_LIST_SIZE * (1 + 20 * 4))}, over the limit of 25000; ask for smaller pages or fewer nested lists. Most of it is in neighborhood ×500 › nodes.capabilities ×10 › models ×20.`,
    );
  });

  it('counts a page past the cap as the cap, leaving the refusal to the clearer page-size error', () => {
    expect(cost('{ models(first: 100000) { nodes { name } } }', {}, 500)).toBe(1 + 500 * 2);
  });

  it('counts a fragment at every spread, without expanding it again each time', () => {
    const spreads = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
    expect(cost(`query { ...F0 } ${spreads} fragment F30 on Query { __typename }`)).toBe(2 ** 30);
  });

  it('knows the least an operation can cost before its variables are known: each counts as 0', () => {
    const document = parse('query($n: Int) { models(first: $n) { nodes { name } } vendors(first: 10) { nodes { name } } }');
    // models: 1 + 0 × 2; vendors: 1 + 10 × 2
    expect(countCost(schema, document, getOperationAST(document)!, undefined, 500)?.total).toBe(1 + 1 + 10 * 2);
  });

  it('refuses a document over MAX_COST at validation, whatever its variables', async () => {
    const app = await appWith({ MAX_COST: '100' });
    const query = 'query($n: Int) { models(first: 200) { nodes { vendor { models(first: $n) { nodes { name } } } } } }';
    const refused = await post(app, { query, variables: { n: 0 } });
    expect(refused.status).toBe(400);
    // At validation the page given as a variable counts as empty, and is not named.
    expect(refused.result.errors![0]!.message).toBe('The operation costs 601, over the limit of 100; ask for smaller pages. Most of it is in models ×200.');
  });

  it('refuses an operation one over MAX_COST, and runs one at it', async () => {
    const app = await appWith({ MAX_COST: String(1 + 20 * 2) });
    expect((await post(app, { query: '{ models(first: 20) { nodes { name } } }' })).result.errors).toBeUndefined();
    const refused = await post(app, { query: '{ models(first: 21) { nodes { name } } }' });
    expect(refused.status).toBe(400);
    expect(refused.result.errors![0]!.message).toBe('The operation costs 43, over the limit of 41; ask for smaller pages. Most of it is in models ×21.');
  });
});

describe('errors', () => {
  const typo = '{ modle(slug: "bert") { name } }';
  const badFilterField = { query: 'query($f: ModelFilter) { models(filter: $f) { totalCount } }', variables: { f: { vendorz: ['x'] } } };

  it('suggests field names in development', async () => {
    const app = await appWith({ NODE_ENV: 'development' });
    expect((await post(app, { query: typo })).result.errors![0]!.message).toMatch(/Did you mean "model"/);
    expect((await post(app, badFilterField)).result.errors![0]!.message).toMatch(/Did you mean "vendors"\?/);
  });

  it('hides every suggestion in production, in validation and in variables alike', async () => {
    const app = await appWith({ NODE_ENV: 'production' });
    const validation = (await post(app, { query: typo })).result.errors![0]!.message;
    expect(validation).toBe('Cannot query field "modle" on type "Query".');
    const variables = (await post(app, badFilterField)).result.errors![0]!.message;
    expect(variables).toMatch(/Field "vendorz" is not defined by type "ModelFilter"\.$/);
  });

  it.each(['development', 'production'])('masks internal errors in %s', async (mode) => {
    const broken = (graph: KnowledgeGraph) =>
      new Proxy(graph, {
        get(target, property, receiver) {
          if (property === 'models') throw new Error(`secret failure in ${DATA_DIR}`);
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    const app = await appWith({ NODE_ENV: mode }, broken);
    const { result } = await post(app, { query: '{ models { totalCount } }' });
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
    expect(JSON.stringify(result)).not.toMatch(/secret|stack|\/work\//);
  });

  it('stops an operation that runs past EXECUTION_TIMEOUT_MS', async () => {
    const app = await appWith({ EXECUTION_TIMEOUT_MS: '1', MAX_COST: '100000000' });
    const fields = 'name description aliases claims { attribute value } citations { quote } vendor { name }';
    const { result } = await post(app, { query: `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: models(first: 500) { nodes { ${fields} } }`).join(' ')} }` });
    expect(result.errors![0]!.extensions!.code).toBe('EXECUTION_TIMEOUT');
    expect(result.errors![0]!.message).toBe('The operation ran longer than the limit of 1 ms and was stopped.');
  });

  it('refuses a document over MAX_TOKENS tokens before parsing all of it', async () => {
    const { status, result } = await post(await appWith({}), { query: `{ ${'__typename '.repeat(1200)}}` });
    expect(status).toBe(400);
    expect(result.errors![0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(result.errors![0]!.message).toMatch(/more tha[nt] 1000 tokens/);
  });

  it('refuses brackets nested past 64 levels before the parser descends into them, within the token cap', async () => {
    const app = await appWith({});
    // The selection's brace and the arguments' parenthesis count too: 2 + 63 = 65.
    const { status, result } = await post(app, { query: `{ model(slug: ${'['.repeat(63)}"bert"${']'.repeat(63)}) { name } }` });
    expect(status).toBe(400);
    expect(result.errors![0]).toMatchObject({ message: 'Syntax Error: The document nests too deeply to parse.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    // 64 levels are the parser's to read (and validation's to refuse: a slug is no list).
    const { result: within } = await post(app, { query: `{ model(slug: ${'['.repeat(62)}"bert"${']'.repeat(62)}) { name } }` });
    expect(within.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a variable holding a string over MAX_VARIABLE_LENGTH anywhere inside it, before coercing it', async () => {
    const app = await appWith({ MAX_VARIABLE_LENGTH: '100' });
    const query = 'query($filter: ModelFilter) { models(filter: $filter) { totalCount } }';
    const nested = { filter: { capabilities: ['code-generation', 'y'.repeat(101)] } };
    const { status, result } = await post(app, { query, variables: nested });
    expect(status).toBe(400);
    expect(result.errors![0]).toMatchObject({
      message: 'Variable "$filter" holds a string of 101 characters, over the limit of 100.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // At the limit, the string is the resolvers' to judge: here an unknown capability.
    const { result: atLimit } = await post(app, { query, variables: { filter: { capabilities: ['y'.repeat(100)] } } });
    expect(atLimit.errors![0]!.message).toMatch(/^Unknown capability/);
  });

  it('turns a parser stack overflow into a syntax error when MAX_TOKENS is raised far', async () => {
    const app = await appWith({ MAX_TOKENS: '100000' });
    const { status, result } = await post(app, { query: `{ model(slug: ${'['.repeat(40_000)}"bert"${']'.repeat(40_000)}) { name } }` });
    expect(status).toBe(400);
    expect(result.errors![0]).toMatchObject({ message: 'Syntax Error: The document nests too deeply to parse.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});

describe('batching', () => {
  const operation = { query: '{ model(slug: "bert") { slug } }' };

  it('is off by default', async () => {
    const { status, result } = await post(await appWith({}), [operation]);
    expect(status).toBe(400);
    expect(result.errors![0]!.message).toBe('Batching is not supported.');
  });

  it('runs up to MAX_BATCH operations per request, and refuses more', async () => {
    const app = await appWith({ MAX_BATCH: '2' });
    const batch = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([operation, operation]),
    });
    expect(await batch.json()).toEqual([{ data: { model: { slug: 'bert' } } }, { data: { model: { slug: 'bert' } } }]);
    const { status, result } = await post(app, [operation, operation, operation]);
    expect(status).toBe(413);
    expect(result.errors![0]!.message).toBe('Batching is limited to 2 operations per request.');
  });
});
