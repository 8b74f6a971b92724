/**
 * The execution worker's thread (see execution-worker.ts): loads the graph the
 * main thread serves and answers the requests it is sent (GraphQL, exports) with the same
 * app (Yoga, limits, short path), its response cache off: the main thread
 * caches. Its log lines and metrics go to the main thread.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from 'prom-client';
import type { KnowledgeGraph } from '../core/graph.ts';
import { fingerprintOf, loadDatasets } from '../core/load.ts';
import { createApp } from './app.ts';
import { loadOptionsOf } from './config.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './execution-worker.ts';
import { headerOf } from './front.ts';
import { GraphStore } from './graph-store.ts';
import { createLogger, Exchanges, type Exchange } from './logging.ts';
import { yogaMetricsPlugin } from './metrics.ts';
import { yieldToMainThread } from './thread-priority.ts';

const port = parentPort!;
const { config } = workerData as WorkerSettings;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const problemOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// The main thread writes these lines: two threads writing one stream could interleave them.
const lines = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line) post({ type: 'log', line });
    done();
  },
});
const logger = createLogger(config, lines);
const registry = new Registry();

const load = async (): Promise<KnowledgeGraph> => (await loadDatasets(loadOptionsOf(config))).graph;

let store: GraphStore;
try {
  store = await GraphStore.open(load);
} catch (error) {
  post({ type: 'start-failed', problem: problemOf(error) });
  process.exit(1);
}
const app = createApp(store, { ...config, RESPONSE_CACHE_MAX_BYTES: 0 }, { logger, exchanges: new Exchanges(), metrics: { plugin: () => yogaMetricsPlugin(registry) } });
/** A reload's graph, loaded and waiting for the main thread's swap. */
let next: KnowledgeGraph | undefined;

async function answer({ id, requestId, method, url, headers, body }: Extract<ToWorker, { type: 'request' }>): Promise<void> {
  const exchange: Exchange = { requestId: requestId ?? '', errorCodes: [] };
  const incoming = { method, url, header: (name: string) => headerOf(headers, name), body: body && Buffer.from(body.buffer, body.byteOffset, body.byteLength), exchange };
  try {
    const { answer: computed, cacheable } = await app.execute(incoming, headers);
    // A copy of its own, moved to the main thread rather than copied again.
    const bytes = new Uint8Array(computed.body);
    const operationName = exchange.operationName ?? computed.operationName;
    post({ type: 'answer', id, status: computed.status, headers: computed.headers, body: bytes, cacheable, operationName, errorCodes: exchange.errorCodes }, [bytes.buffer]);
  } catch (error) {
    logger.error({ err: error }, 'the execution worker could not answer a request');
    post({ type: 'failed', id });
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'request':
      void answer(message);
      return;
    case 'load':
      load().then(
        (graph) => {
          next = graph;
          post({ type: 'loaded', id: message.id, fingerprint: fingerprintOf(graph) });
        },
        (error: unknown) => post({ type: 'loaded', id: message.id, problem: problemOf(error) }),
      );
      return;
    case 'swap':
      if (next) store.swap(next);
      next = undefined;
      return;
    case 'metrics':
      void registry.getMetricsAsJSON().then((metrics) => post({ type: 'metrics', id: message.id, metrics }));
  }
});
// Again (the main thread did so when it started this one): the threads V8 and libuv started for the load exist now.
yieldToMainThread();
post({ type: 'ready', fingerprint: fingerprintOf(store.current) });
