/**
 * Holds the graph being served. A reload builds a whole new graph first and
 * swaps it in only when it loaded cleanly, so a bad edit never replaces the
 * last good graph and no request ever sees a half-built one.
 */
import type { KnowledgeGraph } from '../core/graph.ts';

/** Told of every swap, with the new graph and its version, so caches keyed on the old version can go. */
export type SwapListener = (graph: KnowledgeGraph, version: number) => void;

/**
 * Runs after a reload has loaded its graph and before it is swapped in; a
 * rejection cancels the swap, as a failed load does. The execution worker uses
 * it to load the same data before either of them serves it.
 */
export type SwapCheck = () => Promise<void>;

export class GraphStore {
  private graph: KnowledgeGraph;
  private generation = 1;
  /** When the load of the graph being served began (milliseconds since the epoch). */
  private began: number;
  private readonly listeners = new Set<SwapListener>();
  private readonly checks = new Set<SwapCheck>();
  /** Reloads run one after another, so an older load can never finish last and win. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    initial: KnowledgeGraph,
    private readonly load: () => Promise<KnowledgeGraph>,
    /** When the load of `initial` began; now, when not given. */
    loadBegan = Date.now(),
  ) {
    this.graph = initial;
    this.began = loadBegan;
  }

  /** A store serving the first load of `load`, which later reloads run again. */
  static async open(load: () => Promise<KnowledgeGraph>): Promise<GraphStore> {
    const began = Date.now();
    return new GraphStore(await load(), load, began);
  }

  get current(): KnowledgeGraph {
    return this.graph;
  }

  /** When the load of the graph being served began, in milliseconds since the epoch: files changed since may not be in it. */
  get loadBeganAt(): number {
    return this.began;
  }

  /** Increases on every successful reload; caches key on it. */
  get version(): number {
    return this.generation;
  }

  /** Calls `listener` after every successful swap; returns a function that stops it. */
  onSwap(listener: SwapListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `check` before every swap; returns a function that stops it. */
  checkBeforeSwap(check: SwapCheck): () => void {
    this.checks.add(check);
    return () => this.checks.delete(check);
  }

  /** Loads anew; on failure (of the load or of a check) the current graph stays and the error is thrown to the caller. */
  reload(): Promise<KnowledgeGraph> {
    const next = this.queue.then(async () => {
      const began = Date.now();
      const graph = await this.load();
      for (const check of this.checks) await check();
      this.swap(graph);
      this.began = began;
      return graph;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Serves `graph` from now on, as the next version. */
  swap(graph: KnowledgeGraph): void {
    this.graph = graph;
    this.generation += 1;
    for (const listener of this.listeners) listener(graph, this.generation);
  }
}
