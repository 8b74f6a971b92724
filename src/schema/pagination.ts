/**
 * Relay pagination over lists the core already holds in order. Unlike the relay
 * plugin's helpers, a `first`/`last` over the cap or a malformed cursor is an
 * error rather than silently clamped or misread.
 */
import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { ListSelection, type Selection } from '../core/selection.ts';
import type { GraphContext } from './context.ts';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Page size when a client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * What an operation's cost takes a list of objects without a size argument
 * to hold, unless its field declares more (`extensions: { listSize }`): a
 * model's capabilities, platforms, citations. Most hold fewer.
 */
export const ASSUMED_LIST_SIZE = 10;

const CURSOR_PREFIX = 'OffsetConnection:';

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Refuses a negative size, or one over the cap, naming the argument. */
export function checkSize(name: string, value: number | null | undefined, max: number): void {
  if (value == null) return;
  if (value < 0) throw badInput(`Argument "${name}" must be a non-negative integer; got ${value}.`);
  if (value > max) throw badInput(`Argument "${name}" is ${value}, over the page-size cap of ${max}.`);
}

function checkCursor(name: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor == null) return;
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const offset = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{1,9}$/.test(offset) || offsetToCursor(Number(offset)) !== cursor) {
    throw badInput(`Argument "${name}" is not a cursor this API issued.`);
  }
}

/** An edge whose cursor is encoded only if a client asks for it; most ask for nodes alone. */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly offset: number,
  ) {}

  get cursor(): string {
    return offsetToCursor(this.offset);
  }
}

class PageInfo<T> {
  constructor(
    private readonly edges: Edge<T>[],
    readonly hasPreviousPage: boolean,
    readonly hasNextPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/**
 * One page of a connection; the count is made only if asked for. (Classes rather than object
 * literals with getters, which cost about a microsecond each to make.)
 */
class Page<T> {
  constructor(
    readonly edges: Edge<T>[],
    readonly pageInfo: PageInfo<T>,
    private readonly source: Selection<T>,
  ) {}

  get totalCount(): number {
    return this.source.totalCount;
  }
}

export function paginate<T>(args: PageArgs, context: GraphContext, list: Selection<T> | readonly T[]): Page<T> {
  checkSize('first', args.first, context.maxPageSize);
  checkSize('last', args.last, context.maxPageSize);
  checkCursor('after', args.after);
  checkCursor('before', args.before);
  const source: Selection<T> = Array.isArray(list) ? new ListSelection(list) : (list as Selection<T>);
  const { offset, limit, expectedSize, hasPreviousPage, hasNextPage } = offsetForArgs({
    args,
    defaultSize: DEFAULT_PAGE_SIZE,
    maxSize: context.maxPageSize,
    // Needed only to count back from the end; otherwise counting is left until asked.
    totalCount: args.last != null && args.before == null ? source.totalCount : undefined,
  });
  const items = source.slice(offset, limit);
  const edges = items.slice(0, expectedSize).map((node, index) => new Edge(node, offset + index));
  return new Page(edges, new PageInfo(edges, hasPreviousPage, hasNextPage(items.length)), source);
}
