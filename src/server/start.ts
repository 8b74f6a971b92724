/** The running server wired together: graph, metrics, app, HTTP front, port. Used by the entry point and by tests. */
import { loadDatasets } from '../core/load.ts';
import { createApp } from './app.ts';
import { loadOptionsOf, type Config } from './config.ts';
import { ExecutionWorker } from './execution-worker.ts';
import { GraphStore } from './graph-store.ts';
import { createHttpHandler } from './http-handler.ts';
import { listen, type Listening } from './listen.ts';
import { Exchanges, type Logger } from './logging.ts';
import { Metrics } from './metrics.ts';

export interface RunningServer {
  store: GraphStore;
  metrics: Metrics;
  listening: Listening;
  /** The execution worker, when EXECUTION_WORKER is on. */
  executionWorker?: ExecutionWorker;
  /** Resolves once the execution worker takes requests (or has failed to start, or there is none). */
  workerStarted: Promise<void>;
  /** Turns /readyz to 503 so load balancers stop sending before the port closes. */
  stopAdvertising(): void;
  /** Stops accepting, lets requests in flight finish within `graceMs`, stops the execution worker, then logs and counts every answer not yet recorded; resolves to whether all finished in time. */
  close(graceMs?: number): Promise<boolean>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const load = async () => {
    const { graph, modelsDev } = await loadDatasets(loadOptionsOf(config));
    // The catalogue is lenient: a bad record is skipped and said so, on every load.
    const skipped = modelsDev?.skipped ?? [];
    for (const { file, problem } of skipped) logger.warn({ file, problem }, 'skipped models.dev record');
    if (skipped.length) logger.warn({ count: skipped.length }, 'skipped models.dev records');
    return graph;
  };
  const store = await GraphStore.open(load);
  const metrics = new Metrics(store);
  let ready = true;
  const exchanges = new Exchanges();
  const worker = config.EXECUTION_WORKER ? new ExecutionWorker(config, logger) : undefined;
  if (worker) {
    worker.followReloads(store);
    metrics.addSource(() => worker.metrics());
    metrics.gauge('execution_worker_up', 'Whether the execution worker takes requests (1) or the main thread answers alone (0).', () => Number(worker.available));
    metrics.gauge('execution_worker_queue', 'Requests sent to the execution worker and not yet answered.', () => worker.queued);
  }
  // The server listens while the worker loads its copy of the graph; the main thread answers alone until then.
  const workerStarted = worker?.start() ?? Promise.resolve();
  const app = createApp(store, config, { metrics, logger, exchanges, isReady: () => ready, offload: worker });
  const handler = createHttpHandler(app, { logger, metrics, exchanges });
  const listening = await listen(handler, config.HOST, config.PORT, { requestTimeoutMs: config.REQUEST_TIMEOUT_MS });
  return {
    store,
    metrics,
    listening,
    executionWorker: worker,
    workerStarted,
    stopAdvertising: () => {
      ready = false;
    },
    close: async (graceMs) => {
      const inTime = await listening.close(graceMs);
      await worker?.close();
      // Every connection has closed, so every answer is among these.
      handler.recordPending();
      return inTime;
    },
  };
}
