/** Which datasets the server loads, from where, and what its start-up log says about them. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/server/config.ts';
import { fixture, MODELS_DEV_DIR } from './helpers.ts';

describe('DATASETS and MODELS_DEV_DIR', () => {
  it('serve both datasets by default, the catalogue from the shared folder beside the repository', () => {
    const config = readConfig({});
    expect(config.DATASETS).toEqual(['curated', 'models-dev']);
    expect(config.MODELS_DEV_DIR).toBe(MODELS_DEV_DIR);
  });

  it('accept the curated data alone, and another catalogue folder', () => {
    expect(readConfig({ DATASETS: 'curated' }).DATASETS).toEqual(['curated']);
    expect(readConfig({ DATASETS: ' curated , models-dev ' }).DATASETS).toEqual(['curated', 'models-dev']);
    expect(readConfig({ MODELS_DEV_DIR: '/data/models.dev' }).MODELS_DEV_DIR).toBe('/data/models.dev');
  });

  it.each([
    ['models-dev', /DATASETS="models-dev": must include "curated"/],
    ['curated,wikipedia', /DATASETS="curated,wikipedia": .*curated.*models-dev/],
  ])('refuse DATASETS=%s, saying what is accepted', (value, message) => {
    expect(() => readConfig({ DATASETS: value })).toThrow(ConfigError);
    expect(() => readConfig({ DATASETS: value })).toThrow(message);
  });
});

type LogLine = Record<string, unknown> & { msg: string };

/** Starts the real server and returns its log (JSON lines) up to the line that ends the start-up. */
function startUpLog(env: Record<string, string>): Promise<LogLine[]> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    });
    const lines: LogLine[] = [];
    createInterface({ input: server.stdout }).on('line', (line) => {
      lines.push(JSON.parse(line) as LogLine);
      if (lines.at(-1)!.msg === 'listening') {
        server.kill('SIGTERM');
        resolve(lines);
      }
    });
    let errors = '';
    server.stderr.on('data', (chunk: Buffer) => (errors += chunk));
    setTimeout(() => server.kill('SIGKILL'), 15_000).unref();
    server.on('error', reject);
    server.on('exit', (code, signal) => reject(new Error(`server stopped (${code ?? signal}) before it started: ${errors}`)));
  });
}

describe('start-up log', () => {
  it('warns about each skipped catalogue record, then their count, then listens', async () => {
    const log = await startUpLog({ MODELS_DEV_DIR: fixture('models-dev') });
    const warnings = log.filter((line) => line.msg === 'skipped models.dev record');
    expect(warnings).toHaveLength(9);
    expect(warnings).toContainEqual(
      expect.objectContaining({ file: 'providers/cloudy/models/orphan.toml', problem: 'unknown base model "acme/missing-1"' }),
    );
    expect(log.at(-2)).toMatchObject({ msg: 'skipped models.dev records', count: 9 });
    expect(log.at(-1)).toMatchObject({ datasets: ['curated', 'models-dev'], entities: expect.any(Number), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/) });
  });

  it('serves the curated data alone with DATASETS=curated', async () => {
    const log = await startUpLog({ DATASETS: 'curated', MODELS_DEV_DIR: '/nonexistent' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ msg: 'listening', datasets: ['curated'] });
  });
});
