/** Entry point: load the graph, listen, and shut down cleanly. */
import { loadDatasets } from '../core/load.ts';
import { createApp } from './app.ts';
import { loadOptionsOf, readConfig } from './config.ts';
import { GraphStore } from './graph-store.ts';
import { listen } from './listen.ts';

async function main(): Promise<void> {
  const config = readConfig();
  let skipped = 0;
  const load = async () => {
    const { graph, modelsDev } = await loadDatasets(loadOptionsOf(config));
    for (const { file, problem } of modelsDev?.skipped ?? []) console.warn(`Skipped models.dev record ${file}: ${problem}`);
    skipped = modelsDev?.skipped.length ?? 0;
    return graph;
  };
  const store = new GraphStore(await load(), load);
  const listening = await listen(createApp(store, config), config.HOST, config.PORT);
  console.log(`Serving ${store.current.entityCount} entities (${config.DATASETS.join(', ')}) at ${listening.url}`);
  if (config.DATASETS.includes('models-dev')) console.log(`Skipped ${skipped} models.dev record${skipped === 1 ? '' : 's'}.`);
  const stop = async (signal: string) => {
    console.log(`${signal}: closing`);
    await listening.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
