/**
 * The execution worker: GraphQL requests off the short path are answered on a
 * thread of their own, with the same answers the main thread gives, on the
 * same data through reloads, and the main thread answers alone while the
 * worker is away.
 */
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasets } from '../src/core/load.ts';
import { loadOptionsOf, readConfig } from '../src/server/config.ts';
import { ExecutionWorker } from '../src/server/execution-worker.ts';
import { GraphStore, LoadAgain } from '../src/server/graph-store.ts';
import { createLogger } from '../src/server/logging.ts';
import { reloadData } from '../src/server/reload.ts';
import { startServer } from '../src/server/start.ts';
import { predecessorChain } from '../bench/queries.ts';
import { DATA_DIR, logCollector, serveForTest, type LogLine, type ServedForTest } from './helpers.ts';

let dataDir: string;
let server: ServedForTest;
let single: ServedForTest;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'worker-data-'));
  await cp(DATA_DIR, dataDir, { recursive: true });
  // No response cache, so that repeated requests show which thread answered them.
  const env = { DATA_DIR: dataDir, RESPONSE_CACHE_MAX_BYTES: '0', LOG_LEVEL: 'debug' };
  server = await serveForTest(env);
  single = await serveForTest({ ...env, EXECUTION_WORKER: '0' });
});

afterAll(async () => {
  await server?.close();
  await single?.close();
  await rm(dataDir, { recursive: true, force: true });
});

let unique = 0;

/** POSTs a query; the comment makes a document no thread has seen unless `repeat` is set. */
async function post(target: ServedForTest, query: string, { repeat = false, variables = {} } = {}) {
  const document = repeat ? query : `# ${++unique}\n${query}`;
  const requestId = `worker-test-${++unique}`;
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-request-id': requestId },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, line: await requestLine(target, requestId) };
}

/** The request log line of a request, once written (lines are written in batches). */
async function requestLine(target: ServedForTest, requestId: string): Promise<LogLine> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const line = target.logs.find((candidate) => candidate.msg === 'request' && candidate.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no request line for ${requestId}`);
}

const BERT = '{ model(slug: "bert") { name vendor { name } capabilities { slug } } }';

describe('which thread answers', () => {
  it('answers a document seen for the first time on the worker, and the same document, once known, on the main thread', async () => {
    expect((await post(server, BERT)).line.answeredBy).toBe('execution worker');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(server, BERT, { repeat: true }));
    expect(answers.map(({ line }) => line.answeredBy)).toEqual(['execution worker', 'execution worker', 'short path']);
    expect(new Set(answers.map(({ body }) => body)).size).toBe(1);
  });

  it('keeps a known operation costing more than MAIN_THREAD_MAX_COST on the worker', async () => {
    // 200 models x 2 fields: a cost of 400, over the 300 allowed on the main thread here.
    const costly = await serveForTest({ DATA_DIR: dataDir, RESPONSE_CACHE_MAX_BYTES: '0', MAIN_THREAD_MAX_COST: '300' });
    try {
      const query = 'query($n: Int!) { models(first: $n) { nodes { slug name } } }';
      const by = async (n: number) => (await post(costly, query, { repeat: true, variables: { n } })).line.answeredBy;
      for (let i = 0; i < 3; i++) await by(200);
      expect(await by(200)).toBe('execution worker');
      expect(await by(10)).toBe('short path');
    } finally {
      await costly.close();
    }
  });

  it('keeps on the worker a known operation that gave an answer over MAIN_THREAD_MAX_ANSWER_BYTES', async () => {
    const bounded = await serveForTest({ DATA_DIR: dataDir, RESPONSE_CACHE_MAX_BYTES: '0', MAIN_THREAD_MAX_ANSWER_BYTES: '2000' });
    try {
      // Every curated model with its description: a cost of 301, far under MAIN_THREAD_MAX_COST, and about 7 kB.
      const query = 'query($n: Int!) { models(first: $n) { nodes { slug name description } } }';
      const answer = (n: number) => post(bounded, query, { repeat: true, variables: { n } });
      for (let i = 0; i < 3; i++) await answer(2);
      expect((await answer(2)).line.answeredBy).toBe('short path');
      const large = await answer(100);
      expect(large.line.answeredBy).toBe('short path');
      expect(large.status).toBe(200);
      expect(large.body.length).toBeGreaterThan(2000);
      expect((await answer(2)).line.answeredBy).toBe('execution worker');
    } finally {
      await bounded.close();
    }
  });

  it('keeps on the worker a known document that would compile to more than 100 fields, and prepares one within it', async () => {
    const answeredBy = async (depth: number) => {
      const { selection, fragment } = predecessorChain(depth);
      const query = `{ model(slug: "gpt-4") { ${selection} } } ${fragment}`;
      const lines = [];
      for (let i = 0; i < 4; i++) lines.push((await post(server, query, { repeat: true })).line.answeredBy);
      return lines;
    };
    expect(await answeredBy(3)).toEqual(['execution worker', 'execution worker', 'short path', 'short path']);
    expect(await answeredBy(4)).toEqual(['execution worker', 'execution worker', 'execution worker', 'execution worker']);
  });

  it('renders exports on the worker, so the seconds a first rendering takes do not hold up the main thread', async () => {
    const download = async (target: ServedForTest, method: string) => {
      const requestId = `worker-test-${++unique}`;
      const response = await fetch(`${target.origin}/export/graph.json`, { method, headers: { 'x-request-id': requestId } });
      return { response, body: await response.text(), line: await requestLine(target, requestId) };
    };
    const got = await download(server, 'GET');
    expect(got.response.status).toBe(200);
    expect(got.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(got.response.headers.get('x-request-id')).toBe(got.line.requestId);
    expect(JSON.parse(got.body).elements.nodes.length).toBeGreaterThan(0);
    expect(got.line).toMatchObject({ answeredBy: 'execution worker', status: 200, path: '/export/graph.json' });
    const head = await download(server, 'HEAD');
    expect(head.response.status).toBe(200);
    expect(head.body).toBe('');
    // Without a worker, the main thread's Yoga renders it, with the same bytes.
    const alone = await download(single, 'GET');
    expect(alone.line.answeredBy).toBeUndefined();
    expect(alone.body).toBe(got.body);
  });

  it('answers a known neighbourhood of the default limit, with names and relations, on the main thread by default', async () => {
    // 1 + 200 × 11 fields: 2,201, a fraction of a millisecond, cheaper there than on the worker.
    const query = '{ neighborhood(id: "TW9kZWw6YmVydA==", depth: 2) { truncated nodes { __typename slug name } edges { type from { slug } to { slug } } } }';
    for (let i = 0; i < 3; i++) await post(server, query, { repeat: true });
    expect((await post(server, query, { repeat: true })).line.answeredBy).toBe('short path');
  });

  it('turns requests away with 503 and Retry-After once EXECUTION_WORKER_MAX_QUEUE wait on the worker', async () => {
    const small = await serveForTest({ DATA_DIR: dataDir, EXECUTION_WORKER_MAX_QUEUE: '1' });
    try {
      // Twenty new documents at once, each a page of 200 models: the worker takes one, the rest find it full.
      const page = '{ models(first: 200) { nodes { slug name description releaseDate vendor { name } } } }';
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(small, page)));
      const busy = answers.filter(({ status }) => status === 503);
      expect(answers.filter(({ status }) => status === 200).length).toBeGreaterThan(0);
      expect(busy.length).toBeGreaterThan(0);
      expect(JSON.parse(busy[0]!.body)).toEqual({ errors: [{ message: 'The server is busy; retry shortly.', extensions: { code: 'SERVER_BUSY' } }] });
      expect(busy[0]!.retryAfter).toBe('1');
      expect(busy[0]!.line).toMatchObject({ status: 503, outcome: 'shed', answeredBy: 'execution worker' });
      const later = await post(small, page);
      expect(later.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('gives the answers, headers and errors a single thread gives', async () => {
    const queries = [
      BERT,
      '{ capability(slug: "code-generation") { models(first: 5) { totalCount nodes { slug } } } }',
      '{ model(slug: "bert") { nope } }',
      '{ models(first: 100000) { totalCount } }',
      '{ node(id: "not-an-id") { id } }',
    ];
    for (const query of queries) {
      const [worker, main] = await Promise.all([post(server, query, { repeat: true }), post(single, query, { repeat: true })]);
      expect({ query, status: worker.status, body: worker.body }).toEqual({ query, status: main.status, body: main.body });
      const logged = ({ status, outcome, errors, operation }: LogLine) => ({ status, outcome, errors, operation });
      expect(logged(worker.line)).toEqual(logged(main.line));
    }
  });

  it('relays the worker\'s own log lines through the main thread\'s log', async () => {
    await post(server, '{ node(id: "TW9kZWw6bm8tc3VjaA==") { id } }');
    expect(server.logs.some((line) => line.thread === 'execution worker')).toBe(true);
  });

  it('adds the worker\'s figures and its state to /metrics', async () => {
    const text = await (await fetch(`${server.origin}/metrics`)).text();
    const executed = Number(/^graphql_envelop_phase_execute_count\{[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
    expect(executed).toBeGreaterThan(0);
    expect(text).toMatch(/^http_requests_total\{/m);
    expect(text).toMatch(/^execution_worker_up 1$/m);
    expect(text).toMatch(/^execution_worker_queue 0$/m);
  });
});

describe('reloads', () => {
  const models = () => join(dataDir, 'models.yaml');
  const nameOf = async (repeat: boolean) => JSON.parse((await post(server, '{ model(slug: "bert") { name } }', { repeat })).body).data.model.name;

  it('serves a valid edit from both threads at once, and a bad one from neither', async () => {
    const original = await readFile(models(), 'utf8');
    for (let i = 0; i < 3; i++) await nameOf(true);
    try {
      await writeFile(models(), original.replace('name: {en: BERT,', 'name: {en: BERT (edited),'));
      expect(await reloadData({ store: server.store, logger: silentLogger, metrics: server.metrics }, 'SIGHUP')).toBe(true);
      // A known document (the main thread's short path) and a new one (the worker) both see the edit.
      expect([await nameOf(true), await nameOf(false)]).toEqual(['BERT (edited)', 'BERT (edited)']);

      await writeFile(models(), `${original}\n- slug: broken\n`);
      expect(await reloadData({ store: server.store, logger: silentLogger, metrics: server.metrics }, 'SIGHUP')).toBe(false);
      expect([await nameOf(true), await nameOf(false)]).toEqual(['BERT (edited)', 'BERT (edited)']);
    } finally {
      await writeFile(models(), original);
      await reloadData({ store: server.store, logger: silentLogger, metrics: server.metrics }, 'SIGHUP');
    }
  });

  it('loads again when a file changes between the main thread\'s read and the worker\'s, so both serve the same data', async () => {
    const config = readConfig({ DATASETS: 'curated', DATA_DIR: dataDir });
    const original = await readFile(models(), 'utf8');
    let editAfterRead: string | undefined;
    const store = await GraphStore.open(async () => {
      const { graph } = await loadDatasets(loadOptionsOf(config));
      // The edit lands after this thread has read the files and before the worker reads them.
      if (editAfterRead !== undefined) await writeFile(models(), editAfterRead);
      editAfterRead = undefined;
      return graph;
    });
    const worker = new ExecutionWorker(config, silentLogger);
    worker.followReloads(store);
    await worker.start();
    try {
      editAfterRead = original.replace('name: {en: BERT,', 'name: {en: BERT (edited between the reads),');
      await store.reload();
      expect(store.version).toBe(2);
      expect(store.current.bySlug('model', 'bert')?.name.en).toBe('BERT (edited between the reads)');
      expect(worker.available).toBe(true);
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
      const body = Buffer.from(JSON.stringify({ query: '{ model(slug: "bert") { name } }' }));
      const computed = await worker.execute({ method: 'POST', url: '/graphql', header: (name) => headers[name], body }, headers);
      expect(JSON.parse(computed!.answer.body.toString()).data.model.name).toBe('BERT (edited between the reads)');
    } finally {
      await worker.close();
      await writeFile(models(), original);
    }
  });

  it('reads the files at most three times in one reload while they keep changing, then keeps the last good graph', async () => {
    let loads = 0;
    const store = await GraphStore.open(async () => {
      loads += 1;
      return server.store.current;
    });
    let changedWhileRead = 1;
    store.checkBeforeSwap(async () => {
      if (changedWhileRead-- > 0) throw new LoadAgain('changed while read');
    });
    loads = 0;
    await store.reload();
    expect({ loads, version: store.version }).toEqual({ loads: 2, version: 2 });
    changedWhileRead = Infinity;
    loads = 0;
    await expect(store.reload()).rejects.toThrow('changed while read');
    expect({ loads, version: store.version }).toEqual({ loads: 3, version: 2 });
  });
});

/** A server on `dataDirectory`, returned as soon as it listens, without waiting for its worker (as serveForTest does). */
async function startWithoutWaiting(dataDirectory: string) {
  const config = readConfig({ HOST: '127.0.0.1', PORT: '0', DATASETS: 'curated', DATA_DIR: dataDirectory, RESPONSE_CACHE_MAX_BYTES: '0' });
  const { lines, destination } = logCollector();
  const running = await startServer(config, createLogger(config, destination));
  const starting: ServedForTest = { ...running, url: running.listening.url, origin: new URL(running.listening.url).origin, logs: lines };
  return { running, starting };
}

/** The worker answers a new document about BERT, with the name the data now gives. */
async function expectWorkerToName(starting: ServedForTest, name: string) {
  const fresh = await post(starting, '{ model(slug: "bert") { name } }');
  expect(fresh.line.answeredBy).toBe('execution worker');
  expect(JSON.parse(fresh.body).data.model.name).toBe(name);
}

describe('starting', () => {
  it('listens before the worker is up, and brings it in step with a reload made while it started', async () => {
    const { running, starting } = await startWithoutWaiting(dataDir);
    const models = join(dataDir, 'models.yaml');
    const original = await readFile(models, 'utf8');
    try {
      expect((await post(starting, BERT)).line.answeredBy).toBe('yoga');
      await writeFile(models, original.replace('name: {en: BERT,', 'name: {en: BERT (while starting),'));
      expect(await reloadData({ store: running.store, logger: silentLogger, metrics: running.metrics }, 'SIGHUP')).toBe(true);
      await running.workerStarted;
      // A worker that read the files before that reload is brought in step by one more, on both threads.
      const readBefore = starting.logs.some((line) => line.msg === 'the execution worker is in step: data reloaded on both threads');
      expect(running.store.version).toBe(readBefore ? 3 : 2);
      expect(running.store.current.bySlug('model', 'bert')?.name.en).toBe('BERT (while starting)');
      await expectWorkerToName(starting, 'BERT (while starting)');
    } finally {
      await writeFile(models, original);
      await running.close();
    }
  });

  it('brings the worker in step with a data file changed after the main thread read the files, with no reload asked for', async () => {
    const { running, starting } = await startWithoutWaiting(dataDir);
    const models = join(dataDir, 'models.yaml');
    const original = await readFile(models, 'utf8');
    try {
      // Whether the worker reads the files before or after this edit, the threads would otherwise differ or serve a stale graph.
      await writeFile(models, original.replace('name: {en: BERT,', 'name: {en: BERT (edited while starting),'));
      await running.workerStarted;
      expect(running.store.version).toBe(2);
      expect(running.store.current.bySlug('model', 'bert')?.name.en).toBe('BERT (edited while starting)');
      await expectWorkerToName(starting, 'BERT (edited while starting)');
    } finally {
      await writeFile(models, original);
      await running.close();
    }
  });

  it('notices a changed file that keeps an older modification time (as `cp -p` and `rsync -t` leave it)', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'worker-old-times-'));
    await cp(DATA_DIR, copy, { recursive: true });
    const models = join(copy, 'models.yaml');
    const past = new Date(Date.now() - 60_000);
    const { running, starting } = await startWithoutWaiting(copy);
    try {
      await writeFile(models, (await readFile(models, 'utf8')).replace('name: {en: BERT,', 'name: {en: BERT (copied with its old time),'));
      for (const path of [copy, models]) await utimes(path, past, past);
      await running.workerStarted;
      expect(running.store.version).toBe(2);
      expect(running.store.current.bySlug('model', 'bert')?.name.en).toBe('BERT (copied with its old time)');
      await expectWorkerToName(starting, 'BERT (copied with its old time)');
    } finally {
      await running.close();
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('sends requests to the worker without a reload when it read what the main thread read', async () => {
    const { running, starting } = await startWithoutWaiting(dataDir);
    try {
      await running.workerStarted;
      expect(running.store.version).toBe(1);
      expect((await post(starting, BERT)).line.answeredBy).toBe('execution worker');
    } finally {
      await running.close();
    }
  });
});

describe('without the worker', () => {
  it('starts the worker again when its thread ends on its own, answering on the main thread meanwhile', async () => {
    const worker = server.executionWorker!;
    const inside = worker as unknown as { worker: { terminate(): Promise<number> }; startedAt: number };
    // A worker that ends within 5 s of starting is not started again.
    const uptime = Date.now() - inside.startedAt;
    if (uptime < 5_100) await new Promise((resolve) => setTimeout(resolve, 5_100 - uptime));
    // What a crash looks like from the main thread: the thread ends without being asked to.
    await inside.worker.terminate();
    expect(worker.available).toBe(false);
    const during = await post(server, BERT);
    expect(during.status).toBe(200);
    expect(during.line.answeredBy).toBe('yoga');
    await expect.poll(() => worker.available, { timeout: 20_000, interval: 50 }).toBe(true);
    expect(server.logs.some((line) => line.msg === 'the execution worker exited; starting it again')).toBe(true);
    const after = await post(server, BERT);
    expect(after.line.answeredBy).toBe('execution worker');
    expect(after.body).toBe(during.body);
  });

  it('answers on the main thread while the worker starts again, then sends requests to it again', async () => {
    const restarted = server.executionWorker!.restart();
    const during = await post(server, BERT);
    expect(during.status).toBe(200);
    expect(during.line.answeredBy).toBe('yoga');
    expect(await (await fetch(`${server.origin}/metrics`)).text()).toMatch(/^execution_worker_up 0$/m);
    await restarted;
    const after = await post(server, BERT);
    expect(after.line.answeredBy).toBe('execution worker');
    expect(after.body).toBe(during.body);
  });
});

const silentLogger = createLogger({ LOG_LEVEL: 'silent' });
