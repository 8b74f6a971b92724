/**
 * Exports are the served graph in files graph tools open: each is parsed back
 * with the library that reads that format and compared node for node and edge
 * for edge with data/, in-process, from the CLI and over real HTTP.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import cytoscape from 'cytoscape';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../src/core/load.ts';
import { createApp } from '../src/server/app.ts';
import { GraphStore } from '../src/server/graph-store.ts';
import { DATA_DIR, fixture, serveOverHttp, testApp } from './helpers.ts';
import { edges, entries, KIND_FILES } from './yaml-oracle.ts';

type Graph = MultiDirectedGraph;

/** Every entity of data/ as `kind:slug`, with its names. */
const NODES = Object.entries(KIND_FILES).flatMap(([kind, file]) =>
  entries(file).map((entry) => ({ key: `${kind}:${entry.slug}`, kind, label: entry.name.en, labelZh: entry.name.zh })),
);
const EDGES = [...new Set(edges().map((e) => `${e.type} ${e.from} ${e.to}`))].sort();

/** The graph read back holds exactly the entities and relations of data/. */
function expectSameGraph(graph: Graph) {
  const nodes = graph.mapNodes((key, attributes) => ({ key, kind: attributes.kind, label: attributes.label, labelZh: attributes.labelZh }));
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  expect(nodes.sort(byKey)).toEqual([...NODES].sort(byKey));
  expect(graph.mapEdges((_key, attributes, source, target) => `${attributes.relation} ${source} ${target}`).sort()).toEqual(EDGES);
}

/** Positions, sizes and colours, which drawing tools need on every node. */
function expectDrawable(graph: Graph) {
  graph.forEachNode((_key, attributes) => {
    expect(Number.isFinite(attributes.x) && Number.isFinite(attributes.y) && attributes.size > 0).toBe(true);
    expect(attributes.color).toMatch(/^#[0-9a-f]{6}$/);
  });
}

const PARSERS: Record<string, (text: string) => Graph> = {
  json: (text) => MultiDirectedGraph.from(JSON.parse(text)),
  graphml: (text) => parseGraphml(MultiDirectedGraph, text) as Graph,
  gexf: (text) => parseGexf(MultiDirectedGraph, text) as Graph,
};

async function download(format: string, base = 'http://localhost') {
  const app = await testApp();
  return app.fetch(`${base}/export/graph.${format}`);
}

describe('exports, in-process', () => {
  it.each(Object.keys(PARSERS))('graph.%s parses back to the same nodes and edges, ready to draw', async (format) => {
    const response = await download(format);
    expect(response.status).toBe(200);
    const graph = PARSERS[format]!(await response.text());
    expectSameGraph(graph);
    expectDrawable(graph);
  });

  it('graph.json also loads into Cytoscape.js as it is', async () => {
    const document = await (await download('json')).json();
    const cy = cytoscape({ headless: true, elements: document.elements });
    expect(cy.nodes().map((n) => n.id()).sort()).toEqual(NODES.map((n) => n.key).sort());
    expect(cy.edges().map((e) => `${e.data('relation')} ${e.source().id()} ${e.target().id()}`).sort()).toEqual(EDGES);
    expect(cy.getElementById('model:bert').data('label')).toBe('BERT');
    expect(Number.isFinite(cy.getElementById('model:bert').position('x'))).toBe(true);
  });

  it('graph.graphml gives Neo4j a label per node and a type per relationship', async () => {
    const graph = PARSERS.graphml!(await (await download('graphml')).text());
    expect(graph.getNodeAttribute('model:bert', 'labels')).toBe(':Model');
    expect(graph.getNodeAttribute('capability:code-generation', 'labels')).toBe(':Capability');
    graph.forEachEdge((_key, attributes) => expect(attributes.label).toBe(attributes.relation));
  });

  it('answers with the format\'s media type, HEAD without a body, other methods and formats with an error', async () => {
    const app = await testApp();
    for (const [format, type] of [['json', 'application/json'], ['graphml', 'application/graphml+xml'], ['gexf', 'application/gexf+xml']]) {
      expect((await download(format!)).headers.get('content-type')).toContain(type);
    }
    const head = await app.fetch('http://localhost/export/graph.gexf', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await app.fetch('http://localhost/export/graph.json', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const unknown = await download('csv');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/No export in format "csv"; try \/export\/graph\.json/);
  });

  it('follows a reload: the export is always of the graph being served', async () => {
    let dir = fixture('mini');
    const load = () => loadGraph({ dataDir: dir, datasets: ['curated'] });
    const store = await GraphStore.open(load);
    const app = createApp(store, { MAX_PAGE_SIZE: 500 });
    const nodeCount = async () => MultiDirectedGraph.from(await (await app.fetch('http://localhost/export/graph.json')).json()).order;
    const before = await nodeCount();
    expect(before).toBe(store.current.entityCount);
    dir = DATA_DIR;
    await store.reload();
    expect(await nodeCount()).toBe(NODES.length);
    expect(NODES.length).not.toBe(before);
  });
});

describe('exports, from the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fmg-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], {
      cwd: join(DATA_DIR, '..'),
      // The same datasets as the in-process app it is compared with.
      env: { ...process.env, DATASETS: 'curated' },
    });

  it('writes the same GraphML file the server gives (`npm run export -- --format graphml --out FILE`)', async () => {
    const out = join(dir, 'graph.graphml');
    await cli('--format', 'graphml', '--out', out);
    const written = await readFile(out, 'utf8');
    expect(written).toBe(await (await download('graphml')).text());
    expectSameGraph(PARSERS.graphml!(written));
  });

  it('writes to standard output without --out', async () => {
    const { stdout } = await cli('--format', 'gexf');
    expect(stdout).toBe(await (await download('gexf')).text());
  });

  it('refuses an unknown format with usage', async () => {
    const failure = await cli('--format', 'xml').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringMatching(/Unknown format "xml"\.\nUsage: npm run export -- --format json\|graphml\|gexf/) });
  });
});

describe('exports, over HTTP', () => {
  const server = serveOverHttp();

  it.each(Object.keys(PARSERS))('serves graph.%s with the graph the API answers from', async (format) => {
    const response = await fetch(server.url.replace('/graphql', `/export/graph.${format}`));
    expect(response.status).toBe(200);
    const graph = PARSERS[format]!(await response.text());
    expectSameGraph(graph);
    const api = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stats { nodeCount edgeCount } }' }),
    });
    const { data } = (await api.json()) as { data: { stats: { nodeCount: number; edgeCount: number } } };
    expect({ nodeCount: graph.order, edgeCount: graph.size }).toEqual(data.stats);
  });
});
