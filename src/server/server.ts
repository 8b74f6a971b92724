/** Entry point: read the settings, serve, reload on demand, and shut down cleanly. */
import { DataError, DataErrors } from '../core/errors.ts';
import { ConfigError, helpText, readConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { startReloading } from './reload.ts';
import { startServer } from './start.ts';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(helpText());
    return;
  }
  const config = readConfig();
  const logger = createLogger(config);
  const { store, metrics, listening, stopAdvertising, close } = await startServer(config, logger);
  const stopReloading = startReloading({ store, logger, metrics }, config);
  logger.info(
    {
      url: listening.url,
      pid: process.pid,
      datasets: config.DATASETS,
      entities: store.current.entityCount,
      version: store.version,
      watch: config.WATCH,
      executionWorker: config.EXECUTION_WORKER,
    },
    'listening',
  );

  const stop = async (signal: string) => {
    stopAdvertising();
    stopReloading();
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: no new connections, finishing requests in flight');
    const inTime = await close(config.SHUTDOWN_GRACE_MS);
    if (inTime) logger.info('stopped');
    else logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'stopped; requests still running after the grace period were cut off');
    logger.flush(() => process.exit(inTime ? 0 : 1));
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A bad setting or bad data: the message says what and where. Anything else is a bug, shown whole.
  const expected = error instanceof ConfigError || error instanceof DataErrors || error instanceof DataError;
  console.error(expected ? error.message : error);
  process.exit(1);
});
