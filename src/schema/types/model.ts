/** Models: the central node kind, its filters and orders, and the root `models` list. */
import { MODEL_ORDER_FIELDS, releaseYear, type ModelFilter } from '../../core/model-query.ts';
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.ts';
import type { GraphContext } from '../context.ts';
import { defineEntityNode } from '../entity-node.ts';
import { badInput, paginate, type PageArgs } from '../pagination.ts';
import {
  ArchitectureRef,
  CapabilityRef,
  ChallengeRef,
  DatasetRef,
  ModelRef,
  PlatformRef,
  VendorRef,
} from '../refs.ts';
import { ModalityEnum, OrderDirectionEnum } from './enums.ts';

export const ModelConnection = defineEntityNode('model', ModelRef, {
  description: 'A foundation model: a large pre-trained network adapted to many tasks.',
});

export const ModelFilterInput = builder.inputType('ModelFilter', {
  description: 'Conditions a model must meet; all given conditions apply together. Unknown slugs are errors.',
  fields: (t) => ({
    capabilities: t.stringList({
      description: 'Capability slugs the model must all have. A broad capability matches its sub-capabilities.',
    }),
    architectures: t.stringList({
      description: 'Architecture slugs the model must all use. A broad architecture matches its sub-types.',
    }),
    vendors: t.stringList({ description: 'Vendor slugs; the model is developed by any of them.' }),
    platforms: t.stringList({ description: 'Platform slugs; the model is available on any of them.' }),
    datasets: t.stringList({ description: 'Dataset slugs; the model was trained on any of them.' }),
    releasedFrom: t.int({ description: 'Earliest release year, inclusive.' }),
    releasedTo: t.int({ description: 'Latest release year, inclusive.' }),
    minParameters: t.float({ description: 'Fewest parameters; models with an undisclosed count are left out.' }),
    maxParameters: t.float({ description: 'Most parameters; models with an undisclosed count are left out.' }),
    inputModalities: t.field({ type: [ModalityEnum], description: 'The model must read all of these.' }),
    outputModalities: t.field({ type: [ModalityEnum], description: 'The model must produce all of these.' }),
    openWeights: t.boolean({ description: 'Whether the weights are published.' }),
    minContextWindow: t.int({ description: 'Smallest context window, in tokens.' }),
  }),
});

export const ModelOrderFieldEnum = builder.enumType('ModelOrderField', {
  description: 'What to sort models by.',
  values: MODEL_ORDER_FIELDS,
});

export const ModelOrderInput = builder.inputType('ModelOrder', {
  description: 'An order for models. Ties are broken by name.',
  fields: (t) => ({
    field: t.field({ type: ModelOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, required: true }),
  }),
});

type FilterArg = typeof ModelFilterInput.$inferInput;

/** GraphQL's nulls mean "not given"; the core takes undefined. */
export function toModelFilter(input: FilterArg | null | undefined): ModelFilter {
  const filter = Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value != null)) as ModelFilter;
  for (const name of ['minParameters', 'maxParameters', 'minContextWindow'] as const) {
    const value = filter[name];
    if (value !== undefined && (value < 0 || !Number.isFinite(value))) {
      throw badInput(`filter.${name} must be a non-negative number; got ${value}.`);
    }
  }
  return filter;
}

/** Arguments and resolver of every model list: a base condition from the parent, plus the client's filter and order. */
export const modelListArgs = builder.args((t) => ({
  filter: t.field({ type: ModelFilterInput }),
  orderBy: t.field({ type: ModelOrderInput, description: 'Defaults to name, ascending.' }),
}));

export function resolveModelList(
  base: ModelFilter,
  args: PageArgs & { filter?: FilterArg | null; orderBy?: typeof ModelOrderInput.$inferInput | null },
  context: GraphContext,
) {
  const requested = toModelFilter(args.filter);
  const filter = { ...requested, ...mergeLists(base, requested) };
  const selection = context.graph.models.select(filter, args.orderBy ?? undefined);
  return paginate(args, context, selection);
}

/** Combines a parent's condition with the client's: "all of" lists add up; for the others the parent's value stands. */
function mergeLists(base: ModelFilter, extra: ModelFilter): ModelFilter {
  const merged: ModelFilter = { ...base };
  for (const name of ['capabilities', 'architectures'] as const) {
    if (base[name] || extra[name]) merged[name] = [...(base[name] ?? []), ...(extra[name] ?? [])];
  }
  return merged;
}

/** Adds a `models` connection to a node type, listing the models its condition selects. */
export function defineModelsField<Shape>(
  ref: ObjectRef<typeof builder extends { $inferSchemaTypes: infer T } ? T : never, Shape>,
  description: string,
  condition: (parent: Shape) => ModelFilter,
) {
  builder.objectField(ref, 'models', (t) =>
    t.connection(
      {
        type: ModelRef,
        description,
        args: modelListArgs,
        resolve: (parent, args, context) => resolveModelList(condition(parent), args, context),
      },
      ModelConnection,
    ),
  );
}

builder.queryField('models', (t) =>
  t.connection(
    {
      type: ModelRef,
      description: 'Models, filtered and ordered. Example: every model that can generate code, newest first.',
      args: modelListArgs,
      resolve: (_root, args, context) => resolveModelList({}, args, context),
    },
    ModelConnection,
  ),
);

builder.objectFields(ModelRef, (t) => ({
  vendor: t.field({
    type: VendorRef,
    nullable: true,
    description: 'Who develops the model.',
    resolve: (model, _args, context) => context.graph.target<'vendor'>(model.key, 'DEVELOPED_BY') ?? null,
  }),
  family: t.exposeString('family', { nullable: true }),
  releaseDate: t.exposeString('releaseDate', {
    nullable: true,
    description: 'ISO 8601 release date; may be partial ("2018", "2023-03").',
  }),
  releaseYear: t.int({ nullable: true, resolve: (model) => releaseYear(model) ?? null }),
  parameterCount: t.exposeFloat('parameterCount', {
    nullable: true,
    description: 'Number of parameters; null when the vendor has not disclosed it (see `claims`).',
  }),
  layers: t.exposeInt('layers', { nullable: true }),
  inputModalities: t.expose('inputModalities', { type: [ModalityEnum] }),
  outputModalities: t.expose('outputModalities', { type: [ModalityEnum] }),
  openWeights: t.exposeBoolean('openWeights', { nullable: true, description: 'Whether the weights are published.' }),
  knowledgeCutoff: t.exposeString('knowledgeCutoff', { nullable: true, description: 'Training data cut-off (ISO 8601).' }),
  contextWindow: t.exposeInt('contextWindow', { nullable: true, description: 'Context window, in tokens.' }),
  outputLimit: t.exposeInt('outputLimit', { nullable: true, description: 'Most tokens one response may have, in tokens.' }),
  capabilities: t.field({
    type: [CapabilityRef],
    description: 'Capabilities the sources name for this model (broader ones are implied; see Capability.parent).',
    resolve: (model, _args, context) => context.graph.targets<'capability'>(model.key, 'HAS_CAPABILITY'),
  }),
  architectures: t.field({
    type: [ArchitectureRef],
    resolve: (model, _args, context) => context.graph.targets<'architecture'>(model.key, 'USES_ARCHITECTURE'),
  }),
  trainingDatasets: t.field({
    type: [DatasetRef],
    resolve: (model, _args, context) => context.graph.targets<'dataset'>(model.key, 'TRAINED_ON'),
  }),
  platforms: t.field({
    type: [PlatformRef],
    description: 'Where the model is offered.',
    resolve: (model, _args, context) => context.graph.targets<'platform'>(model.key, 'AVAILABLE_ON'),
  }),
  mitigates: t.field({
    type: [ChallengeRef],
    description: 'Challenges of foundation models this model is designed to reduce.',
    resolve: (model, _args, context) => context.graph.targets<'challenge'>(model.key, 'MITIGATES'),
  }),
  predecessor: t.field({
    type: ModelRef,
    nullable: true,
    description: 'The model this one succeeds.',
    resolve: (model, _args, context) => context.graph.target<'model'>(model.key, 'SUCCEEDS') ?? null,
  }),
  successors: t.field({
    type: [ModelRef],
    description: 'Models that succeed this one.',
    resolve: (model, _args, context) => context.graph.referrers<'model'>(model.key, 'SUCCEEDS'),
  }),
}));
