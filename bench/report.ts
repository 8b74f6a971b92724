/** Small helpers shared by the benchmarks: percentiles, number formats, tables and result files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** The p-th percentile (0-100) of values sorted ascending, by nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const fixed = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
/** A share (0-1) as a whole percentage. */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes `<name>.json` and `<name>.md` into bench/results/. */
export function writeResults(name: string, json: unknown, markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(`${RESULTS_DIR}${name}.md`, `${markdown}\n`);
  console.log(`Wrote ${RESULTS_DIR}${name}.json and ${name}.md`);
}

/** "holds" or "does not hold", for the goal lines under a table. */
export const verdict = (ok: boolean): string => (ok ? 'holds' : 'does not hold');
