/**
 * The HTTP application: GraphQL over HTTP, GraphiQL for browsers, health
 * checks. Created by a function so tests can run it in-process, without a port.
 */
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { LookupError } from '../core/errors.ts';
import type { GraphContext } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import { readConfig, type Config } from './config.ts';
import { EXAMPLE_QUERIES } from './examples.ts';
import { exportRoutes } from './export-routes.ts';
import { cacheabilityPlugin, createFront, type App } from './front.ts';
import type { GraphStore } from './graph-store.ts';
import { compiledExecution } from './jit.ts';
import { languageOf } from './language.ts';
import { automaticPersistedQueries } from './persisted-queries.ts';
import { ResponseCache } from './response-cache.ts';

export type { App } from './front.ts';

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

/** The app over a graph store; settings left out take their defaults (see config.ts). */
export function createApp(store: GraphStore, settings: Partial<Config> = {}): App {
  const config = { ...readConfig({}), ...settings };
  const yoga = createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { maskError },
    // The front reads and caps request bodies before Yoga sees them.
    maxRequestBodySize: false,
    cors: { origin: config.CORS_ORIGINS, credentials: false, methods: ['GET', 'POST'] },
    plugins: [compiledExecution(), cacheabilityPlugin, exportRoutes(store), ...automaticPersistedQueries(config.PERSISTED_QUERIES_MAX)],
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
  return createFront(yoga, {
    cache: config.RESPONSE_CACHE_MAX_BYTES > 0 ? new ResponseCache(store, config.RESPONSE_CACHE_MAX_BYTES) : undefined,
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxAgeSeconds: config.HTTP_CACHE_MAX_AGE,
  });
}
