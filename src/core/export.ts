/**
 * The whole graph in the formats graph tools open: JSON for Cytoscape.js and
 * sigma.js, GraphML (yEd, Neo4j) and GEXF (Gephi). Each is rendered once per
 * graph from the same graphology graph the API's algorithms use, so exports
 * and API answers always agree.
 */
import type { Attributes } from 'graphology-types';
import { write as writeGexf } from 'graphology-gexf';
import { circular } from 'graphology-layout';
import * as forceAtlas2Module from 'graphology-layout-forceatlas2';
import { create as createXml } from 'xmlbuilder2';
import type { MultiDirectedGraph } from 'graphology';
import type { KnowledgeGraph } from './graph.ts';
import { networkOf, type EdgeAttributes, type NodeAttributes } from './network.ts';
import { perGraph } from './per-graph.ts';
import type { EntityKind } from './vocabulary.ts';

export const EXPORT_FORMATS = ['json', 'graphml', 'gexf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
  gexf: 'application/gexf+xml; charset=utf-8',
};

/** What drawing tools read besides the data: a position, a size and a colour per node. */
interface DrawnNodeAttributes extends NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
}

type Drawing = MultiDirectedGraph<DrawnNodeAttributes, EdgeAttributes>;

const KIND_COLORS: Record<EntityKind, string> = {
  model: '#4e79a7',
  vendor: '#f28e2b',
  capability: '#59a14f',
  architecture: '#b07aa1',
  challenge: '#e15759',
  dataset: '#9c755f',
  platform: '#76b7b2',
  application: '#edc948',
  benchmark: '#bab0ac',
};

// The typings declare an ES default export, but the module assigns `module.exports`
// itself, which Node hands over as the default.
const forceAtlas2 = forceAtlas2Module.default as unknown as typeof forceAtlas2Module.default.default;

/** Rounds of the force-directed layout: enough for a graph of this size to settle. */
const LAYOUT_ITERATIONS = 300;

/**
 * The network with positions from a force-directed layout (started from a
 * circle, so the result is the same on every run), sizes by degree and colours by kind.
 */
function drawing(graph: KnowledgeGraph): Drawing {
  // The copy gains its drawing attributes in the next three statements.
  const drawn = networkOf(graph).copy() as unknown as Drawing;
  circular.assign(drawn, { scale: 100 });
  // Barnes–Hut, which graphology's inferred settings turn on only from 2,000 nodes, already for the 1,715
  // served here: 2.1-2.3 s of layout instead of 5.3-6.0 s, once per graph and format, on the worker's thread.
  forceAtlas2.assign(drawn, { iterations: LAYOUT_ITERATIONS, settings: { ...forceAtlas2.inferSettings(drawn), barnesHutOptimize: true } });
  drawn.updateEachNodeAttributes((key, attributes) => ({
    ...attributes,
    x: round(attributes.x),
    y: round(attributes.y),
    size: round(3 + 2 * Math.sqrt(drawn.degree(key))),
    color: KIND_COLORS[attributes.kind],
  }));
  return drawn;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * One document two libraries load as it is: its top level is graphology's
 * serialization, which sigma.js draws after `Graph.from(document)`, and its
 * `elements` are Cytoscape.js elements, for `cytoscape({ elements })`.
 */
function toJson(network: Drawing): string {
  const serialized = network.export();
  const elements = {
    nodes: serialized.nodes.map(({ key, attributes }) => {
      const { x, y, ...data } = attributes!;
      return { data: { id: key, ...data }, position: { x, y } };
    }),
    edges: serialized.edges.map(({ key, source, target, attributes }) => ({ data: { id: key!, source, target, ...attributes! } })),
  };
  return JSON.stringify({ ...serialized, elements });
}

const GRAPHML_TYPES: Record<string, string> = { string: 'string', number: 'double', boolean: 'boolean' };

/** GraphML keys for every attribute the elements carry, typed from their values. */
function graphmlKeys(domain: 'node' | 'edge', elements: Attributes[]): { id: string; name: string; type: string }[] {
  const types = new Map<string, string>();
  for (const attributes of elements) {
    for (const [name, value] of Object.entries(attributes)) types.set(name, GRAPHML_TYPES[typeof value] ?? 'string');
  }
  return [...types].map(([name, type]) => ({ id: `${domain[0]}_${name}`, name, type }));
}

/**
 * GraphML with every attribute as typed data. Nodes also carry `labels`
 * (`:Model`) and edges `label` (the relation type), which Neo4j's GraphML
 * import reads as node labels and relationship types.
 */
function toGraphml(network: Drawing): string {
  const nodes = network.mapNodes((key, attributes) => ({
    key,
    attributes: { ...attributes, labels: `:${attributes.kind[0]!.toUpperCase()}${attributes.kind.slice(1)}` } as Attributes,
  }));
  const edges = network.mapEdges((key, attributes, source, target) => ({ key, source, target, attributes: attributes as Attributes }));
  const nodeKeys = graphmlKeys('node', nodes.map((n) => n.attributes));
  const edgeKeys = graphmlKeys('edge', edges.map((e) => e.attributes));

  const root = createXml({ version: '1.0', encoding: 'UTF-8' }).ele('http://graphml.graphdrawing.org/xmlns', 'graphml');
  for (const [domain, keys] of [['node', nodeKeys], ['edge', edgeKeys]] as const) {
    for (const { id, name, type } of keys) root.ele('key', { id, for: domain, 'attr.name': name, 'attr.type': type });
  }
  const body = root.ele('graph', { id: 'G', edgedefault: 'directed' });
  const writeData = (element: ReturnType<typeof body.ele>, keys: typeof nodeKeys, attributes: Attributes) => {
    for (const { id, name } of keys) {
      if (attributes[name] !== undefined) element.ele('data', { key: id }).txt(String(attributes[name]));
    }
  };
  for (const { key, attributes } of nodes) writeData(body.ele('node', { id: key }), nodeKeys, attributes);
  for (const { key, source, target, attributes } of edges) writeData(body.ele('edge', { id: key, source, target }), edgeKeys, attributes);
  return root.end({ prettyPrint: true });
}

const renderers: Record<ExportFormat, (network: Drawing) => string> = {
  json: toJson,
  graphml: toGraphml,
  gexf: (network) => writeGexf(network, { version: '1.3', pretty: true }),
};

/** Each format rendered at most once per graph, when first asked for. */
const exportsOf = perGraph((graph) => {
  let drawn: Drawing | undefined;
  const rendered = new Map<ExportFormat, string>();
  return (format: ExportFormat) => {
    if (!rendered.has(format)) rendered.set(format, renderers[format]((drawn ??= drawing(graph))));
    return rendered.get(format)!;
  };
});

export function exportGraph(graph: KnowledgeGraph, format: ExportFormat): string {
  return exportsOf(graph)(format);
}
