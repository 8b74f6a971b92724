/** Entry point: read the settings, load the graph, listen, reload on demand, and shut down cleanly. */
import { loadGraph } from '../core/load.ts';
import { createApp } from './app.ts';
import { ConfigError, helpText, readConfig } from './config.ts';
import { GraphStore } from './graph-store.ts';
import { createHttpHandler } from './http-handler.ts';
import { listen } from './listen.ts';
import { createLogger } from './logging.ts';
import { Metrics } from './metrics.ts';
import { startReloading } from './reload.ts';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(helpText());
    return;
  }
  const config = readConfig();
  const logger = createLogger(config);
  const load = () => loadGraph({ dataDir: config.DATA_DIR });
  const store = new GraphStore(await load(), load);
  const metrics = new Metrics(store);
  let ready = true;
  const app = createApp(store, config, { metrics, logger, isReady: () => ready });
  const handler = createHttpHandler(app, { config, logger, metrics });
  const listening = await listen(handler, config.HOST, config.PORT, { requestTimeoutMs: config.REQUEST_TIMEOUT_MS });
  const stopReloading = startReloading({ store, logger, metrics }, config);
  logger.info(
    { url: listening.url, pid: process.pid, entities: store.current.entityCount, version: store.version, watch: config.WATCH },
    'listening',
  );

  const stop = async (signal: string) => {
    ready = false;
    stopReloading();
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: no new connections, finishing requests in flight');
    const inTime = await listening.close(config.SHUTDOWN_GRACE_MS);
    if (inTime) logger.info('stopped');
    else logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'stopped; requests still running after the grace period were cut off');
    logger.flush();
    process.exit(inTime ? 0 : 1);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A bad setting or bad data at start-up: say what, without a stack trace.
  const known = error instanceof ConfigError || (error instanceof Error && error.name.startsWith('Data'));
  console.error(known || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : error.stack);
  process.exit(1);
});
