/**
 * The HTTP application: GraphQL over HTTP, GraphiQL for browsers, health
 * checks. Created by a function so tests can run it in-process, without a port.
 */
import { GraphQLError, type DocumentNode } from 'graphql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { LookupError } from '../core/errors.ts';
import type { GraphContext } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import { readConfig, type Config } from './config.ts';
import { EXAMPLE_QUERIES } from './examples.ts';
import { exportRoutes, isExportUrl } from './export-routes.ts';
import { cacheabilityPlugin, createFront, type App, type Offload } from './front.ts';
import type { GraphStore } from './graph-store.ts';
import { compiledExecution } from './jit.ts';
import { languageOf } from './language.ts';
import { limitPlugins, limitOptions, syntaxTreeBytes } from './limits.ts';
import { exchangePlugin, yogaLogger, type Exchanges, type Logger } from './logging.ts';
import type { Metrics } from './metrics.ts';
import { automaticPersistedQueries, PersistedQueries } from './persisted-queries.ts';
import { PREPARING_BESIDE_WORKER, PreparedOperations } from './prepared-operations.ts';
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

/** What the running server adds around the schema; tests in-process may leave it out. */
export interface AppOperations {
  metrics?: Pick<Metrics, 'plugin'>;
  /** Where Yoga logs the internal errors it masks; its own console logger when left out. */
  logger?: Logger;
  /** Requests in flight, for the request log to learn their operation and errors. */
  exchanges?: Exchanges;
  /** False once the server is shutting down, so /readyz tells load balancers to stop sending. */
  isReady?: () => boolean;
  /** The execution worker, which answers GraphQL requests off the short path (see execution-worker.ts). */
  offload?: Offload;
}

/**
 * Yoga's caches of parsed documents and of parse errors, bounded by size as
 * well as number. Both are keyed by a document's text, which a client may pad
 * to the body cap (a megabyte of comment around `{ __typename }`), and Yoga's
 * own keep 1,024 entries of any size: 200 documents of 900 KB kept 173 MB. A
 * parsed document counts its syntax tree (`syntaxTreeBytes`); one too large
 * for the cache is parsed again when it comes again.
 */
function parsedDocumentCaches() {
  return {
    documentCache: new LRUCache<string, DocumentNode>({ max: 1000, maxSize: 64 * 1024 * 1024, sizeCalculation: (_document, text) => syntaxTreeBytes(text) || 1 }),
    errorCache: new LRUCache<string, object>({ max: 1000, maxSize: 16 * 1024 * 1024, sizeCalculation: (_error, text) => text.length || 1 }),
  };
}

/** The app over a graph store; settings left out take their defaults (see config.ts). */
export function createApp(store: GraphStore, settings: Partial<Config> = {}, operations: AppOperations = {}): App {
  const config = { ...readConfig({}), ...settings };
  const persistedQueries = new PersistedQueries(config.PERSISTED_QUERIES_MAX);
  const yoga = createYoga<Record<string, never>, GraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // Never in development mode either: Yoga would add the original error, with its message, to the answer.
    maskedErrors: { maskError, isDev: false },
    ...(operations.logger ? { logging: yogaLogger(operations.logger) } : {}),
    // The front reads and caps request bodies before Yoga sees them.
    maxRequestBodySize: false,
    parserAndValidationCache: parsedDocumentCaches(),
    ...limitOptions(config),
    cors: { origin: config.CORS_ORIGINS, credentials: false, methods: ['GET', 'POST'] },
    plugins: [
      cacheabilityPlugin,
      exportRoutes(store),
      ...automaticPersistedQueries(persistedQueries),
      ...limitPlugins(config),
      // After the limits: it compiles by the cost they checked.
      compiledExecution(),
      ...(operations.exchanges ? [exchangePlugin(operations.exchanges)] : []),
      useReadinessCheck({ endpoint: '/readyz', check: () => operations.isReady?.() ?? true }),
      ...(operations.metrics ? [operations.metrics.plugin()] : []),
    ],
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
    // With a worker beside it, this thread keeps only cheap operations with small answers; the worker answers the rest.
    prepared: new PreparedOperations(
      schema,
      store,
      config,
      persistedQueries,
      operations.offload
        ? { maxCost: config.MAIN_THREAD_MAX_COST, maxAnswerBytes: config.MAIN_THREAD_MAX_ANSWER_BYTES, ...PREPARING_BESIDE_WORKER }
        : undefined,
    ),
    offload: operations.offload,
    isOffloadedUrl: isExportUrl,
    exchanges: operations.exchanges,
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxAgeSeconds: config.HTTP_CACHE_MAX_AGE,
  });
}
