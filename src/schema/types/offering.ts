/**
 * Offerings: a model served on a platform, with that platform's terms (price,
 * limits, modalities, features). Reachable from a model, from a platform, and
 * as the root list `offerings` for questions across every platform.
 */
import type { KnowledgeGraph } from '../../core/graph.ts';
import { OFFERING_ORDER_FIELDS, selectOfferings, type OfferingFilter } from '../../core/offering-query.ts';
import type { ModelEntity, Offering, PlatformEntity } from '../../core/types.ts';
import { builder } from '../builder.ts';
import type { GraphContext } from '../context.ts';
import { badInput, paginate, type PageArgs } from '../pagination.ts';
import { CapabilityRef, ModelRef, PlatformRef } from '../refs.ts';
import { ModalityEnum, OrderDirectionEnum } from './enums.ts';
import { CitationRef } from './provenance.ts';

const price = (description: string) => ({ nullable: true as const, description: `${description} In USD per million tokens; null when the platform publishes none.` });

export const OfferingRef = builder.objectRef<Offering>('Offering').implement({
  description: 'A model offered on a platform, with the terms of that offering: prices, limits, modalities and features.',
  fields: (t) => ({
    model: t.field({
      type: ModelRef,
      description: 'The model offered.',
      resolve: (offering, _args, context) => context.graph.entity(offering.model) as ModelEntity,
    }),
    platform: t.field({
      type: PlatformRef,
      description: 'The platform that offers it.',
      resolve: (offering, _args, context) => context.graph.entity(offering.platform) as PlatformEntity,
    }),
    providerModelId: t.exposeString('providerModelId', { description: 'The id the platform serves the model under, as a client sends it.' }),
    name: t.exposeString('name', { nullable: true, description: "The platform's name for the model." }),
    inputPrice: t.exposeFloat('inputPrice', price('Price of input tokens.')),
    outputPrice: t.exposeFloat('outputPrice', price('Price of output tokens.')),
    cacheReadPrice: t.exposeFloat('cacheReadPrice', price('Price of input tokens read from the prompt cache.')),
    cacheWritePrice: t.exposeFloat('cacheWritePrice', price('Price of input tokens written to the prompt cache.')),
    contextWindow: t.exposeInt('contextWindow', { nullable: true, description: 'Context window on this platform, in tokens.' }),
    outputLimit: t.exposeInt('outputLimit', { nullable: true, description: 'Most tokens one response may have on this platform.' }),
    inputModalities: t.expose('inputModalities', { type: [ModalityEnum], description: 'What the platform accepts as input for this model.' }),
    outputModalities: t.expose('outputModalities', { type: [ModalityEnum], description: 'What the platform returns from this model.' }),
    capabilities: t.field({
      type: [CapabilityRef],
      description: 'Features the platform serves the model with, such as tool calling or structured output.',
      resolve: (o, _args, context) => o.capabilities.map((slug) => context.graph.bySlug('capability', slug)!),
    }),
    status: t.exposeString('status', {
      nullable: true,
      description: 'Lifecycle on this platform when not generally available: "alpha", "beta" or "deprecated".',
    }),
    citations: t.expose('citations', { type: [CitationRef], description: 'The catalogue files these terms come from.' }),
  }),
});

export const OfferingConnection = builder.connectionObject({ type: OfferingRef, name: 'OfferingConnection' });

export const OfferingFilterInput = builder.inputType('OfferingFilter', {
  description: 'Conditions an offering must meet; all given conditions apply together. Unknown capability slugs are errors.',
  fields: (t) => ({
    maxInputPrice: t.float({ description: 'Highest input price, USD per million tokens; offerings without a price are left out.' }),
    minContextWindow: t.int({ description: 'Smallest context window, in tokens; offerings without one are left out.' }),
    capabilities: t.stringList({
      description: 'Capability slugs the offering must all have (e.g. "tool-calling"). A broad capability matches its sub-capabilities.',
    }),
    inputModalities: t.field({ type: [ModalityEnum], description: 'The offering must accept all of these as input.' }),
  }),
});

export const OfferingOrderFieldEnum = builder.enumType('OfferingOrderField', {
  description: 'What to sort offerings by.',
  values: {
    INPUT_PRICE: { description: 'Price of input tokens.' },
    OUTPUT_PRICE: { description: 'Price of output tokens.' },
    CONTEXT_WINDOW: { description: 'Context window.' },
  } satisfies Record<(typeof OFFERING_ORDER_FIELDS)[number], { description: string }>,
});

export const OfferingOrderInput = builder.inputType('OfferingOrder', {
  description: 'An order for offerings. Offerings without the value come last; ties keep the default order.',
  fields: (t) => ({
    field: t.field({ type: OfferingOrderFieldEnum, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, description: 'Ascending or descending.' }),
  }),
});

const offeringListArgs = builder.args((t) => ({
  filter: t.field({ type: OfferingFilterInput, description: 'Conditions the offerings must meet.' }),
  orderBy: t.field({ type: OfferingOrderInput, description: 'Defaults to the list\'s own order (see the field).' }),
}));

type FilterArg = typeof OfferingFilterInput.$inferInput;

/** GraphQL's nulls mean "not given"; the core takes undefined. */
function toOfferingFilter(input: FilterArg | null | undefined): OfferingFilter {
  const filter = Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value != null)) as OfferingFilter;
  for (const name of ['maxInputPrice', 'minContextWindow'] as const) {
    const value = filter[name];
    if (value !== undefined && (value < 0 || !Number.isFinite(value))) {
      throw badInput(`filter.${name} must be a non-negative number; got ${value}.`);
    }
  }
  return filter;
}

type ListArgs = PageArgs & { filter?: FilterArg | null; orderBy?: typeof OfferingOrderInput.$inferInput | null };

function resolveOfferingList(list: readonly Offering[], args: ListArgs, context: GraphContext) {
  const selected = selectOfferings(context.graph, list, toOfferingFilter(args.filter), args.orderBy ?? undefined);
  return paginate(args, context, selected);
}

/** A connection field over the offerings of an entity (a model's or a platform's). */
function offeringsOf(description: string, list: (graph: KnowledgeGraph, key: string) => readonly Offering[]) {
  return {
    type: OfferingRef,
    description,
    args: offeringListArgs,
    resolve: (entity: { key: string }, args: ListArgs, context: GraphContext) => resolveOfferingList(list(context.graph, entity.key), args, context),
  };
}

builder.queryField('offerings', (t) =>
  t.connection(
    {
      type: OfferingRef,
      description:
        'Every offering of every platform, by model name then platform name. Example: the cheapest offering with tool calling and image input.',
      args: offeringListArgs,
      resolve: (_root, args, context) => resolveOfferingList(context.graph.offerings(), args, context),
    },
    OfferingConnection,
  ),
);

builder.objectFields(ModelRef, (t) => ({
  offerings: t.connection(
    offeringsOf('Where this model is offered and on what terms, by platform name.', (graph, key) => graph.offeringsOfModel(key)),
    OfferingConnection,
  ),
}));

builder.objectFields(PlatformRef, (t) => ({
  offerings: t.connection(
    offeringsOf('The models this platform offers and on what terms, by model name.', (graph, key) => graph.offeringsOnPlatform(key)),
    OfferingConnection,
  ),
}));
