/**
 * What an operator sees, over real HTTP: a request id on every answer and in
 * the log line of every request, health and readiness, Prometheus metrics,
 * and the store telling caches of every swap.
 */
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER } from '../src/server/logging.ts';
import { serveForTest, type ServedForTest } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const ENTITY_FILES = ['models.yaml', 'vendors.yaml', 'capabilities.yaml', 'architectures.yaml', 'challenges.yaml', 'datasets.yaml', 'platforms.yaml', 'applications.yaml'];

let server: ServedForTest;

beforeAll(async () => {
  server = await serveForTest({ LOG_LEVEL: 'info' });
});
afterAll(() => server.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });

/** The log line of the request with this id, once the server has written it. */
async function logLineOf(requestId: string) {
  await expect.poll(() => server.logs.some((line) => line.requestId === requestId)).toBe(true);
  return server.logs.find((line) => line.requestId === requestId)!;
}

/** One sample of a metric in the Prometheus text format, by name and labels. */
async function metric(name: string, labels = ''): Promise<number | undefined> {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('request ids and logs', () => {
  it('returns a fresh request id and logs the request under it with operation, duration and outcome', async () => {
    const response = await post({ query: 'query BertName { model(slug: "bert") { name } }' });
    const requestId = response.headers.get(REQUEST_ID_HEADER)!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await logLineOf(requestId)).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'BertName',
      outcome: 'ok',
      durationMs: expect.any(Number),
    });
  });

  it('keeps a plain request id sent by the client, and replaces one that is not', async () => {
    const kept = await post({ query: '{ __typename }' }, { [REQUEST_ID_HEADER]: 'edge-7f3a.1' });
    expect(kept.headers.get(REQUEST_ID_HEADER)).toBe('edge-7f3a.1');
    const replaced = await post({ query: '{ __typename }' }, { [REQUEST_ID_HEADER]: 'x'.repeat(500) });
    expect(replaced.headers.get(REQUEST_ID_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs refusals with their outcome and error codes', async () => {
    const response = await post({ query: 'query Deep { ...A } fragment A on Query { ...A }' });
    const line = await logLineOf(response.headers.get(REQUEST_ID_HEADER)!);
    expect(line).toMatchObject({ status: 400, outcome: 'refused', errors: ['GRAPHQL_VALIDATION_FAILED'] });
  });

  it('logs answers that carry GraphQL errors as such', async () => {
    const response = await post({ query: '{ models(first: 501) { totalCount } }' });
    const line = await logLineOf(response.headers.get(REQUEST_ID_HEADER)!);
    expect(line).toMatchObject({ status: 200, outcome: 'errors', errors: ['BAD_USER_INPUT'] });
  });

  it('returns a request id on every answer: cached, refused, and outside GraphQL', async () => {
    const query = { query: '{ model(slug: "bert") { slug } }' };
    const answers = [await post(query), await post(query), await post(query), await post({ query: '{' }), await fetch(`${server.origin}/healthz`)];
    const ids = answers.map((answer) => answer.headers.get(REQUEST_ID_HEADER));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives a request id to bodies refused before they reach GraphQL', async () => {
    const response = await post({ query: '{ __typename }', padding: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    const line = await logLineOf(response.headers.get(REQUEST_ID_HEADER)!);
    expect(line).toMatchObject({ status: 413, outcome: 'refused' });
  });

  it('masks a failure no client caused as a 500 with its code and request id, and logs what happened', async () => {
    const worker = server.executionWorker!;
    const execute = worker.execute;
    worker.execute = () => Promise.reject(new Error('worker lost at /srv/app/src/server/execution-thread.ts:12'));
    try {
      // A document never sent before, so neither the cache nor the short path answers it.
      const response = await post({ query: '{ model(slug: "gpt-4") { slug vendor { slug } } }' });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      const requestId = response.headers.get(REQUEST_ID_HEADER)!;
      expect(await logLineOf(requestId)).toMatchObject({ status: 500, outcome: 'failed' });
      expect(server.logs.some((line) => /worker lost/.test(JSON.stringify(line)))).toBe(true);
    } finally {
      worker.execute = execute;
    }
  });
});

describe('health', () => {
  it('answers /healthz while alive and /readyz while serving', async () => {
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
  });

  it('turns /readyz to 503 once it stops advertising, still answering queries', async () => {
    const other = await serveForTest({ LOG_LEVEL: 'silent' });
    other.stopAdvertising();
    expect((await fetch(`${other.origin}/readyz`)).status).toBe(503);
    expect((await fetch(`${other.origin}/healthz`)).status).toBe(200);
    await expect(new GraphQLClient(other.url).request('{ __typename }')).resolves.toEqual({ __typename: 'Query' });
    await other.close();
  });
});

describe('metrics', () => {
  it('counts requests by status and outcome, and errors by code', async () => {
    const before = (await metric('graphql_errors_total', 'code="BAD_USER_INPUT"')) ?? 0;
    await post({ query: '{ models(first: -1) { totalCount } }' });
    await expect.poll(() => metric('graphql_errors_total', 'code="BAD_USER_INPUT"')).toBe(before + 1);
    expect(await metric('http_requests_total', 'status="200",outcome="ok"')).toBeGreaterThan(0);
  });

  it('has a request latency histogram', async () => {
    await post({ query: '{ __typename }' });
    expect(await metric('graphql_yoga_http_duration_count', 'method="POST",statusCode="200",operationType="query"')).toBeGreaterThan(0);
  });

  it('times every answer, those given before Yoga included', async () => {
    const before = (await metric('http_request_duration_seconds_count', 'outcome="refused"')) ?? 0;
    // Refused by the front for its size, without entering Yoga.
    const response = await post({ query: '{ __typename }', padding: 'x'.repeat(1_100_000) });
    expect(response.status).toBe(413);
    await expect.poll(() => metric('http_request_duration_seconds_count', 'outcome="refused"')).toBe(before + 1);
    expect(await metric('http_request_duration_seconds_bucket', 'le="+Inf",outcome="refused"')).toBe(before + 1);
  });

  it('reports the size of the graph being served', async () => {
    const entities = ENTITY_FILES.reduce((sum, file) => sum + entries(file).length, 0);
    expect(await metric('graph_entities')).toBe(entities);
    expect(await metric('graph_relations')).toBe(server.store.current.relationCount);
    expect(await metric('graph_version')).toBe(server.store.version);
  });

  it('reports reloads by result and when the last one finished', async () => {
    const before = (await metric('graph_reloads_total', 'result="success"')) ?? 0;
    server.metrics.reloaded('success');
    expect(await metric('graph_reloads_total', 'result="success"')).toBe(before + 1);
    expect(await metric('graph_last_reload_timestamp_seconds', 'result="success"')).toBeGreaterThan(Date.now() / 1000 - 60);
  });
});

describe('graph swaps', () => {
  it('tells listeners of every successful swap, with the new version, so caches can drop the old one', async () => {
    const seen: number[] = [];
    const stop = server.store.onSwap((_graph, version) => seen.push(version));
    const before = server.store.version;
    await server.store.reload();
    stop();
    await server.store.reload();
    expect(seen).toEqual([before + 1]);
    expect(await metric('graph_version')).toBe(before + 2);
  });
});
