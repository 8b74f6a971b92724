/** Search, exploration and dashboards as a client sees them over real HTTP. */
import { ClientError } from 'graphql-request';
import { describe, expect, it } from 'vitest';
import { serveOverHttp } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const server = serveOverHttp();

/** The dashboard query of the README, sent as a GET a dashboard can paste. */
const DASHBOARD_QUERY = '{ capabilityCoverage { capability capabilitySlug modelCount } }';

describe('over HTTP', () => {
  it('searches in Chinese with graphql-request', async () => {
    const { search } = await server.client.request<{ search: { node: { slug: string } }[] }>(
      `query($q: String!) { search(query: $q) { node { slug } } }`,
      { q: '代码生成' },
    );
    expect(search[0]!.node.slug).toBe('code-generation');
  });

  it('explains how BERT is related to Stable Diffusion', async () => {
    const ids = await server.client.request<{ bert: { id: string }; sd: { id: string } }>(
      `{ bert: model(slug: "bert") { id } sd: model(slug: "stable-diffusion") { id } }`,
    );
    const { shortestPath } = await server.client.request<{ shortestPath: { length: number; nodes: { slug: string }[] } }>(
      `query($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { length nodes { slug } } }`,
      { from: ids.bert.id, to: ids.sd.id },
    );
    expect(shortestPath.nodes[0]!.slug).toBe('bert');
    expect(shortestPath.nodes.at(-1)!.slug).toBe('stable-diffusion');
    expect(shortestPath.nodes).toHaveLength(shortestPath.length + 1);
  });

  it('answers a dashboard\'s GET request with flat rows', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent(DASHBOARD_QUERY)}`);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { capabilityCoverage: { capabilitySlug: string; modelCount: number }[] } };
    expect(data.capabilityCoverage.map((row) => row.capabilitySlug).sort()).toEqual(entries('capabilities.yaml').map((c) => c.slug).sort());
    for (const row of data.capabilityCoverage) expect(typeof row.modelCount).toBe('number');
  });

  it('refuses an empty search clearly, without a stack trace', async () => {
    const error = await server.client.request(`{ search(query: "  ") { score } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    const { errors } = (error as ClientError).response;
    expect(errors?.[0]).toMatchObject({ message: expect.stringMatching(/"query" is empty/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(errors)).not.toMatch(/\.ts:\d+|node_modules|stack/);
  });
});
