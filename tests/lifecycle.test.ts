/**
 * The server as a process, as an operator runs it: data reloads on SIGHUP and
 * on file changes, with bad edits refused and logged, under load; and a
 * graceful shutdown on SIGTERM. Each test serves a temporary copy of data/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR, type LogLine } from './helpers.ts';
import { entries } from './yaml-oracle.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BERT = entries('models.yaml').find((model) => model.slug === 'bert')!;
const GOOGLE = entries('vendors.yaml').find((vendor) => vendor.slug === 'google')!;
/** Names two files give, read in one operation: a half-swapped graph would show one old and one new. */
const NAMES_QUERY = '{ model(slug: "bert") { name vendor { name } } }';

class ServerProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  url = '';

  private constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => this.logs.push(JSON.parse(line) as LogLine));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'graph-data-'));
    await cp(DATA_DIR, dataDir, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir, DATASETS: 'curated', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const server = new ServerProcess(child, dataDir);
    server.url = String((await server.logged((line) => line.msg === 'listening')).url);
    return server;
  }

  /** The first log line (from `from` on) that matches. */
  async logged(matches: (line: LogLine) => boolean, from = 0): Promise<LogLine> {
    await expect.poll(() => this.logs.slice(from).some(matches), { timeout: 15_000 }).toBe(true);
    return this.logs.slice(from).find(matches)!;
  }

  async names(): Promise<{ model: string; vendor: string }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: NAMES_QUERY }),
    });
    const body = (await response.json()) as { data?: { model: { name: string; vendor: { name: string } } }; errors?: unknown };
    if (response.status !== 200 || body.errors) throw new Error(`Failed request: ${response.status} ${JSON.stringify(body)}`);
    return { model: body.data!.model.name, vendor: body.data!.model.vendor.name };
  }

  /** Renames BERT and Google in their two files, both with the same mark. */
  async rename(mark: string): Promise<void> {
    await renameEntry(join(this.dataDir, 'models.yaml'), 'bert', `${BERT.name.en} ${mark}`);
    await renameEntry(join(this.dataDir, 'vendors.yaml'), 'google', `${GOOGLE.name.en} ${mark}`);
  }

  /** Sends SIGHUP and waits for the reload's log line. */
  async reload(): Promise<LogLine> {
    const from = this.logs.length;
    this.child.kill('SIGHUP');
    return this.logged((line) => line.msg.startsWith('data reload'), from);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited;
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Gives an entry a new English name, written as `name: {en: …, zh: …}` in the data. */
async function renameEntry(file: string, slug: string, name: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('name: {en: ', text.indexOf(`- slug: ${slug}\n`)) + 'name: {en: '.length;
  await writeFile(file, text.slice(0, start) + name + text.slice(text.indexOf(',', start)));
}

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('reloading the data', () => {
  it('swaps in a valid edit on SIGHUP, and logs it', async () => {
    server = await ServerProcess.start();
    expect(await server.names()).toEqual({ model: BERT.name.en, vendor: GOOGLE.name.en });
    await server.rename('(revised)');
    const line = await server.reload();
    expect(line).toMatchObject({ msg: 'data reloaded', trigger: 'SIGHUP', version: 2 });
    expect(await server.names()).toEqual({ model: `${BERT.name.en} (revised)`, vendor: `${GOOGLE.name.en} (revised)` });
  });

  it('refuses an invalid edit, logs file, entry and problem, and keeps serving the last good graph', async () => {
    server = await ServerProcess.start();
    const models = join(server.dataDir, 'models.yaml');
    const citation = '[{source: devlin-2018-bert}]';
    const broken = `- slug: broken\n  name: {en: Broken, zh: Broken}\n  citations: ${citation}\n  vendor: {slug: no-such-vendor, citations: ${citation}}\n`;
    await writeFile(models, `${await readFile(models, 'utf8')}\n${broken}`);
    const line = await server.reload();
    expect(line).toMatchObject({ msg: 'data reload failed; still serving the last good graph', trigger: 'SIGHUP', version: 1 });
    expect(line.problems).toEqual([{ file: 'models.yaml', entry: 'broken', problem: 'refers to unknown vendor "no-such-vendor"' }]);
    expect(await server.names()).toEqual({ model: BERT.name.en, vendor: GOOGLE.name.en });
    expect((await fetch(server.url.replace('/graphql', '/readyz'))).status).toBe(200);
  });

  it('refuses a file that is not YAML at all, naming the file', async () => {
    server = await ServerProcess.start();
    await writeFile(join(server.dataDir, 'vendors.yaml'), '- slug: [unclosed\n');
    const line = await server.reload();
    expect(line.problems).toContainEqual(expect.objectContaining({ file: 'vendors.yaml', problem: expect.stringMatching(/not valid YAML/) }));
    expect(await server.names()).toEqual({ model: BERT.name.en, vendor: GOOGLE.name.en });
  });

  it('with WATCH=1, reloads when a file changes', async () => {
    server = await ServerProcess.start({ WATCH: '1' });
    const from = server.logs.length;
    await server.rename('(watched)');
    expect(await server.logged((line) => line.msg === 'data reloaded', from)).toMatchObject({ trigger: 'watch' });
    expect(await server.names()).toEqual({ model: `${BERT.name.en} (watched)`, vendor: `${GOOGLE.name.en} (watched)` });
  });

  it('under a burst of requests, fails none and never mixes two graphs in one answer', async () => {
    server = await ServerProcess.start();
    const answers: { model: string; vendor: string }[] = [];
    let running = true;
    const client = async () => {
      while (running) answers.push(await server!.names());
    };
    const clients = Array.from({ length: 4 }, client);
    for (const mark of ['(one)', '(two)', '(three)']) {
      await server.rename(mark);
      expect(await server.reload()).toMatchObject({ msg: 'data reloaded' });
    }
    running = false;
    await Promise.all(clients);

    const markOf = ({ model, vendor }: { model: string; vendor: string }) => [model.slice(BERT.name.en.length), vendor.slice(GOOGLE.name.en.length)];
    for (const answer of answers) {
      const [modelMark, vendorMark] = markOf(answer);
      expect(modelMark).toBe(vendorMark);
    }
    expect(new Set(answers.map((answer) => answer.model)).size).toBeGreaterThan(1);
    expect(answers.at(-1)).toEqual({ model: `${BERT.name.en} (three)`, vendor: `${GOOGLE.name.en} (three)` });
  });
});

/** The id the held request gives itself, to find its line in the request log. */
const HELD_REQUEST_ID = 'held-request';

/** Starts a POST whose chunked body is held open until `finish` is called. */
function heldRequest(url: string) {
  const { hostname, port, pathname } = new URL(url);
  const headers = { 'content-type': 'application/json', 'x-request-id': HELD_REQUEST_ID };
  const outgoing = request({ hostname, port, path: pathname, method: 'POST', headers });
  const connected = new Promise((resolve) => outgoing.once('socket', (socket) => socket.once('connect', resolve)));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode!, body }));
    });
    outgoing.on('error', reject);
  });
  outgoing.write('{"query": "{ model(slug: \\"bert\\") ');
  return { connected, response, finish: () => outgoing.end('{ name } }"}') };
}

/** A request held open on the server: connected, and (shown by a later request answered) taken up by it. */
async function holdRequest(server: ServerProcess) {
  const held = heldRequest(server.url);
  await held.connected;
  await server.names();
  return held;
}

describe('shutdown', () => {
  it.each([
    ['', {}],
    [' (no execution worker)', { EXECUTION_WORKER: '0' }],
  ])('on SIGTERM stops accepting, finishes the request in flight, logs it, and exits 0%s', async (_, env) => {
    server = await ServerProcess.start(env);
    const held = await holdRequest(server);
    const from = server.logs.length;
    server.child.kill('SIGTERM');
    await server.logged((line) => line.msg.startsWith('shutting down'), from);
    await expect(fetch(server.url)).rejects.toThrow();
    held.finish();
    expect(await held.response).toEqual({ status: 200, body: JSON.stringify({ data: { model: { name: BERT.name.en } } }) });
    expect(await server.exited).toBe(0);
    // The answer given while shutting down is logged before the server says it stopped. (The request
    // that showed the held one was taken up may be logged after "shutting down" too: a line follows its answer by up to a turn.)
    const shuttingDown = server.logs.findIndex((line) => line.msg.startsWith('shutting down'));
    const stopped = server.logs.findIndex((line) => line.msg === 'stopped');
    const heldLines = server.logs.slice(shuttingDown, stopped).filter((line) => line.msg === 'request' && line.requestId === HELD_REQUEST_ID);
    expect(heldLines).toMatchObject([{ status: 200, outcome: 'ok' }]);
  });

  it('cuts off what is still running after the grace period, and says so with exit code 1', async () => {
    server = await ServerProcess.start({ SHUTDOWN_GRACE_MS: '300' });
    const held = await holdRequest(server);
    const cutOff = held.response.catch((error: Error) => error);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(await cutOff).toBeInstanceOf(Error);
    expect(server.logs.some((line) => line.msg.startsWith('stopped; requests still running'))).toBe(true);
    expect(server.logs.filter((line) => line.requestId === HELD_REQUEST_ID)).toMatchObject([{ msg: 'request', outcome: 'aborted' }]);
  });
});
