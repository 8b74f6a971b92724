/**
 * The HTTP application: GraphQL over HTTP, GraphiQL for browsers, health
 * checks. Created by a function so tests can run it in-process, without a port.
 */
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { LookupError } from '../core/errors.ts';
import type { GraphContext, Lang } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import type { Config } from './config.ts';
import { EXAMPLE_QUERIES } from './examples.ts';
import { exportRoutes } from './export-routes.ts';
import type { GraphStore } from './graph-store.ts';

/** ZH when the client's most preferred language among those we have is Chinese. */
export function languageOf(acceptLanguage: string | null): Lang {
  if (!acceptLanguage) return 'EN';
  let best: { lang: Lang; q: number } = { lang: 'EN', q: -1 };
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    const lang: Lang | undefined = tag.startsWith('zh') ? 'ZH' : tag.startsWith('en') || tag === '*' ? 'EN' : undefined;
    if (lang && Number.isFinite(q) && q > best.q) best = { lang, q };
  }
  return best.lang;
}

/** Errors a client caused keep their message; anything else is masked. */
function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof LookupError) {
    return new GraphQLError(original.message, { extensions: { code: 'NOT_FOUND' } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error;
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

export type App = YogaServerInstance<Record<string, never>, GraphContext>;

export function createApp(store: GraphStore, config: Pick<Config, 'MAX_PAGE_SIZE'>): App {
  return createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { maskError },
    plugins: [exportRoutes(store)],
    context: ({ request }) => ({
      graph: store.current,
      lang: languageOf(request.headers.get('accept-language')),
      maxPageSize: config.MAX_PAGE_SIZE,
    }),
    graphiql: {
      title: 'Foundation model graph',
      defaultQuery: EXAMPLE_QUERIES[0]!.query,
      defaultTabs: EXAMPLE_QUERIES.map(({ query }) => ({ query })),
    },
  });
}
