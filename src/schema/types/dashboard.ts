/**
 * Aggregates for dashboards: flat rows of names, slugs and numbers that a
 * chart or a table binds to as they come. Dashboards can send them as GET
 * requests (`/graphql?query=...`).
 */
import {
  capabilityCoverage,
  graphStats,
  modelsPerYear,
  mostConnected,
  parameterTimeline,
  vendorCapabilityMatrix,
  type GraphStats,
  type RankedEntity,
} from '../../core/aggregates.ts';
import { releaseYear } from '../../core/model-query.ts';
import type { Entity, ModelEntity } from '../../core/types.ts';
import { builder } from '../builder.ts';
import { localize } from '../localize.ts';
import { checkSize } from '../pagination.ts';
import { EntityRef } from '../refs.ts';
import { entityKind, LangEnum, NodeKindEnum } from './enums.ts';
import { ModelFilterInput, toModelFilter } from './model.ts';

type FieldBuilder<Row> = PothosSchemaTypes.ObjectFieldBuilder<typeof builder.$inferSchemaTypes, Row>;

/** A name in the request's language (or `lang`) and the slug, of an entity in a row: `vendor` and `vendorSlug`. */
function nameAndSlug<Row>(
  t: FieldBuilder<Row>,
  field: string,
  entityOf: (row: Row) => Entity,
) {
  return {
    [field]: t.string({
      description: `Name of the ${field}, in the requested language.`,
      args: { lang: t.arg({ type: LangEnum }) },
      resolve: (row, { lang }, context) => localize(entityOf(row).name, lang, context)!,
    }),
    [`${field}Slug`]: t.string({
      description: `Slug of the ${field}, for \`${field}(slug:)\` and as a stable key for a chart series.`,
      resolve: (row) => entityOf(row).slug,
    }),
  };
}

const KindCountRef = builder.objectRef<GraphStats['countsByKind'][number]>('KindCount').implement({
  description: 'How many entities of one kind the graph holds.',
  fields: (t) => ({
    kind: t.field({ type: NodeKindEnum, description: 'The kind counted.', resolve: (row) => row.kind.toUpperCase() as Uppercase<typeof row.kind> }),
    count: t.exposeInt('count', { description: 'Entities of this kind.' }),
  }),
});

const GraphStatsRef = builder.objectRef<GraphStats>('GraphStats').implement({
  description: 'The size of the graph.',
  fields: (t) => ({
    nodeCount: t.exposeInt('nodeCount', { description: 'Entities of every kind.' }),
    edgeCount: t.exposeInt('edgeCount', { description: 'Relations between entities, each counted once.' }),
    countsByKind: t.expose('countsByKind', { type: [KindCountRef], description: 'Entities per kind, every kind listed.' }),
  }),
});

const YearCountRef = builder.objectRef<{ year: number; count: number }>('YearCount').implement({
  description: 'How many models were released in a year.',
  fields: (t) => ({
    year: t.exposeInt('year'),
    count: t.exposeInt('count', { description: 'Models released that year.' }),
  }),
});

const CapabilityCountRef = builder.objectRef<ReturnType<typeof capabilityCoverage>[number]>('CapabilityCount').implement({
  description: 'How many models have a capability, counting those with one of its sub-capabilities.',
  fields: (t) => ({
    ...nameAndSlug(t, 'capability', (row) => row.capability),
    modelCount: t.exposeInt('modelCount', { description: 'Selected models with the capability or one below it.' }),
  }),
});

const VendorCapabilityCellRef = builder.objectRef<ReturnType<typeof vendorCapabilityMatrix>[number]>('VendorCapabilityCell').implement({
  description: 'How many of a vendor\'s models have a capability (sub-capabilities included): one cell of a vendor × capability matrix.',
  fields: (t) => ({
    ...nameAndSlug(t, 'vendor', (row) => row.vendor),
    ...nameAndSlug(t, 'capability', (row) => row.capability),
    modelCount: t.exposeInt('modelCount', { description: 'Models of the vendor with the capability or one below it.' }),
  }),
});

const ModelPointRef = builder.objectRef<ModelEntity>('ModelPoint').implement({
  description: 'A model placed on a size-over-time chart.',
  fields: (t) => ({
    ...nameAndSlug(t, 'model', (model) => model),
    releaseDate: t.string({ description: 'ISO 8601 release date; may be partial ("2018", "2023-03").', resolve: (model) => model.releaseDate! }),
    releaseYear: t.int({ description: 'Year of the release date, for charts by year.', resolve: (model) => releaseYear(model)! }),
    parameterCount: t.float({ description: 'Number of parameters.', resolve: (model) => model.parameterCount! }),
  }),
});

const RankedEntityRef = builder.objectRef<RankedEntity>('RankedEntity').implement({
  description: 'An entity with how connected it is.',
  fields: (t) => ({
    node: t.field({ type: EntityRef, description: 'The entity ranked.', resolve: (ranked) => ranked.entity }),
    degree: t.exposeInt('degree', { description: 'Relations touching the entity, in either direction.' }),
    pagerank: t.exposeFloat('pagerank', {
      description: 'PageRank over the directed relations (damping 0.85): high for entities that many well-linked entities point to. All sum to 1.',
    }),
  }),
});

const filterArgs = builder.args((t) => ({
  filter: t.field({ type: ModelFilterInput, description: 'Count only the models that meet these conditions.' }),
}));

builder.queryFields((t) => ({
  stats: t.field({
    type: GraphStatsRef,
    description: 'How many entities and relations the graph holds, per kind.',
    resolve: (_root, _args, context) => graphStats(context.graph),
  }),
  modelsPerYear: t.field({
    type: [YearCountRef],
    description: 'Models released per year, oldest first; years without a model and models without a release date are left out.',
    args: filterArgs,
    resolve: (_root, { filter }, context) => modelsPerYear(context.graph, toModelFilter(filter)),
  }),
  capabilityCoverage: t.field({
    type: [CapabilityCountRef],
    description:
      'Every capability with how many models have it, most covered first. Sub-capabilities roll up: a model that translates counts under language processing too.',
    args: filterArgs,
    resolve: (_root, { filter }, context) => capabilityCoverage(context.graph, toModelFilter(filter)),
  }),
  vendorCapabilityMatrix: t.field({
    type: [VendorCapabilityCellRef],
    description: 'For each vendor and capability, how many of the vendor\'s models have the capability (sub-capabilities roll up); empty cells are left out.',
    resolve: (_root, _args, context) => vendorCapabilityMatrix(context.graph),
  }),
  parameterTimeline: t.field({
    type: [ModelPointRef],
    description:
      'Release date and parameter count of every model that has both, oldest first: the data to set against claims about how fast models grow.',
    args: filterArgs,
    resolve: (_root, { filter }, context) => parameterTimeline(context.graph, toModelFilter(filter)),
  }),
  mostConnected: t.field({
    type: [RankedEntityRef],
    description: 'Entities with the most relations, with their PageRank; ties by PageRank, then name.',
    args: {
      kinds: t.arg({ type: [NodeKindEnum], description: 'Only entities of these kinds; all kinds when left out.' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many to return, at most the page-size cap.' }),
    },
    resolve: (_root, { kinds, first: firstArg }, context) => {
      const first = firstArg ?? 10;
      checkSize('first', first, context.maxPageSize);
      return mostConnected(context.graph, kinds?.map(entityKind), first);
    },
  }),
}));
