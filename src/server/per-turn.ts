/**
 * Items gathered during one turn of the event loop and handled together at its
 * end (`setImmediate`): the front's answers are written this way, and then
 * their log lines and metrics recorded (see answer-writer.ts, http-handler.ts).
 */
export class PerTurn<T> {
  private items: T[] = [];

  constructor(private readonly handle: (items: readonly T[]) => void) {}

  add(item: T): void {
    if (!this.items.length) setImmediate(this.flush);
    this.items.push(item);
  }

  /** Handles every item gathered so far, now rather than at the turn's end. */
  readonly flush = (): void => {
    const items = this.items;
    if (!items.length) return;
    this.items = [];
    this.handle(items);
  };
}
