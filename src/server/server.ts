/** Entry point: load the graph, listen, and shut down cleanly. */
import { loadGraph } from '../core/load.ts';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { GraphStore } from './graph-store.ts';
import { listen } from './listen.ts';

async function main(): Promise<void> {
  const config = readConfig();
  const load = () => loadGraph({ dataDir: config.DATA_DIR });
  const store = new GraphStore(await load(), load);
  const listening = await listen(createApp(store, config), config.HOST, config.PORT);
  console.log(`Serving ${store.current.entityCount} entities at ${listening.url}`);
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
