/**
 * How the server's log reaches standard output: lines are held (as bytes) and
 * written in batches, a quiet server's lines within a tenth of a second, and
 * a server with nothing to log writes nothing.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/server/logging.ts';

const STDOUT = 1;
const writeToFile = fs.write;

/** Captures what is written to standard output (answering each write as done); other files are written as usual. */
function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(fs, 'write').mockImplementation(((fd: number, data: string | Uint8Array, ...rest: unknown[]) => {
    if (fd !== STDOUT) return (writeToFile as (...args: unknown[]) => void)(fd, data, ...rest);
    const done = rest.at(-1) as (error: Error | null, bytes: number) => void;
    written.push(String(data));
    process.nextTick(done, null, Buffer.byteLength(data));
  }) as typeof fs.write);
  return written;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('log output', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes nothing while nothing is logged', async () => {
    const written = captureStdout();
    createLogger({ LOG_LEVEL: 'info' });
    await pause(350);
    expect(written).toEqual([]);
  });

  it('writes a lone line within a tenth of a second, once', async () => {
    const written = captureStdout();
    createLogger({ LOG_LEVEL: 'info' }).info({ requestId: 'r-1' }, 'request');
    await pause(350);
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 30, requestId: 'r-1', msg: 'request' });
  });

  it('writes many lines in few writes', async () => {
    const written = captureStdout();
    const logger = createLogger({ LOG_LEVEL: 'info' });
    for (let i = 0; i < 2_000; i += 1) logger.info({ requestId: `r-${i}` }, 'request');
    await pause(350);
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2_000);
    expect(written.length).toBeLessThanOrEqual(4);
  });

  it('keeps every line whole and in order, whatever its length or script', async () => {
    const written = captureStdout();
    const logger = createLogger({ LOG_LEVEL: 'info' });
    const messages = ['short', '大模型'.repeat(5_000), 'x'.repeat(100_000), ...Array.from({ length: 2_000 }, (_, i) => `第${i}行 `.repeat(10))];
    for (const message of messages) logger.info(message);
    await pause(350);
    const lines = written.join('').split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(messages);
  });
});
