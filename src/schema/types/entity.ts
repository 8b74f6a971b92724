/** The Entity interface every node of the graph implements, and the typed edges between entities. */
import type { RelationWithEntities } from '../../core/types.ts';
import { builder } from '../builder.ts';
import { localize } from '../localize.ts';
import { paginate } from '../pagination.ts';
import { EntityRef, TYPE_NAME } from '../refs.ts';
import { DirectionEnum, LangEnum, RelationTypeEnum } from './enums.ts';
import { CitationRef, ClaimRef } from './provenance.ts';

/**
 * Relations come from the core with their entities in place, so `from` and
 * `to` are read as properties: as resolvers, each call cost a resolve info,
 * arguments and a response path (about 500 bytes an edge; the 214 edges of a
 * depth-2 neighbourhood were 40% of what its answer allocated).
 */
export const RelationRef = builder.objectRef<RelationWithEntities>('Relation').implement({
  description: 'A directed, cited edge: `from` relates to `to` as `type` says (a model DEVELOPED_BY a vendor).',
  fields: (t) => ({
    type: t.expose('type', { type: RelationTypeEnum }),
    from: t.expose('from', { type: EntityRef }),
    to: t.expose('to', { type: EntityRef }),
    note: t.string({
      nullable: true,
      args: { lang: t.arg({ type: LangEnum }) },
      resolve: (relation, { lang }, context) => localize(relation.note, lang, context),
    }),
    citations: t.expose('citations', { type: [CitationRef] }),
  }),
});

const RelationConnection = builder.connectionObject({ type: RelationRef, name: 'RelationConnection' });

const relationArgs = builder.args((t) => ({
  types: t.field({ type: [RelationTypeEnum] }),
  direction: t.field({ type: DirectionEnum, defaultValue: 'OUT' }),
}));

EntityRef.implement({
  description: 'Anything the graph knows about: a model, vendor, capability, architecture, challenge, dataset, platform, application or benchmark.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => TYPE_NAME[entity.kind],
  fields: (t) => ({
    id: t.globalID({ resolve: (entity) => ({ type: TYPE_NAME[entity.kind], id: entity.slug }) }),
    slug: t.exposeString('slug', { description: 'Readable identifier, unique within its kind.' }),
    name: t.string({
      args: { lang: t.arg({ type: LangEnum }) },
      resolve: (entity, { lang }, context) => localize(entity.name, lang, context)!,
    }),
    description: t.string({
      nullable: true,
      args: { lang: t.arg({ type: LangEnum }) },
      resolve: (entity, { lang }, context) => localize(entity.description, lang, context),
    }),
    aliases: t.exposeStringList('aliases', { description: 'Other names, abbreviations and known misspellings.' }),
    citations: t.expose('citations', { type: [CitationRef] }),
    claims: t.field({
      type: [ClaimRef],
      description: 'Values sources give for this entity\'s attributes, with their standing (disputed ones included).',
      resolve: (entity) => entity.claims,
    }),
    relations: t.field({
      type: [RelationRef],
      description: 'Edges touching this entity, optionally of some types only, all at once (`relationConnection` pages them).',
      // What an operation's cost takes them to number: most entities have fewer (a model at most 63), capabilities, platforms and vendors hundreds.
      extensions: { listSize: 50 },
      args: relationArgs,
      resolve: (entity, { types, direction }, context) =>
        context.graph.relationSelection(entity.key, direction ?? 'OUT', types ?? undefined).slice(0, Infinity),
    }),
    relationConnection: t.connection(
      {
        type: RelationRef,
        description:
          'The edges `relations` lists, in its order, a page at a time with their `totalCount`: a capability or a platform has hundreds.',
        args: relationArgs,
        resolve: (entity, { types, direction, ...page }, context) =>
          paginate(page, context, context.graph.relationSelection(entity.key, direction ?? 'OUT', types ?? undefined)),
      },
      RelationConnection,
    ),
  }),
});

export const EntityConnection = builder.connectionObject({ type: EntityRef, name: 'EntityConnection' });
