/**
 * The execution worker, seen from the main thread. The main thread answers
 * what is cheap and known: cached answers, and documents on the short path
 * that cost at most MAIN_THREAD_MAX_COST and have answered at most
 * MAIN_THREAD_MAX_ANSWER_BYTES. Everything else a GraphQL client sends
 * (documents seen for the first time, refusals, errors, costly operations),
 * and the graph's exports, are answered by Yoga on a worker thread with its
 * own copy of the graph (execution-thread.ts), so an attacker's work, and the
 * garbage it makes, cannot hold up the requests the main thread answers.
 *
 * The two threads serve the same data: a reload loads the new graph on both
 * before either swaps it in (GraphStore's swap check), and the worker swaps on
 * a message sent right after the main thread's swap, so every request sent to
 * it afterwards runs on the new graph. Each load's fingerprint (the digest of
 * the files it read) tells whether the two threads read the same bytes;
 * requests go to the worker only while they did. While the worker is
 * loading, starting, gone (it is started again if it exits) or out of step,
 * the main thread answers alone.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { KnowledgeGraph } from '../core/graph.ts';
import { fingerprintOf } from '../core/load.ts';
import type { Config } from './config.ts';
import { refusal, type Computed, type Offload } from './front.ts';
import { LoadAgain, type GraphStore } from './graph-store.ts';
import type { Logger } from './logging.ts';
import type { MetricsJson } from './metrics.ts';
import type { IncomingRequest } from './response-cache.ts';
import { yieldToMainThread } from './thread-priority.ts';

/** What the main thread sends the worker. */
export type ToWorker =
  | { type: 'request'; id: number; requestId?: string; method: string; url: string; headers: IncomingHttpHeaders; body?: Uint8Array<ArrayBuffer> }
  | { type: 'load'; id: number }
  | { type: 'swap' }
  | { type: 'metrics'; id: number };

/** What the worker sends back. */
export type FromWorker =
  | { type: 'ready'; fingerprint?: string }
  | { type: 'start-failed'; problem: string }
  | {
      type: 'answer';
      id: number;
      status: number;
      headers: Record<string, string>;
      body: Uint8Array<ArrayBuffer>;
      cacheable: boolean;
      operationName?: string;
      errorCodes: string[];
    }
  | { type: 'failed'; id: number }
  | { type: 'loaded'; id: number; problem?: string; fingerprint?: string }
  | { type: 'metrics'; id: number; metrics: MetricsJson }
  | { type: 'log'; line: string };

/** What the worker is started with. */
export interface WorkerSettings {
  config: Config;
}

/** A worker that exits this soon after starting is not started again: something outside it is wrong. */
const MIN_UPTIME_MS = 5_000;
/** A scrape does not wait longer than this for the worker's figures. */
const METRICS_WAIT_MS = 1_000;

/** Seconds a client turned away while the worker is full is asked to wait. */
const BUSY_RETRY_SECONDS = 1;

const THREAD_ENTRY = new URL(`./execution-thread${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A worker for the thread's module. TypeScript sources need tsx's loader
 * registered inside the worker before the module is imported (Node 20 does
 * not apply an `--import` of the worker's own options before its entry).
 */
function spawnThread(settings: WorkerSettings): Worker {
  if (!THREAD_ENTRY.pathname.endsWith('.ts')) return new Worker(THREAD_ENTRY, { workerData: settings });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(THREAD_ENTRY.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: settings });
}

type Waiter<T> = (value: T | undefined) => void;
type AnswerMessage = Extract<FromWorker, { type: 'answer' }>;

export class ExecutionWorker implements Offload {
  private worker?: Worker;
  /** The worker has loaded its graph and takes requests. */
  private serving = false;
  /** The worker is loading a reload's graph; it takes requests again once it has swapped. */
  private loading = false;
  /** The fingerprint of the graph the worker serves. */
  private fingerprint?: string;
  private store?: GraphStore;
  /** The reload bringing the worker in step, while one runs. */
  private resyncing?: Promise<void>;
  /** When the worker was started (milliseconds since the epoch). */
  private startedAt = 0;
  private nextId = 0;
  private readonly answers = new Map<number, Waiter<AnswerMessage>>();
  private readonly loads = new Map<number, (problem: string | undefined, fingerprint?: string) => void>();
  private readonly scrapes = new Map<number, Waiter<MetricsJson>>();

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts the worker; resolves once it takes requests, or has failed to
   * start. Until then the main thread answers alone, so the server need not
   * wait for it.
   */
  start(): Promise<void> {
    return new Promise((resolve) => {
      const worker = spawnThread({ config: this.config });
      // Its thread exists now: lowered before it loads its modules and data, it cannot hold up the requests this thread answers meanwhile.
      yieldToMainThread();
      this.worker = worker;
      this.startedAt = Date.now();
      // The worker never keeps the process alive: the server's own handles decide when it ends.
      worker.unref();
      worker.on('message', (message: FromWorker) => {
        if (this.worker !== worker) return;
        if (message.type === 'ready') {
          this.serving = true;
          this.fingerprint = message.fingerprint;
          void this.bringInStep().then(resolve);
        } else if (message.type === 'start-failed') {
          this.logger.error({ problem: message.problem }, 'the execution worker could not load the data; the main thread answers alone');
          this.drop();
          resolve();
        } else this.receive(message);
      });
      worker.on('error', (error) => this.logger.error({ err: error }, 'the execution worker failed'));
      worker.on('exit', (code) => {
        resolve();
        // A worker dropped on purpose (closed, restarted, failed to start) is not started again.
        if (this.worker !== worker) return;
        this.drop();
        const again = Date.now() - this.startedAt >= MIN_UPTIME_MS;
        this.logger.error(
          { code },
          again ? 'the execution worker exited; starting it again' : 'the execution worker exited right after starting; the main thread answers alone',
        );
        if (again) void this.start();
      });
    });
  }

  /**
   * Stops the worker and starts a new one; resolves once it serves the data
   * the main thread serves. Meanwhile the main thread answers alone.
   */
  async restart(): Promise<void> {
    const old = this.worker;
    this.drop();
    await old?.terminate();
    await this.start();
  }

  /** Whether requests go to the worker now. */
  get available(): boolean {
    return this.serving && !this.loading && this.inStep();
  }

  /** Whether the worker serves a graph read from the same bytes as the main thread's. */
  private inStep(): boolean {
    return !this.store || (this.fingerprint !== undefined && this.fingerprint === fingerprintOf(this.store.current));
  }

  /** Requests sent to the worker and not yet answered. */
  get queued(): number {
    return this.answers.size;
  }

  /**
   * The worker's answer, or undefined when the main thread must answer
   * (worker loading, starting or gone). With EXECUTION_WORKER_MAX_QUEUE
   * requests already waiting on it, a 503: each holds its body in memory, and
   * a flood of costly documents would otherwise queue without end.
   */
  execute(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed | undefined> {
    if (!this.available) return Promise.resolve(undefined);
    if (this.queued >= this.config.EXECUTION_WORKER_MAX_QUEUE) {
      const busy = refusal(503, 'The server is busy; retry shortly.', 'SERVER_BUSY', { 'retry-after': String(BUSY_RETRY_SECONDS) });
      return Promise.resolve({ answer: busy, cacheable: false });
    }
    const id = ++this.nextId;
    // A copy of its own, moved to the worker rather than copied again.
    const body = incoming.body && new Uint8Array(incoming.body);
    const message: ToWorker = { type: 'request', id, requestId: incoming.exchange?.requestId, method: incoming.method, url: incoming.url, headers, body };
    return new Promise((resolve) => {
      this.answers.set(id, (reply) => {
        if (!reply) return resolve(undefined);
        const { status, headers, body, cacheable, operationName, errorCodes } = reply;
        if (incoming.exchange) {
          incoming.exchange.operationName ??= operationName;
          incoming.exchange.errorCodes.push(...errorCodes);
        }
        resolve({ answer: { status, headers, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), operationName }, cacheable });
      });
      this.worker!.postMessage(message, body ? [body.buffer] : []);
    });
  }

  /**
   * Wired to the store: before a reload's graph is swapped in, the worker
   * loads its own; a failure there cancels the swap on both. After the swap,
   * the worker swaps too.
   */
  followReloads(store: GraphStore): void {
    this.store = store;
    store.checkBeforeSwap((graph) => this.load(graph));
    store.onSwap((graph) => this.swap(graph));
  }

  /** The worker's metrics, or undefined when it has none to give in time. */
  metrics(): Promise<MetricsJson | undefined> {
    if (!this.serving) return Promise.resolve(undefined);
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.scrapes.get(id)?.(undefined), METRICS_WAIT_MS);
      this.scrapes.set(id, (metrics) => {
        clearTimeout(timer);
        this.scrapes.delete(id);
        resolve(metrics);
      });
      this.worker!.postMessage({ type: 'metrics', id } satisfies ToWorker);
    });
  }

  /** Stops the worker for good. */
  async close(): Promise<void> {
    const old = this.worker;
    this.drop();
    await old?.terminate();
  }

  /**
   * A worker that has just loaded its graph (at start-up, or started again)
   * serves what the main thread serves if it read the same bytes. Otherwise
   * (an edit between the two reads, a reload made while the worker started) a
   * reload loads the files on both, and the worker takes requests once it has
   * swapped; if that reload fails, the main thread answers alone until one
   * succeeds.
   */
  private async bringInStep(): Promise<void> {
    if (this.store && !this.inStep()) await this.resync(this.store);
  }

  /** Reloads on both threads; asked for again while one runs, it is the same reload. */
  private resync(store: GraphStore): Promise<void> {
    this.resyncing ??= store.reload().then(
      () => this.logger.info({ version: store.version }, 'the execution worker is in step: data reloaded on both threads'),
      (error: unknown) =>
        this.logger.error({ err: error }, 'the execution worker started, but the data did not reload on both threads; the main thread answers alone until a reload succeeds'),
    ).finally(() => {
      this.resyncing = undefined;
    });
    return this.resyncing;
  }

  /** Loads the files on the worker for `graph`, the main thread's new one; rejects when the worker cannot, or read other bytes. */
  private load(graph: KnowledgeGraph): Promise<void> {
    // A worker still starting may have read the files before this reload: it is brought in step once it is up.
    if (!this.serving) return Promise.resolve();
    const id = ++this.nextId;
    this.loading = true;
    return new Promise((resolve, reject) => {
      this.loads.set(id, (problem, fingerprint) => {
        this.loads.delete(id);
        if (problem === undefined && fingerprint !== undefined && fingerprint === fingerprintOf(graph)) {
          resolve();
          return;
        }
        this.loading = false;
        reject(
          problem === undefined
            ? new LoadAgain('The data files changed between the main thread\'s and the execution worker\'s reads of them.')
            : new Error(`The execution worker could not load the new data: ${problem}`),
        );
      });
      this.worker!.postMessage({ type: 'load', id } satisfies ToWorker);
    });
  }

  /** After the main thread's swap to `graph`: the worker swaps to the graph it loaded for it, read from the same bytes. */
  private swap(graph: KnowledgeGraph): void {
    if (!this.loading) {
      // A swap the worker did not load for, checked while it was starting: it serves the older graph.
      if (this.serving && this.store && !this.inStep()) void this.resync(this.store);
      return;
    }
    this.loading = false;
    this.fingerprint = fingerprintOf(graph);
    this.worker?.postMessage({ type: 'swap' } satisfies ToWorker);
  }

  private receive(message: Exclude<FromWorker, { type: 'ready' | 'start-failed' }>): void {
    switch (message.type) {
      case 'answer':
      case 'failed': {
        const waiter = this.answers.get(message.id);
        this.answers.delete(message.id);
        waiter?.(message.type === 'answer' ? message : undefined);
        return;
      }
      case 'loaded':
        this.loads.get(message.id)?.(message.problem, message.fingerprint);
        return;
      case 'metrics':
        this.scrapes.get(message.id)?.(message.metrics);
        return;
      case 'log':
        this.relay(message.line);
    }
  }

  /** A log line of the worker, written by the main thread's logger. */
  private relay(line: string): void {
    const { level, msg, time: _time, ...fields } = JSON.parse(line) as { level: number; msg?: string; time?: number } & Record<string, unknown>;
    const name = (this.logger.levels.labels[level] ?? 'info') as 'info';
    this.logger[name]({ ...fields, thread: 'execution worker' }, msg);
  }

  /** The worker is gone or going: whatever waits on it is answered by the main thread. */
  private drop(): void {
    this.worker = undefined;
    this.serving = false;
    this.loading = false;
    this.fingerprint = undefined;
    for (const waiter of this.answers.values()) waiter(undefined);
    this.answers.clear();
    for (const settle of this.loads.values()) settle('the worker exited');
    this.loads.clear();
    for (const waiter of this.scrapes.values()) waiter(undefined);
  }
}
