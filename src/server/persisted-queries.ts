/**
 * Automatic persisted queries: a client sends the SHA-256 hash of its query
 * instead of the query. The first time the server answers PersistedQueryNotFound;
 * the client sends query and hash together once, the server checks the hash and
 * remembers the query, and from then on the hash alone is enough (also in a GET
 * URL, which keeps dashboard URLs short and cacheable). The lookup is Yoga's
 * persisted-operations plugin; this module adds the registration step.
 */
import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** The hash an APQ client sends in `extensions.persistedQuery.sha256Hash`, if any. */
export function persistedQueryHash(extensions: unknown): string | undefined {
  const persisted = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return persisted?.version === 1 && typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The queries registered, by their hash; at most `maxQueries`, least recently used going first. */
export class PersistedQueries {
  private readonly queries: LRUCache<string, string>;

  constructor(maxQueries: number) {
    this.queries = new LRUCache({ max: maxQueries });
  }

  get(hash: string): string | undefined {
    return this.queries.get(hash);
  }

  set(hash: string, query: string): void {
    this.queries.set(hash, query);
  }
}

/** The plugins that serve APQ from `queries`. */
export function automaticPersistedQueries(queries: PersistedQueries): Plugin[] {
  const register: Plugin = {
    onParams({ params }) {
      const hash = persistedQueryHash(params.extensions);
      if (hash === undefined || typeof params.query !== 'string') return;
      if (sha256(params.query) !== hash) {
        throw createGraphQLError('provided sha does not match query', {
          extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } },
        });
      }
      queries.set(hash, params.query);
    },
  };
  const lookup = usePersistedOperations({
    allowArbitraryOperations: true,
    getPersistedOperation: (hash) => queries.get(hash) ?? null,
    customErrors: {
      notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      // Neither a query nor a hash: the same answer Yoga gives without this plugin.
      keyNotFound: {
        message: 'Must provide query string.',
        extensions: { code: 'BAD_REQUEST', http: { spec: true, status: 400, headers: { Allow: 'GET, POST' } } },
      },
    },
  });
  return [register, lookup as Plugin];
}
