/** Settings: read from the environment, refused clearly when wrong, listed by --help and in the README. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, helpText, readConfig, settings } from '../src/server/config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMES = Object.keys(configSchema.shape);

describe('configuration', () => {
  it('reads numbers, flags and choices from strings', () => {
    const config = readConfig({ MAX_DEPTH: '9', WATCH: '1', NODE_ENV: 'production' });
    expect(config).toMatchObject({ MAX_DEPTH: 9, WATCH: true, NODE_ENV: 'production' });
  });

  it('treats an empty variable as unset', () => {
    expect(readConfig({ MAX_COST: '' }).MAX_COST).toBe(readConfig({}).MAX_COST);
  });

  it.each([
    ['MAX_DEPTH', '0', 'accepts an integer from 1 to 100'],
    ['MAX_BODY_BYTES', 'lots', 'accepts an integer from 1 to 1073741824'],
    ['WATCH', 'yes', 'accepts 0 | 1'],
    ['LOG_LEVEL', 'loud', 'accepts fatal | error | warn | info | debug | trace | silent'],
  ])('refuses %s=%s, naming the variable and what it accepts', (name, value, accepts) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(`${name}=${JSON.stringify(value)}`);
    expect(() => readConfig({ [name]: value })).toThrow(accepts);
  });

  it('--help lists every setting with its default', () => {
    const help = helpText();
    for (const setting of settings()) expect(help).toContain(`  ${setting.name}\n`);
    expect(settings().map((setting) => setting.name)).toEqual(NAMES);
  });

  it('`npm start -- --help` prints the list and exits without serving', () => {
    const output = execFileSync('npm', ['start', '--silent', '--', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toBe(helpText());
  });

  it('a bad value stops the start with the message, and exit code 1', () => {
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: 'eighty' },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toContain('PORT="eighty"');
    expect(failure?.stderr).toContain('accepts an integer from 0 to 65535');
  });

  it('the README has a table row for every setting, with its default', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    for (const setting of settings()) {
      const quoted = setting.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(readme).toMatch(new RegExp(`\\| \`${setting.name}\` \\| \`?${quoted}\`?( |\\|)`));
    }
  });
});
