/**
 * Walking the graph beyond one hop: the neighbourhood of a node, the shortest
 * chain of relations between two nodes, and the models most like a model.
 */
import { Adjacency, type WalkTable } from './adjacency.ts';
import { LookupError } from './errors.ts';
import type { Direction, KnowledgeGraph } from './graph.ts';
import type { Entity, ModelEntity, RelationWithEntities } from './types.ts';
import { RELATION_TYPE_NAMES, type RelationType } from './vocabulary.ts';

export interface Subgraph {
  nodes: Entity[];
  edges: RelationWithEntities[];
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
  edges: RelationWithEntities[];
}

export interface RelatedModel {
  model: ModelEntity;
  score: number;
  /** The neighbours both models have, most telling first. */
  shared: Entity[];
}

/** What a neighbourhood's walk marks an entity with: reached (among the nodes), then expanded (its relations read). */
const REACHED = 1;
const EXPANDED = 2;

function requireEntity(graph: KnowledgeGraph, key: string): Entity {
  const entity = graph.entity(key);
  if (!entity) throw new LookupError(`There is no ${key.replace(':', ' "')}".`);
  return entity;
}

/**
 * Breadth-first from a node, following relations of the given types in the
 * given direction, up to `depth` hops. Nodes are added nearest first; edges are
 * the ones followed from a node to a node that is in the result.
 */
export function neighborhood(graph: KnowledgeGraph, key: string, options: NeighborhoodOptions): Subgraph {
  const start = requireEntity(graph, key);
  const { adjacency } = graph;
  const { other, type } = adjacency;
  const allowed = Adjacency.typeMask(options.types);
  const both = options.direction === 'BOTH';
  const first = adjacency.numberOf(key)!;
  const reached = adjacency.scratch(1)[0]!;
  reached.set(first, REACHED);
  const nodes = [start];
  const edges: RelationWithEntities[] = [];
  let truncated = false;
  let frontier = [first];
  // Once `limit` is reached the walk stops: a hub's thousands of other edges are not read.
  walk: for (let hop = 0; hop < options.depth && frontier.length; hop += 1) {
    const next: number[] = [];
    for (const from of frontier) {
      reached.set(from, EXPANDED);
      for (let slot = adjacency.start(from, options.direction), last = adjacency.end(from, options.direction); slot < last; slot += 1) {
        if (!((allowed >>> type[slot]!) & 1)) continue;
        const to = other[slot]!;
        const mark = reached.get(to);
        if (!mark) {
          if (nodes.length >= options.limit) {
            truncated = true;
            break walk;
          }
          reached.set(to, REACHED);
          nodes.push(adjacency.entities[to]!);
          next.push(to);
        } else if (both && mark === EXPANDED) {
          // Both ways, a relation lies in the slots of both its ends (never the same entity: the graph refuses
          // such relations), and was taken from the end expanded first. A set of the relations taken cost more.
          continue;
        }
        edges.push(adjacency.relationWithEntitiesOf(from, slot));
      }
    }
    frontier = next;
  }
  return { nodes, edges, truncated };
}

/**
 * The fewest relations linking two nodes, in either direction, optionally of
 * some types only; null when they are not linked within `maxDepth` relations.
 *
 * Breadth-first from both ends at once, a whole level at a time, widening the
 * side whose level has fewer relations to read, and never past `maxDepth`
 * levels in all: the first node reached from both sides lies on a shortest
 * path. Types are checked as relations are read, over the graph's numbered
 * relations (see adjacency.ts). (graphology's search needed a graph of the
 * allowed types: building one for each new set of types took 3-25 ms here and
 * 8 s at 100,000 models, and it searched past `maxDepth`, checking the path's
 * length only after.)
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
  const { adjacency } = graph;
  const { other, type } = adjacency;
  const allowed = Adjacency.typeMask(options.types);
  const ends = [adjacency.numberOf(from)!, adjacency.numberOf(to)!];
  // For each side, how each entity was reached (see ReachedBy).
  const reached = adjacency.scratch(2);
  ends.forEach((end, side) => reached[side]!.set(end, OWN_END));
  // How many relations widening a level reads, before any type filter.
  const levelCost = (level: readonly number[]) => level.reduce((sum, node) => sum + adjacency.degree(node), 0);
  const levels = ends.map((end) => [end]);
  const costs = levels.map(levelCost);
  for (let depth = 0; depth < options.maxDepth; depth += 1) {
    const side = costs[0]! <= costs[1]! ? 0 : 1;
    const mine = reached[side]!;
    const theirs = reached[1 - side]!;
    const next: number[] = [];
    for (const node of levels[side]!) {
      for (let slot = adjacency.start(node, 'BOTH'), last = adjacency.end(node, 'BOTH'); slot < last; slot += 1) {
        if (!((allowed >>> type[slot]!) & 1)) continue;
        const reachedNode = other[slot]!;
        if (mine.get(reachedNode) !== NOT_REACHED) continue;
        mine.set(reachedNode, slot + 1);
        if (theirs.get(reachedNode) !== NOT_REACHED) return pathThrough(adjacency, reachedNode, reached[0]!, reached[1]!);
        next.push(reachedNode);
      }
    }
    if (!next.length) return null;
    levels[side] = next;
    costs[side] = levelCost(next);
  }
  return null;
}

/**
 * How a search's side reached each entity, by entity number: not at all (0,
 * as a cleared table holds), as the side's own end, or by the relation in
 * slot `value - 1` of the entity it was reached from.
 */
type ReachedBy = WalkTable;
const NOT_REACHED = 0;
const OWN_END = -1;

/** The path through `middle`, joining the way back to the start and the way on to the end. */
function pathThrough(adjacency: Adjacency, middle: number, fromStart: ReachedBy, fromEnd: ReachedBy): Path {
  const walk = (reached: ReachedBy) => {
    const nodes: Entity[] = [];
    const edges: RelationWithEntities[] = [];
    for (let node = middle; reached.get(node) !== OWN_END; ) {
      // The slot belongs to the entity this one was reached from.
      const slot = reached.get(node) - 1;
      node = adjacency.ownerOf(slot);
      edges.push(adjacency.relationWithEntitiesOf(node, slot));
      nodes.push(adjacency.entities[node]!);
    }
    return { nodes, edges };
  };
  const back = walk(fromStart);
  const on = walk(fromEnd);
  return { nodes: [...back.nodes.reverse(), adjacency.entities[middle]!, ...on.nodes], edges: [...back.edges.reverse(), ...on.edges] };
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
 * listing what each shares, then sorting them all, took 350-440 ms. Scores are
 * summed over the graph's numbered relations (see adjacency.ts).
 */
export function relatedModels(graph: KnowledgeGraph, key: string, limit: number): RelatedModel[] {
  requireEntity(graph, key);
  const { adjacency } = graph;
  const { other, type } = adjacency;
  const self = adjacency.numberOf(key)!;
  const shareable = Adjacency.typeMask(SHARED_NEIGHBOUR_TYPES);
  const neighbours: { node: Entity; type: RelationType; weight: number }[] = [];
  // Scores by entity number, and the models scored in the order first found.
  const scores = adjacency.scratch(1)[0]!;
  const found: number[] = [];
  for (let slot = adjacency.start(self, 'OUT'), last = adjacency.end(self, 'OUT'); slot < last; slot += 1) {
    if (!((shareable >>> type[slot]!) & 1)) continue;
    const node = other[slot]!;
    // The other models that point to the same node by the same type of relation.
    const peers: number[] = [];
    for (let peerSlot = adjacency.start(node, 'IN'), end = adjacency.end(node, 'IN'); peerSlot < end; peerSlot += 1) {
      const peer = other[peerSlot]!;
      if (type[peerSlot] === type[slot] && peer !== self && adjacency.kindOf(peer) === 'model') peers.push(peer);
    }
    const weight = 1 / Math.log(peers.length + 1);
    neighbours.push({ node: adjacency.entities[node]!, type: RELATION_TYPE_NAMES[type[slot]!]!, weight });
    for (const peer of peers) {
      if (scores.get(peer) === 0) found.push(peer);
      scores.set(peer, scores.get(peer) + weight);
    }
  }
  // Heaviest first; equal weights in the order of the model's relations.
  const byWeight = neighbours.sort((a, b) => b.weight - a.weight);
  return bestRanked(adjacency, found, scores, limit).map(({ model, score }) => ({
    model,
    score,
    shared: byWeight.filter(({ node, type }) => graph.targets(model.key, type).includes(node)).map(({ node }) => node),
  }));
}

type Candidate = { model: ModelEntity; score: number };

/** The `limit` highest scores of the models found, in order (ties by English name, then first found), without sorting the rest. */
function bestRanked(adjacency: Adjacency, found: readonly number[], scores: WalkTable, limit: number): Candidate[] {
  const best: Candidate[] = [];
  const before = (a: Candidate, b: Candidate) => b.score - a.score || a.model.name.en.localeCompare(b.model.name.en);
  if (limit <= 0) return best;
  for (const number of found) {
    const score = scores.get(number);
    const last = best.length === limit ? best[limit - 1]! : undefined;
    if (last && score < last.score) continue;
    const candidate = { model: adjacency.entities[number] as ModelEntity, score };
    if (last && before(candidate, last) >= 0) continue;
    let at = best.length;
    while (at > 0 && before(candidate, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best;
}
