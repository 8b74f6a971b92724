/** Where facts come from: sources, citations of them, and claims whose truth is in question. */
import type { Citation, Claim } from '../../core/types.ts';
import { builder } from '../builder.ts';
import { localize } from '../localize.ts';
import { SourceRef } from '../refs.ts';
import { ClaimStatusEnum, LangEnum } from './enums.ts';

builder.node(SourceRef, {
  description: 'A document facts are taken from: a paper, an official page, a dataset file.',
  id: { resolve: (source) => source.slug },
  loadOne: (slug, context) => context.graph.sources.get(slug) ?? null,
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'title' in value && !('kind' in value),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    url: t.exposeString('url', { nullable: true }),
    publisher: t.exposeString('publisher', { nullable: true }),
    published: t.exposeString('published', { nullable: true, description: 'ISO 8601 date, possibly partial.' }),
    language: t.exposeString('language', { nullable: true, description: 'Language of the source: "en" or "zh".' }),
  }),
});

builder.queryField('source', (t) =>
  t.field({
    type: SourceRef,
    nullable: true,
    description: 'A source by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, context) => context.graph.sources.get(slug) ?? null,
  }),
);

export const CitationRef = builder.objectRef<Citation>('Citation').implement({
  description: 'A pointer from a fact to the source that supports it.',
  fields: (t) => ({
    source: t.field({ type: SourceRef, resolve: (citation, _args, context) => context.graph.sources.get(citation.source)! }),
    quote: t.exposeString('quote', { nullable: true, description: 'The words of the source that state the fact.' }),
    locator: t.exposeString('locator', { nullable: true, description: 'Where in the source: section, page or file.' }),
  }),
});

export const ClaimRef = builder.objectRef<Claim>('Claim').implement({
  description:
    'A value some source gives for an attribute, kept with its standing. A DISPUTED claim is not used as the attribute\'s value.',
  fields: (t) => ({
    attribute: t.exposeString('attribute'),
    value: t.exposeString('value'),
    status: t.expose('status', { type: ClaimStatusEnum }),
    note: t.string({
      nullable: true,
      args: { lang: t.arg({ type: LangEnum }) },
      resolve: (claim, { lang }, context) => localize(claim.note, lang, context),
    }),
    citations: t.expose('citations', { type: [CitationRef] }),
  }),
});
