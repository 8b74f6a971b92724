/**
 * Writes the graph to a file graph tools open, the same file the server gives
 * at /export/graph.FORMAT:
 *   npm run export -- --format graphml --out graph.graphml
 * Without --out the file goes to standard output. Loads the datasets the server would (DATASETS, DATA_DIR, MODELS_DEV_DIR).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportGraph, isExportFormat } from '../core/export.ts';
import { loadGraph } from '../core/load.ts';
import { loadOptionsOf, readConfig } from '../server/config.ts';

const USAGE = `Usage: npm run export -- --format ${EXPORT_FORMATS.join('|')} [--out FILE]`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { format: { type: 'string' }, out: { type: 'string' } } });
  if (!values.format || !isExportFormat(values.format)) {
    throw new Error(`${values.format ? `Unknown format "${values.format}".` : 'Missing --format.'}\n${USAGE}`);
  }
  const graph = await loadGraph(loadOptionsOf(readConfig()));
  const text = exportGraph(graph, values.format);
  if (values.out) {
    await writeFile(values.out, text);
    console.error(`Wrote ${graph.entityCount} nodes and ${graph.relationCount} edges to ${values.out}`);
  } else {
    process.stdout.write(text);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
