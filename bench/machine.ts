/**
 * The machine a benchmark runs on, and how its processes are placed on cores:
 * the server under test on one core, the load generator on another, so they do
 * not compete (where `taskset` exists and there are at least two cores).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  /** Whether server and load generator were pinned to separate cores. */
  pinned: boolean;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const pinnable = availableParallelism() >= 2 && hasTaskset();

export const MACHINE: Machine = { cpus: availableParallelism(), cpuModel: cpuModel(), node: process.version, pinned: pinnable };

/**
 * The Node flags `npm start` gives the server (package.json's `config.nodeFlags`),
 * so the benchmarks run it as it runs in production.
 */
export const SERVER_NODE_FLAGS: readonly string[] = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { config: { nodeFlags: string } }
).config.nodeFlags
  .split(' ')
  .filter(Boolean);

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/** Moves this process (every thread) to the load generator's core. */
export function pinSelfToLoadCore(): void {
  if (pinnable) execFileSync('taskset', ['-a', '-p', '-c', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
}

/** The command and arguments that run Node with `nodeArgs` on the server's core. */
export function onServerCore(nodeArgs: readonly string[]): [string, string[]] {
  return pinnable ? ['taskset', ['-c', String(SERVER_CORE), process.execPath, ...nodeArgs]] : [process.execPath, [...nodeArgs]];
}

export interface StartOptions {
  /** Options for Node itself, before the entry point. */
  nodeOptions?: readonly string[];
  /** On the server core (the default), or wherever the system puts it: for work with no load generator beside it. */
  pinned?: boolean;
}

/**
 * Starts a TypeScript entry point (with its arguments) in a child Node process;
 * resolves with the child once a line of its standard output matches `ready`.
 */
export function startNode(
  entry: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  { nodeOptions = [], pinned = true }: StartOptions = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const nodeArgs = [...nodeOptions, '--import', 'tsx', ...entry];
  const [command, args] = pinned ? onServerCore(nodeArgs) : [process.execPath, nodeArgs];
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = line.match(ready);
      if (!match) return;
      // From here the output (a log line per request) is only drained: reading it line by line took the load generator's core.
      lines.close();
      child.stdout!.resume();
      resolve({ child, match });
    });
    child.once('exit', (code) => reject(new Error(`${[command, ...args].join(' ')} exited with code ${code} before it was ready`)));
  });
}

/** Longest wait for a server's execution worker to take requests. */
const WORKER_START_TIMEOUT_MS = 60_000;

/**
 * Resolves once the server at `origin` has its execution worker taking
 * requests, as its /metrics says (at once for a server without one). Until
 * then the worker loads its copy of the graph on the server's core, and
 * figures taken meanwhile are those of a server still starting: the first
 * query measured ran at about half the throughput, with three times the p99.
 */
export async function untilWorkerUp(origin: string): Promise<void> {
  const deadline = Date.now() + WORKER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const metrics = await fetch(`${origin}/metrics`).then((response) => (response.ok ? response.text() : ''), () => '');
    const up = /^execution_worker_up (\d)$/m.exec(metrics)?.[1];
    if (metrics && (up === undefined || up === '1')) return;
    await sleep(100);
  }
  throw new Error(`${origin}: the execution worker did not take requests within ${WORKER_START_TIMEOUT_MS / 1000} s`);
}

/** Ticks a second of the CPU times /proc gives (USER_HZ, 100 on Linux; `getconf` says where it can). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU time a process has used so far (user and system, all its threads),
 * in microseconds, from /proc/<pid>/stat; undefined where there is no /proc.
 * A target's CPU time per answer is its cost, whoever set the pace.
 */
export function cpuMicrosOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The fields after the command name (which is in parentheses and may hold spaces); utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export function machineLine(): string {
  return `${MACHINE.cpus} cores (${MACHINE.cpuModel}), Node ${MACHINE.node}, ` +
    (MACHINE.pinned ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE} (taskset)` : 'no core pinning');
}
