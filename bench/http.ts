/**
 * `npm run bench`: the real server against the limit of Node's HTTP stack, in
 * one run. For each query of bench/queries.ts it records the real server's
 * answer, has a bare node:http server answer the exact same bytes, and loads
 * both with autocannon on 127.0.0.1, alternating, once with the response cache
 * off ("uncached") and once on ("cached"). Every answer's body is compared with
 * the recorded bytes; a run with any mismatch, error or non-2xx answer fails.
 * Each query and mode also runs once with a single client, for its latency
 * without queueing behind other clients.
 *
 * Options: --duration seconds per run (3), --rounds alternations (5),
 * --connections (10), --warmup seconds (1), --only (run the queries whose
 * name contains this text).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { replayableHeaders, type RecordedAnswer } from './recorded-answer.ts';
import { cpuMicrosOf, MACHINE, machineLine, pinSelfToLoadCore, SERVER_NODE_FLAGS, startNode, untilWorkerUp } from './machine.ts';
import { BENCH_QUERIES } from './queries.ts';
import { fixed, markdownTable, median, percent, percentile, thousands, verdict, writeResults } from './report.ts';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    only: { type: 'string', default: '' },
  },
});
const DURATION = Number(options.duration);
const ROUNDS = Number(options.rounds);
const CONNECTIONS = Number(options.connections);
const WARMUP = Number(options.warmup);

/** What each mode changes in the server's environment. */
const MODES = {
  uncached: { RESPONSE_CACHE_MAX_BYTES: '0' },
  cached: {},
} as const;
type Mode = keyof typeof MODES;

const REQUEST_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  responses: number;
  /** The share of its core the load generator used: near 1, it set the pace as much as the target did. */
  loadGeneratorBusy: number;
  /** The target process's CPU time per answer, in microseconds (undefined without /proc). */
  cpuPerAnswer?: number;
  /** Milliseconds the load generator spent in its own full garbage collections during the run (the most of any round, combined). */
  loadGeneratorFullGcMs: number;
}

/**
 * The load generator's full garbage collections, as they happen. Each pauses
 * every connection at once, and the pause counts as latency of the server
 * measured: with V8's default heap growth they came every 150-400 ms against
 * the 50-model page (14-19 a run, 60-90 ms of pauses and as much again of
 * marking steps up to 14 ms), which doubled its p99 and cost it a tenth of its
 * answers a second. `npm run bench` runs with `--heap-growing-percent=100`,
 * and the report says what collections remained.
 */
const fullCollections: PerformanceEntry[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
    if (detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) fullCollections.push(entry);
  }
}).observe({ entryTypes: ['gc'] });

/** Milliseconds of full collections that began between two moments of performance.now(). */
async function fullGcMsBetween(from: number, to: number): Promise<number> {
  // Entries reach the observer after the collection, in a later turn.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return fullCollections.filter((entry) => entry.startTime >= from && entry.startTime <= to).reduce((sum, entry) => sum + entry.duration, 0);
}

/** Where a load goes: a URL, and the process answering it, whose CPU time is read around each run. */
interface Target {
  url: string;
  pid?: number;
}

/** One autocannon run; throws unless every answer was 2xx and byte-for-byte the expected body. */
async function load({ url, pid }: Target, body: string, expected: string, seconds: number, connections = CONNECTIONS): Promise<Load> {
  const latencies: number[] = [];
  const targetCpuBefore = cpuMicrosOf(pid);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, method: 'POST', headers: REQUEST_HEADERS, body, connections, duration: seconds, expectBody: expected },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
  const cpu = process.cpuUsage(cpuBefore);
  const targetCpuAfter = cpuMicrosOf(pid);
  const ended = performance.now();
  const loadGeneratorBusy = (cpu.user + cpu.system) / 1000 / (ended - started);
  const problems = { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, mismatches: result.mismatches };
  if (Object.values(problems).some((n) => n > 0)) throw new Error(`${url}: ${JSON.stringify(problems)}`);
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    responses: latencies.length,
    loadGeneratorBusy,
    cpuPerAnswer: targetCpuBefore === undefined || targetCpuAfter === undefined ? undefined : (targetCpuAfter - targetCpuBefore) / latencies.length,
    loadGeneratorFullGcMs: await fullGcMsBetween(started, ended),
  };
}

/** Posts a query once and keeps what came back, for the baseline to replay and the load to check against. */
async function record(url: string, body: string): Promise<RecordedAnswer> {
  const response = await fetch(url, { method: 'POST', headers: REQUEST_HEADERS, body });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (response.status !== 200 || parsed.errors || !parsed.data) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, headers: replayableHeaders(response.headers), body: text };
}

/** Medians over rounds, so one disturbed round does not move the figure; the load generator's collections, the most of any round. */
const combine = (runs: Load[]): Load => ({
  requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
  p50: median(runs.map((run) => run.p50)),
  p99: median(runs.map((run) => run.p99)),
  responses: runs.reduce((sum, run) => sum + run.responses, 0),
  loadGeneratorBusy: median(runs.map((run) => run.loadGeneratorBusy)),
  cpuPerAnswer: runs.every((run) => run.cpuPerAnswer !== undefined) ? median(runs.map((run) => run.cpuPerAnswer!)) : undefined,
  loadGeneratorFullGcMs: Math.max(...runs.map((run) => run.loadGeneratorFullGcMs)),
});

/**
 * Microseconds JSON.stringify and Buffer.from take for an answer's value in
 * this process (the median of 7 batches of 200): what a Node server that
 * builds an answer as objects pays to send it, whatever else it does. Measured
 * on the load generator's core while nothing is loaded.
 */
function serializationMicros(answer: string): number {
  const value: unknown = JSON.parse(answer);
  const batch = 200;
  const batches = Array.from({ length: 7 }, () => {
    const started = performance.now();
    for (let i = 0; i < batch; i += 1) Buffer.from(JSON.stringify(value));
    return ((performance.now() - started) * 1000) / batch;
  });
  return median(batches);
}

interface Row {
  query: string;
  mode: Mode;
  /** For uncached rows, the answer's serialization floor (see serializationMicros). */
  serializationMicros?: number;
  bytes: number;
  server: Load;
  baseline: Load;
  ratio: number;
  /** The server with one client sending a request as soon as the last is answered: latency without queueing behind other clients. */
  oneClient: Load;
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const entry = fileURLToPath(new URL('../src/server/server.ts', import.meta.url));
  const servers = {} as Record<Mode, Target>;
  const children = [];
  const answersDirectory = mkdtempSync(join(tmpdir(), 'bench-answers-'));
  try {
    for (const [mode, env] of Object.entries(MODES) as [Mode, Record<string, string>][]) {
      const started = await startNode([entry], { ...env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production' }, /(http:\/\/[^\s"]+)/, {
        nodeOptions: SERVER_NODE_FLAGS,
      });
      children.push(started.child);
      servers[mode] = { url: started.match[1]!, pid: started.child.pid };
    }
    await Promise.all(Object.values(servers).map(({ url }) => untilWorkerUp(new URL(url).origin)));

    const bodies = BENCH_QUERIES.map(({ query, variables }) => JSON.stringify({ query, variables }));
    const answers: RecordedAnswer[] = [];
    for (const [index, body] of bodies.entries()) {
      const uncached = await record(servers.uncached.url, body);
      const cached = await record(servers.cached.url, body);
      if (cached.body !== uncached.body) throw new Error(`${BENCH_QUERIES[index]!.name}: the cached answer differs from the uncached one`);
      answers.push(uncached);
    }
    const answersFile = join(answersDirectory, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers));
    const baseline = await startNode([fileURLToPath(new URL('./baseline-server.ts', import.meta.url))], { BASELINE_ANSWERS: answersFile }, /listening on (\S+)/);
    children.push(baseline.child);

    console.log(`${machineLine()}; ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections`);
    const rows: Row[] = [];
    for (const [index, { name }] of BENCH_QUERIES.entries()) {
      if (!name.includes(options.only)) continue;
      const body = bodies[index]!;
      const expected = answers[index]!.body;
      const baselineTarget = { url: `${baseline.match[1]}/answer/${index}`, pid: baseline.child.pid };
      for (const mode of Object.keys(MODES) as Mode[]) {
        const targets = { server: servers[mode], baseline: baselineTarget };
        for (const target of Object.values(targets)) await load(target, body, expected, WARMUP);
        const runs: { server: Load[]; baseline: Load[] } = { server: [], baseline: [] };
        for (let round = 0; round < ROUNDS; round += 1) {
          const order = round % 2 === 0 ? (['baseline', 'server'] as const) : (['server', 'baseline'] as const);
          for (const target of order) runs[target].push(await load(targets[target], body, expected, DURATION));
        }
        // Each round's ratio compares two runs next to each other in time; the median of those resists load from elsewhere.
        const ratio = median(runs.server.map((run, round) => run.requestsPerSecond / runs.baseline[round]!.requestsPerSecond));
        const oneClient = await load(targets.server, body, expected, DURATION, 1);
        const row: Row = {
          query: name,
          mode,
          bytes: Buffer.byteLength(expected),
          serializationMicros: mode === 'uncached' ? serializationMicros(expected) : undefined,
          server: combine(runs.server),
          baseline: combine(runs.baseline),
          ratio,
          oneClient,
        };
        rows.push(row);
        console.log(
          `${name} [${mode}]: ${thousands(row.server.requestsPerSecond)} req/s, p99 ${fixed(row.server.p99)} ms (one client ${fixed(oneClient.p99)} ms), ${micros(row.server.cpuPerAnswer)} µs CPU an answer; ` +
            `baseline ${thousands(row.baseline.requestsPerSecond)} req/s (load generator ${percent(row.baseline.loadGeneratorBusy)} busy), ${micros(row.baseline.cpuPerAnswer)} µs CPU an answer; ratio ${fixed(row.ratio)}`,
        );
      }
    }
    report(rows);
  } finally {
    for (const child of children) child.kill();
    rmSync(answersDirectory, { recursive: true, force: true });
  }
}

/** Microseconds, whole, or n/a where /proc gave none. */
const micros = (value: number | undefined): string => (value === undefined ? 'n/a' : fixed(value, 0));

function report(rows: Row[]): void {
  const uncached = rows.filter((row) => row.mode === 'uncached');
  const cached = rows.filter((row) => row.mode === 'cached');
  const lowest = (list: Row[]) => Math.min(...list.map((row) => row.ratio));
  const worstP99 = Math.max(...uncached.map((row) => row.server.p99));
  const worstOneClientP99 = Math.max(...uncached.map((row) => row.oneClient.p99));
  const worstFullGcMs = Math.max(...rows.flatMap((row) => [row.server, row.baseline, row.oneClient].map((load) => load.loadGeneratorFullGcMs)));
  const goals = [
    `- Uncached relationship queries at least 0.25x the baseline: ${verdict(lowest(uncached) >= 0.25)} (lowest ${fixed(lowest(uncached))}x).`,
    `- Cached at least 0.6x: ${verdict(lowest(cached) >= 0.6)} (lowest ${fixed(lowest(cached))}x).`,
    `- p99 of every uncached query under 5 ms, at ${CONNECTIONS} connections: ${verdict(worstP99 < 5)} (highest ${fixed(worstP99)} ms); with one client: ${verdict(worstOneClientP99 < 5)} (highest ${fixed(worstOneClientP99)} ms).`,
  ];
  const table = markdownTable(
    ['Query', 'Mode', 'Answer bytes', 'req/s', 'p50 ms', 'p99 ms', 'p99 ms, one client', 'CPU µs an answer', 'Serializing µs', 'Baseline req/s', 'Baseline p99 ms', 'Baseline CPU µs an answer', 'Load generator busy, baseline', 'Ratio'],
    rows.map((row) => [
      row.query,
      row.mode,
      String(row.bytes),
      thousands(row.server.requestsPerSecond),
      fixed(row.server.p50),
      fixed(row.server.p99),
      fixed(row.oneClient.p99),
      micros(row.server.cpuPerAnswer),
      row.serializationMicros === undefined ? '' : micros(row.serializationMicros),
      thousands(row.baseline.requestsPerSecond),
      fixed(row.baseline.p99),
      micros(row.baseline.cpuPerAnswer),
      percent(row.baseline.loadGeneratorBusy),
      `${fixed(row.ratio)}x`,
    ]),
  );
  const markdown = [
    `Machine: ${machineLine()}.`,
    `Load: autocannon, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION} s per target (after ${WARMUP} s warm-up). req/s, p50 and p99 are medians over the rounds; the ratio is the median of each round's server/baseline req/s. "One client" is one more run of ${DURATION} s against the server with a single connection, each request sent as the last is answered: the latency of a query that does not queue behind other clients'. "Load generator busy" is the share of its core the load generator used against the baseline (median over the rounds): near 100%, the baseline measured the load generator's limit as much as Node's HTTP stack's, and a ratio near 1 says the server kept up with both. "CPU µs an answer" is the CPU time (all threads) the server or baseline process used per answer in its rounds (median), from /proc/<pid>/stat: what an answer costs, whoever set the pace. "Serializing µs" (uncached rows) is what JSON.stringify and Buffer.from take for the answer, in the load generator's process between runs: part of every uncached answer's cost that no server building its answer as objects avoids on this Node.`,
    '',
    table,
    '',
    ...goals,
    '',
    `The load generator's own full garbage collections took at most ${fixed(worstFullGcMs)} ms of any ${DURATION} s run; each pauses every connection, and the pause counts as the measured server's latency.`,
  ].join('\n');
  console.log(`\n${markdown}`);
  writeResults('http', { machine: MACHINE, settings: { duration: DURATION, rounds: ROUNDS, connections: CONNECTIONS, warmup: WARMUP }, rows }, markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
