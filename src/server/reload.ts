/**
 * Reloading the data while serving: on SIGHUP, and with WATCH=1 on any change
 * under the data folder. Each reload is logged with its result; a failed one
 * names every problem (file, entry, problem) and leaves the last good graph
 * serving, since GraphStore swaps only a graph that loaded cleanly.
 */
import { watch } from 'node:fs';
import { DataError, DataErrors } from '../core/errors.ts';
import type { Config } from './config.ts';
import type { GraphStore } from './graph-store.ts';
import type { Logger } from './logging.ts';
import type { Metrics } from './metrics.ts';

/** Editors save in several writes (temporary file, rename); a reload waits until they have been quiet this long. */
const WATCH_SETTLE_MS = 200;

export type ReloadTrigger = 'SIGHUP' | 'watch';

interface ReloadOptions {
  store: GraphStore;
  logger: Logger;
  metrics: Metrics;
}

function problemsOf(error: unknown): { file?: string; entry?: string; problem: string }[] {
  const errors = error instanceof DataErrors ? error.errors : error instanceof DataError ? [error] : [];
  if (!errors.length) return [{ problem: error instanceof Error ? error.message : String(error) }];
  return errors.map(({ file, entry, problem }) => ({ file, entry, problem }));
}

/** Reloads once and logs the result; resolves to whether the new graph is now served. */
export async function reloadData({ store, logger, metrics }: ReloadOptions, trigger: ReloadTrigger): Promise<boolean> {
  const started = performance.now();
  try {
    const graph = await store.reload();
    metrics.reloaded('success');
    logger.info(
      { trigger, version: store.version, entities: graph.entityCount, relations: graph.relationCount, durationMs: Math.round(performance.now() - started) },
      'data reloaded',
    );
    return true;
  } catch (error) {
    metrics.reloaded('failure');
    logger.error(
      { trigger, version: store.version, problems: problemsOf(error) },
      'data reload failed; still serving the last good graph',
    );
    return false;
  }
}

/** Reloads on SIGHUP and, when asked, on changes under DATA_DIR; returns a function that stops both. */
export function startReloading(options: ReloadOptions, config: Pick<Config, 'DATA_DIR' | 'WATCH'>): () => void {
  const onSignal = () => void reloadData(options, 'SIGHUP');
  process.on('SIGHUP', onSignal);
  if (!config.WATCH) return () => process.off('SIGHUP', onSignal);

  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(config.DATA_DIR, { recursive: true, persistent: false }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reloadData(options, 'watch'), WATCH_SETTLE_MS);
  });
  watcher.on('error', (error) => options.logger.error({ err: error }, 'watching the data folder failed; SIGHUP still reloads'));
  return () => {
    process.off('SIGHUP', onSignal);
    clearTimeout(timer);
    watcher.close();
  };
}
