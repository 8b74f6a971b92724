/**
 * The curated data is strict: a broken file stops the load with a message that
 * names the file, the entry and the problem, and no partial graph is returned.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGraph } from '../src/core/load.ts';
import { DATA_DIR, fixture } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the mini fixture with one file's text changed. */
async function brokenCopy(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fmg-data-'));
  dirs.push(dir);
  await cp(fixture('mini'), dir, { recursive: true });
  await writeFile(join(dir, file), edit(await readFile(join(dir, file), 'utf8')));
  return dir;
}

async function loadError(dir: string): Promise<string> {
  try {
    await loadGraph({ dataDir: dir, datasets: ['curated'] });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the load succeeded');
}

describe('curated data validation', () => {
  it('loads the repository data without problems', async () => {
    const graph = await loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
    expect(graph.entityCount).toBeGreaterThan(50);
  });

  it('loads the mini fixture', async () => {
    const graph = await loadGraph({ dataDir: fixture('mini'), datasets: ['curated'] });
    expect(graph.bySlug('model', 'alpha')?.name.zh).toBe('阿尔法');
  });

  const cases: [string, string, (text: string) => string, RegExp][] = [
    [
      'a reference to a missing entry',
      'models.yaml',
      (t) => t.replace('slug: acme', 'slug: nobody'),
      /models\.yaml \(entry "alpha"\): refers to unknown vendor "nobody"/,
    ],
    [
      'a missing citation',
      'vendors.yaml',
      (t) => t.replace('  citations: [{ source: doc }]', '  citations: []'),
      /vendors\.yaml \(entry "acme"\): citations: at least one citation is required/,
    ],
    [
      'an unknown source',
      'models.yaml',
      (t) => t.replace('source: doc, quote', 'source: nowhere, quote'),
      /models\.yaml \(entry "alpha"\): cites unknown source "nowhere"/,
    ],
    [
      'a malformed date',
      'models.yaml',
      (t) => t.replace('"2020"', '"March 2020"'),
      /models\.yaml \(entry "alpha"\): releaseDate: a date is YYYY, YYYY-MM or YYYY-MM-DD/,
    ],
    [
      'a duplicate slug',
      'vendors.yaml',
      (t) => `${t}${t}`,
      /vendors\.yaml \(entry "acme"\): slug "acme" is used twice/,
    ],
    [
      'a missing Chinese name',
      'vendors.yaml',
      (t) => t.replace(', zh: 阿克米', ''),
      /vendors\.yaml \(entry "acme"\): name\.zh/,
    ],
    [
      'an unknown field',
      'models.yaml',
      (t) => `${t}  parameters: 12\n`,
      /models\.yaml \(entry "alpha"\): .*parameters/,
    ],
    [
      'invalid YAML',
      'capabilities.yaml',
      (t) => `${t}\n  - : : [\n`,
      /capabilities\.yaml: is not valid YAML at line \d+/,
    ],
    [
      'an edge to the wrong kind of node',
      'models.yaml',
      (t) => t.replace('{ slug: translation,', '{ slug: transformer,'),
      /models\.yaml \(entry "alpha"\): refers to unknown capability "transformer"/,
    ],
    [
      'a cycle in the capability tree',
      'capabilities.yaml',
      (t) => t.replace('- slug: language\n  name: { en: Language, zh: 语言 }\n  citations: [{ source: doc }]', '- slug: language\n  name: { en: Language, zh: 语言 }\n  citations: [{ source: doc }]\n  parent: { slug: translation, citations: [{ source: doc }] }'),
      /SUBCAPABILITY_OF forms a cycle/,
    ],
  ];

  it.each(cases)('refuses %s, naming file, entry and problem', async (_name, file, edit, expected) => {
    const message = await loadError(await brokenCopy(file, edit));
    expect(message).toMatch(expected);
  });

  it('reports a missing file by name', async () => {
    const dir = await brokenCopy('models.yaml', (t) => t);
    await rm(join(dir, 'models.yaml'));
    expect(await loadError(dir)).toMatch(/models\.yaml: cannot be read \(ENOENT\)/);
  });

  it('lists every problem at once', async () => {
    const dir = await brokenCopy('models.yaml', (t) => t.replace('slug: acme', 'slug: nobody').replace('source: doc, quote', 'source: nowhere, quote'));
    expect(await loadError(dir)).toMatch(/The data has 2 problems/);
  });
});
