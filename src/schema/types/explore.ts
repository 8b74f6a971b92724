/** Exploring beyond one hop: neighbourhoods, shortest paths between entities, and related models. */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { neighborhood, relatedModels, shortestPath, type Path, type RelatedModel, type Subgraph } from '../../core/explore.ts';
import type { EntityKind } from '../../core/vocabulary.ts';
import { builder } from '../builder.ts';
import { badInput, checkSize } from '../pagination.ts';
import { EntityRef, ModelRef, TYPE_NAME } from '../refs.ts';
import { RelationRef } from './entity.ts';
import { DirectionEnum, RelationTypeEnum } from './enums.ts';

const KIND_OF_TYPE = new Map(Object.entries(TYPE_NAME).map(([kind, typename]) => [typename, kind as EntityKind]));

/** The entity key behind a global id, or a clear error naming the argument. */
function entityKey(id: string | number, argument: string, expected?: EntityKind): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(id));
  } catch {
    throw badInput(`Argument "${argument}" is not an id this API issued.`);
  }
  const kind = KIND_OF_TYPE.get(decoded.typename);
  if (!kind) throw badInput(`Argument "${argument}" must be the id of an entity; it is the id of a ${decoded.typename}.`);
  if (expected && kind !== expected) {
    throw badInput(`Argument "${argument}" must be the id of a ${TYPE_NAME[expected]}; it is the id of a ${decoded.typename}.`);
  }
  return `${kind}:${decoded.id}`;
}

/** Deepest neighbourhood served: three hops already reach most of the graph. */
const MAX_DEPTH = 3;

const SubgraphRef = builder.objectRef<Subgraph>('Subgraph').implement({
  description: 'Part of the graph: some entities and the relations between them.',
  fields: (t) => ({
    nodes: t.expose('nodes', { type: [EntityRef], description: 'Entities, nearest to the start first; the start is first.' }),
    edges: t.expose('edges', { type: [RelationRef], description: 'The relations followed to reach them.' }),
    truncated: t.exposeBoolean('truncated', { description: 'True when `limit` left out entities that are within reach.' }),
  }),
});

const PathRef = builder.objectRef<Path>('Path').implement({
  description: 'A chain of relations from one entity to another; each edge joins the nodes before and after it, in either direction.',
  fields: (t) => ({
    length: t.int({ description: 'Number of relations in the chain.', resolve: (path) => path.edges.length }),
    nodes: t.expose('nodes', { type: [EntityRef], description: 'From the start to the end.' }),
    edges: t.expose('edges', { type: [RelationRef], description: 'The relation between each node and the next.' }),
  }),
});

const RelatedEntityRef = builder.objectRef<RelatedModel>('RelatedEntity').implement({
  description: 'A model like another one, and what they have in common.',
  fields: (t) => ({
    node: t.field({ type: ModelRef, description: 'The similar model.', resolve: (related) => related.model }),
    score: t.float({
      description:
        'Similarity: the sum, over shared neighbours, of 1 / ln(number of models linked to that neighbour), so sharing something rare counts for more.',
      resolve: (related) => related.score,
    }),
    shared: t.field({
      type: [EntityRef],
      description: 'Vendor, capabilities, architectures, datasets, platforms and mitigated challenges both models have; rarest first.',
      resolve: (related) => related.shared,
    }),
  }),
});

builder.queryFields((t) => ({
  neighborhood: t.field({
    type: SubgraphRef,
    description: 'The entities within `depth` relations of an entity, with the relations followed. Nearest entities are kept when `limit` cuts.',
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the entity to start from.' }),
      depth: t.arg.int({ defaultValue: 1, description: `How many relations away to go, 1 to ${MAX_DEPTH}.` }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these relation types; all when left out.' }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Which way relations are followed.' }),
      limit: t.arg.int({ defaultValue: 200, description: 'Most entities returned, the start included; at most the page-size cap.' }),
    },
    resolve: (_root, { id, types, ...args }, context) => {
      // An explicit null means the default, as for an argument left out.
      const depth = args.depth ?? 1;
      const direction = args.direction ?? 'BOTH';
      const limit = args.limit ?? 200;
      const key = entityKey(id, 'id');
      if (depth < 1 || depth > MAX_DEPTH) throw badInput(`Argument "depth" must be between 1 and ${MAX_DEPTH}; got ${depth}.`);
      if (limit < 1) throw badInput(`Argument "limit" must be at least 1; got ${limit}.`);
      checkSize('limit', limit, context.maxPageSize);
      return neighborhood(context.graph, key, { depth, types: types ?? undefined, direction, limit });
    },
  }),
  shortestPath: t.field({
    type: PathRef,
    nullable: true,
    description:
      'The shortest chain of relations between two entities, following relations either way. Example: how BERT is related to Stable Diffusion. Null when none is at most `maxDepth` long.',
    args: {
      from: t.arg.id({ required: true, description: 'Global id of the entity to start from.' }),
      to: t.arg.id({ required: true, description: 'Global id of the entity to reach.' }),
      types: t.arg({ type: [RelationTypeEnum], description: 'Follow only these relation types; all when left out.' }),
      maxDepth: t.arg.int({ defaultValue: 6, description: 'Longest chain worth returning, in relations.' }),
    },
    resolve: (_root, { from, to, types, maxDepth: maxDepthArg }, context) => {
      const maxDepth = maxDepthArg ?? 6;
      const fromKey = entityKey(from, 'from');
      const toKey = entityKey(to, 'to');
      if (maxDepth < 0) throw badInput(`Argument "maxDepth" must not be negative; got ${maxDepth}.`);
      return shortestPath(context.graph, fromKey, toKey, { types: types ?? undefined, maxDepth });
    },
  }),
  related: t.field({
    type: [RelatedEntityRef],
    description: 'The models most like a model, by the neighbours they share (vendor, capabilities, architectures, datasets, platforms, mitigated challenges), most similar first.',
    args: {
      id: t.arg.id({ required: true, description: 'Global id of a model.' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many models to return, at most the page-size cap.' }),
    },
    resolve: (_root, { id, first: firstArg }, context) => {
      const first = firstArg ?? 10;
      const key = entityKey(id, 'id', 'model');
      checkSize('first', first, context.maxPageSize);
      return relatedModels(context.graph, key, first);
    },
  }),
}));
