/**
 * The HTTP application: GraphQL over HTTP, GraphiQL for browsers, health
 * checks. Created by a function so tests can run it in-process, without a port.
 */
import { GraphQLError } from 'graphql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import { LookupError } from '../core/errors.ts';
import type { GraphContext, Lang } from '../schema/context.ts';
import { schema } from '../schema/index.ts';
import { readConfig, type Config } from './config.ts';
import { EXAMPLE_QUERIES } from './examples.ts';
import { exportRoutes } from './export-routes.ts';
import type { GraphStore } from './graph-store.ts';
import { limitOptions, limitPlugins, type LimitsConfig } from './limits.ts';
import { exchangePlugin, yogaLogger, type ExchangeContext, type Logger } from './logging.ts';
import type { Metrics } from './metrics.ts';

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
  if (error instanceof GraphQLError && original instanceof LookupError) {
    // The same error, so it keeps its path and Yoga does not log a client's mistake as a server fault.
    Object.assign(error.extensions, { code: 'NOT_FOUND' });
    return error;
  }
  if (original instanceof LookupError) {
    return new GraphQLError(original.message, { extensions: { code: 'NOT_FOUND' } });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error;
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

export type App = YogaServerInstance<ExchangeContext, GraphContext>;

export type AppConfig = Pick<Config, 'MAX_PAGE_SIZE'> & LimitsConfig;

/** What the running server adds around the schema; tests in-process may leave it out. */
export interface AppOperations {
  metrics?: Metrics;
  /** Where Yoga logs the internal errors it masks; its own console logger when left out. */
  logger?: Logger;
  /** False once the server is shutting down, so /readyz tells load balancers to stop sending. */
  isReady?: () => boolean;
}

/** The app over the store's graph; settings left out of `overrides` take their defaults. */
export function createApp(store: GraphStore, overrides: Partial<AppConfig> = {}, operations: AppOperations = {}): App {
  const config: AppConfig = { ...readConfig({}), ...overrides };
  return createYoga<ExchangeContext, GraphContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // Never in development mode either: Yoga would add the original error, with its message, to the answer.
    maskedErrors: { maskError, isDev: false },
    ...(operations.logger ? { logging: yogaLogger(operations.logger) } : {}),
    ...limitOptions(config),
    plugins: [
      exportRoutes(store),
      ...limitPlugins(config),
      exchangePlugin(),
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
}
