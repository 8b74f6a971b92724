/** The running server wired together: graph, metrics, app, HTTP front, port. Used by the entry point and by tests. */
import { loadGraph } from '../core/load.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { GraphStore } from './graph-store.ts';
import { createHttpHandler } from './http-handler.ts';
import { listen, type Listening } from './listen.ts';
import type { Logger } from './logging.ts';
import { Metrics } from './metrics.ts';

export interface RunningServer {
  store: GraphStore;
  metrics: Metrics;
  listening: Listening;
  /** Turns /readyz to 503 so load balancers stop sending before the port closes. */
  stopAdvertising(): void;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const load = () => loadGraph({ dataDir: config.DATA_DIR });
  const store = new GraphStore(await load(), load);
  const metrics = new Metrics(store);
  let ready = true;
  const app = createApp(store, config, { metrics, logger, isReady: () => ready });
  const handler = createHttpHandler(app, { config, logger, metrics });
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
