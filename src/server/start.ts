/** The running server wired together: graph, metrics, app, HTTP front, port. Used by the entry point and by tests. */
import { loadDatasets } from '../core/load.ts';
import { createApp } from './app.ts';
import { loadOptionsOf, type Config } from './config.ts';
import { GraphStore } from './graph-store.ts';
import { createHttpHandler } from './http-handler.ts';
import { listen, type Listening } from './listen.ts';
import { Exchanges, type Logger } from './logging.ts';
import { Metrics } from './metrics.ts';

export interface RunningServer {
  store: GraphStore;
  metrics: Metrics;
  listening: Listening;
  /** Turns /readyz to 503 so load balancers stop sending before the port closes. */
  stopAdvertising(): void;
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
  const app = createApp(store, config, { metrics, logger, exchanges, isReady: () => ready });
  const handler = createHttpHandler(app, { logger, metrics, exchanges });
  const listening = await listen(handler, config.HOST, config.PORT, { requestTimeoutMs: config.REQUEST_TIMEOUT_MS });
  return {
    store,
    metrics,
    listening,
    stopAdvertising: () => {
      ready = false;
    },
  };
}
