/** What a client sees over real HTTP: graphql-request, GET and POST, GraphiQL, health, errors. */
import { GraphQLClient, gql as tag, ClientError } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERIES } from '../src/server/examples.ts';
import { serveOverHttp } from './helpers.ts';

const server = serveOverHttp();

describe('over HTTP', () => {
  it('answers the code-generation question with graphql-request', async () => {
    const result = await server.client.request<{ capability: { models: { totalCount: number; nodes: { slug: string }[] } } }>(tag`
      query { capability(slug: "code-generation") { models(first: 20) { totalCount nodes { slug } } } }
    `);
    expect(result.capability.models.totalCount).toBeGreaterThan(0);
    expect(result.capability.models.nodes.map((n) => n.slug)).toContain('bloom');
  });

  it('pages through a capability\'s relations with the cursors it hands out, as the plain list has them', async () => {
    type Relation = { type: string; from: { slug: string }; to: { slug: string } };
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Relation[] };
    const { capability } = await server.client.request<{ capability: { relations: Relation[] } }>(
      `{ capability(slug: "text-generation") { relations(direction: BOTH) { type from { slug } to { slug } } } }`,
    );
    // One document for every page, as a client sends it: after its first answers it takes the server's short path.
    const PAGE = `query Links($after: String) { capability(slug: "text-generation") {
      relationConnection(direction: BOTH, first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { type from { slug } to { slug } } } } }`;
    const paged: Relation[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { capability: page }: { capability: { relationConnection: Page } } = await server.client.request(PAGE, { after });
      expect(page.relationConnection.totalCount).toBe(capability.relations.length);
      paged.push(...page.relationConnection.nodes);
      after = page.relationConnection.pageInfo.hasNextPage ? page.relationConnection.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(paged).toEqual(capability.relations);
  });

  it('honours Accept-Language sent by the client', async () => {
    const zh = new GraphQLClient(server.url, { headers: { 'accept-language': 'zh-CN' } });
    const { capability } = await zh.request<{ capability: { name: string } }>(`{ capability(slug: "translation") { name } }`);
    expect(capability.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers GET requests per GraphQL over HTTP', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ model(slug: "bert") { name } }')}`;
    const response = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { model: { name: 'BERT' } } });
  });

  it('runs every GraphiQL example without errors', async () => {
    for (const { query } of EXAMPLE_QUERIES) {
      await expect(server.client.request(query)).resolves.toBeTruthy();
    }
  });

  it('serves GraphiQL to browsers with the code-generation question as the default query', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Foundation model graph</title>');
    expect(html).toContain('code-generation');
  });

  it('answers /healthz', async () => {
    const response = await fetch(server.url.replace('/graphql', '/healthz'));
    expect(response.status).toBe(200);
  });

  it('reports client errors clearly, without stack traces', async () => {
    const error = await server.client.request(`{ models(first: 100000) { totalCount } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    const body = JSON.stringify((error as ClientError).response);
    expect(body).toMatch(/over the page-size cap of 500/);
    expect(body).not.toMatch(/\.ts:\d+|node_modules|stack/);
  });

  it('refuses unknown fields with a GraphQL validation error', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ model(slug: "bert") { nonsense } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]!.message).toMatch(/Cannot query field "nonsense" on type "Model"/);
  });
});
