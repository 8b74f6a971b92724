/**
 * Walking the graph beyond one hop: the neighbourhood of a node, the shortest
 * chain of relations between two nodes, and the models most like a model.
 */
import { LookupError } from './errors.ts';
import type { Direction, KnowledgeGraph } from './graph.ts';
import type { Entity, ModelEntity, Relation } from './types.ts';
import type { RelationType } from './vocabulary.ts';

export interface Subgraph {
  nodes: Entity[];
  edges: Relation[];
  /** True when `limit` stopped nodes from being added. */
  truncated: boolean;
}

export interface NeighborhoodOptions {
  depth: number;
  types?: readonly RelationType[];
  direction: Direction;
  /** Most nodes returned, the start node included. */
  limit: number;
}

export interface Path {
  nodes: Entity[];
  edges: Relation[];
}

export interface RelatedModel {
  model: ModelEntity;
  score: number;
  /** The neighbours both models have, most telling first. */
  shared: Entity[];
}

function requireEntity(graph: KnowledgeGraph, key: string): Entity {
  const entity = graph.entity(key);
  if (!entity) throw new LookupError(`There is no ${key.replace(':', ' "')}".`);
  return entity;
}

const otherEnd = (relation: Relation, key: string) => (relation.from === key ? relation.to : relation.from);

/**
 * Breadth-first from a node, following relations of the given types in the
 * given direction, up to `depth` hops. Nodes are added nearest first; edges are
 * the ones followed from a node to a node that is in the result.
 */
export function neighborhood(graph: KnowledgeGraph, key: string, options: NeighborhoodOptions): Subgraph {
  const start = requireEntity(graph, key);
  const nodes = new Map<string, Entity>([[key, start]]);
  const edges = new Set<Relation>();
  let truncated = false;
  let frontier = [key];
  // Once `limit` is reached the walk stops: a hub's thousands of other edges are not read.
  walk: for (let hop = 0; hop < options.depth && frontier.length; hop += 1) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const relation of graph.relations(from, options.direction, options.types)) {
        const to = otherEnd(relation, from);
        if (!nodes.has(to)) {
          if (nodes.size >= options.limit) {
            truncated = true;
            break walk;
          }
          nodes.set(to, graph.entity(to)!);
          next.push(to);
        }
        edges.add(relation);
      }
    }
    frontier = next;
  }
  return { nodes: [...nodes.values()], edges: [...edges], truncated };
}

/**
 * The fewest relations linking two nodes, in either direction, optionally of
 * some types only; null when they are not linked within `maxDepth` relations.
 *
 * Breadth-first from both ends at once, a whole level at a time, widening the
 * side whose level has fewer relations to read, and never past `maxDepth`
 * levels in all: the first node reached from both sides lies on a shortest
 * path. Types are checked as relations are read. (graphology's search needed
 * a graph of the allowed types: building one for each new set of types took
 * 3-25 ms here and 8 s at 100,000 models, and it searched past `maxDepth`,
 * checking the path's length only after.)
 */
export function shortestPath(
  graph: KnowledgeGraph,
  from: string,
  to: string,
  options: { types?: readonly RelationType[]; maxDepth: number },
): Path | null {
  const start = requireEntity(graph, from);
  requireEntity(graph, to);
  if (from === to) return { nodes: [start], edges: [] };
  // For each side, every node it has reached and the relation it came by (none at the side's own end).
  const reached = [new Map<string, Relation | null>([[from, null]]), new Map<string, Relation | null>([[to, null]])] as const;
  // How many relations widening a level reads, before any type filter.
  const levelCost = (keys: readonly string[]) =>
    keys.reduce((sum, key) => sum + graph.relations(key, 'OUT').length + graph.relations(key, 'IN').length, 0);
  const levels = [[from], [to]];
  const costs = levels.map(levelCost);
  for (let depth = 0; depth < options.maxDepth; depth += 1) {
    const side = costs[0]! <= costs[1]! ? 0 : 1;
    const mine = reached[side];
    const theirs = reached[1 - side]!;
    const next: string[] = [];
    for (const key of levels[side]!) {
      for (const direction of ['OUT', 'IN'] as const) {
        for (const relation of graph.relations(key, direction, options.types)) {
          const other = otherEnd(relation, key);
          if (mine.has(other)) continue;
          mine.set(other, relation);
          if (theirs.has(other)) return pathThrough(graph, other, reached[0], reached[1]);
          next.push(other);
        }
      }
    }
    if (!next.length) return null;
    levels[side] = next;
    costs[side] = levelCost(next);
  }
  return null;
}

/** The path through `middle`, joining the way back to the start and the way on to the end. */
function pathThrough(graph: KnowledgeGraph, middle: string, fromStart: ReadonlyMap<string, Relation | null>, fromEnd: ReadonlyMap<string, Relation | null>): Path {
  const walk = (reached: ReadonlyMap<string, Relation | null>) => {
    const keys: string[] = [];
    const edges: Relation[] = [];
    for (let key = middle, relation = reached.get(key); relation; relation = reached.get(key)) {
      edges.push(relation);
      key = otherEnd(relation, key);
      keys.push(key);
    }
    return { keys, edges };
  };
  const back = walk(fromStart);
  const on = walk(fromEnd);
  const keys = [...back.keys.reverse(), middle, ...on.keys];
  return { nodes: keys.map((key) => graph.entity(key)!), edges: [...back.edges.reverse(), ...on.edges] };
}

/** What two models can have in common: a vendor, capabilities, architectures, datasets, platforms, challenges they mitigate. */
const SHARED_NEIGHBOUR_TYPES: readonly RelationType[] = [
  'DEVELOPED_BY',
  'HAS_CAPABILITY',
  'USES_ARCHITECTURE',
  'TRAINED_ON',
  'AVAILABLE_ON',
  'MITIGATES',
];

/**
 * Models ranked by the neighbours they share with a model (by key), each shared node
 * weighted by 1 / ln(models linked to it) (the Adamic–Adar index), so sharing
 * a niche capability counts for more than sharing a platform that hosts
 * everything. Ties go by English name.
 *
 * Only the best `limit` are ranked and given their shared neighbours: at
 * 100,000 models a model shares a capability with tens of thousands, and
 * listing what each shares, then sorting them all, took 350-440 ms.
 */
export function relatedModels(graph: KnowledgeGraph, key: string, limit: number): RelatedModel[] {
  requireEntity(graph, key);
  const neighbours: { node: Entity; type: RelationType; weight: number }[] = [];
  const scores = new Map<string, number>();
  for (const relation of graph.relations(key, 'OUT', SHARED_NEIGHBOUR_TYPES)) {
    const peers = graph
      .relations(relation.to, 'IN', [relation.type])
      .filter((r) => r.from !== key && graph.entity(r.from)!.kind === 'model');
    const weight = 1 / Math.log(peers.length + 1);
    neighbours.push({ node: graph.entity(relation.to)!, type: relation.type, weight });
    for (const peer of peers) scores.set(peer.from, (scores.get(peer.from) ?? 0) + weight);
  }
  // Heaviest first; equal weights in the order of the model's relations.
  const byWeight = neighbours.sort((a, b) => b.weight - a.weight);
  return bestRanked(graph, scores, limit).map(({ model, score }) => ({
    model,
    score,
    shared: byWeight.filter(({ node, type }) => graph.targets(model.key, type).includes(node)).map(({ node }) => node),
  }));
}

/** The `limit` highest scores, in order (ties by English name, then first found), without sorting the rest. */
function bestRanked(graph: KnowledgeGraph, scores: ReadonlyMap<string, number>, limit: number): { model: ModelEntity; score: number }[] {
  const best: { model: ModelEntity; score: number }[] = [];
  const before = (a: (typeof best)[number], b: (typeof best)[number]) => b.score - a.score || a.model.name.en.localeCompare(b.model.name.en);
  if (limit <= 0) return best;
  for (const [key, score] of scores) {
    const last = best.length === limit ? best[limit - 1]! : undefined;
    if (last && score < last.score) continue;
    const candidate = { model: graph.entity(key) as ModelEntity, score };
    if (last && before(candidate, last) >= 0) continue;
    let at = best.length;
    while (at > 0 && before(candidate, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best;
}
