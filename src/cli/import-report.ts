/**
 * Prints what loading the models.dev catalogue beside the curated data does:
 * which entities merged with curated ones (and from which files), how many were
 * created, which records were skipped and why, and which alias entries matched
 * nothing. Reads DATA_DIR and MODELS_DEV_DIR like the server; `--created` also
 * lists every created slug.
 */
import { loadDatasets } from '../core/load.ts';
import { readConfig } from '../server/config.ts';

const config = readConfig();
const { graph, modelsDev: report } = await loadDatasets({
  dataDir: config.DATA_DIR,
  datasets: ['curated', 'models-dev'],
  modelsDevDir: config.MODELS_DEV_DIR,
});
if (!report) throw new Error('The catalogue was not loaded.');

const lines: string[] = [];
const section = (title: string, items: string[]) => {
  lines.push('', `${title} (${items.length})`, ...items.map((item) => `  ${item}`));
};

lines.push(`${report.source.title}: ${report.source.url}`);
lines.push(`Read ${report.filesRead} TOML files from ${config.MODELS_DEV_DIR}`);
section(
  'Merged with the curated data',
  report.merged.map(({ key, files }) => `${key}  <- ${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''}`),
);
const created = Object.entries(report.created).map(([kind, slugs]) => `${slugs!.length} ${kind}${slugs!.length === 1 ? '' : 's'}`);
lines.push('', `Created: ${created.join(', ')}`);
if (process.argv.includes('--created')) {
  for (const [kind, slugs] of Object.entries(report.created)) section(`Created ${kind}s`, [...slugs!].sort());
}
lines.push(
  `Offerings: ${report.offerings} (${report.resolvedOfferings} from provider files without base_model, matched to a canonical or curated model)`,
  `Benchmark results: ${report.benchmarkResults}`,
);
section('Skipped', report.skipped.map(({ file, problem }) => `${file}: ${problem}`));
section('Alias entries that matched nothing', report.unusedAliases);
lines.push('', `Totals: ${report.merged.length} merged, ${Object.values(report.created).reduce((n, slugs) => n + slugs!.length, 0)} created, ${report.skipped.length} skipped; the graph has ${graph.entityCount} entities and ${graph.offeringCount} offerings.`);
console.log(lines.join('\n'));
