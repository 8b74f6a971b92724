/** Full-text search over every entity, in English and Chinese. */
import { searchIndexOf, type SearchHit } from '../../core/search.ts';
import { builder } from '../builder.ts';
import { badInput, checkSize } from '../pagination.ts';
import { EntityRef } from '../refs.ts';
import { entityKind, NodeKindEnum } from './enums.ts';

/** Longer queries are refused: no name or description needs more, and each word costs a fuzzy lookup. */
const MAX_QUERY_LENGTH = 200;

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  description: 'An entity that matches a search, with how well and where it matched.',
  fields: (t) => ({
    node: t.field({ type: EntityRef, description: 'The entity found.', resolve: (hit) => hit.entity }),
    score: t.float({
      description: 'Relevance; higher is better. A query that is exactly a name or an alias scores above every other hit.',
      resolve: (hit) => hit.score,
    }),
    matchedField: t.string({
      description: 'Where the query matched best: "name", "aliases" or "description" (in English or Chinese).',
      resolve: (hit) => hit.matchedField,
    }),
    snippet: t.string({
      nullable: true,
      description: 'The name or alias that matched, or the words of the description around the match.',
      resolve: (hit) => hit.snippet ?? null,
    }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHitRef],
    description:
      'Finds entities by name, alias or description, in English or Chinese, best first. Prefixes ("clau") and small typos ("jurrasic") match; Chinese needs no spaces ("代码生成").',
    args: {
      query: t.arg.string({ required: true, description: `What to look for; at most ${MAX_QUERY_LENGTH} characters.` }),
      kinds: t.arg({ type: [NodeKindEnum], description: 'Only entities of these kinds; all kinds when left out.' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many hits to return, at most the page-size cap.' }),
    },
    resolve: (_root, { query, kinds, first: firstArg }, context) => {
      const first = firstArg ?? 10;
      if (!query.trim()) throw badInput('Argument "query" is empty; give a word or a name to search for.');
      if (query.length > MAX_QUERY_LENGTH) throw badInput(`Argument "query" is ${query.length} characters long; the most is ${MAX_QUERY_LENGTH}.`);
      checkSize('first', first, context.maxPageSize);
      return searchIndexOf(context.graph).search(query, { kinds: kinds?.map(entityKind), limit: first });
    },
  }),
);
