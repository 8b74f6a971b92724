/** Filtered lists that count and cut pages only as far as a caller asks. */

/** A filtered, ordered list: `totalCount` and each page are computed when read. */
export interface Selection<T> {
  readonly totalCount: number;
  slice(offset: number, limit: number): T[];
}

/** A whole list, as a selection. (A class: an object of closures made per request costs more.) */
export class ListSelection<T> implements Selection<T> {
  constructor(private readonly list: readonly T[]) {}

  get totalCount(): number {
    return this.list.length;
  }

  slice(offset: number, limit: number): T[] {
    return this.list.slice(offset, offset + limit);
  }
}

/**
 * The items at places `offset` to `offset + limit` of an order (positions in
 * `items`). A loop: Array.from over a subarray costs more to set up than a
 * small page.
 */
export function pageInOrder<T>(items: readonly T[], order: ArrayLike<number>, offset: number, limit: number): T[] {
  const end = Math.min(order.length, offset + limit);
  const page: T[] = [];
  for (let place = offset; place < end; place += 1) page.push(items[order[place]!]!);
  return page;
}

/** How many items pass the test. */
export function countWhere<T>(items: Iterable<T>, test: (item: T) => boolean): number {
  let n = 0;
  for (const item of items) if (test(item)) n += 1;
  return n;
}

/** The passing items from `offset`, at most `limit`, in the list's order; stops as soon as the page is full. */
export function pageWhere<T>(ordered: Iterable<T>, test: (item: T) => boolean, offset: number, limit: number): T[] {
  const page: T[] = [];
  if (limit <= 0) return page;
  let skipped = 0;
  for (const item of ordered) {
    if (!test(item)) continue;
    if (skipped < offset) skipped += 1;
    else if (page.push(item) >= limit) break;
  }
  return page;
}
