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
 * rejection cancels the swap, as a failed load does, and a LoadAgain loads
 * anew. The execution worker uses it to load the same data before either of
 * them serves it.
 */
export type SwapCheck = (graph: KnowledgeGraph) => Promise<void>;

/** A swap check's rejection when the files changed while they were read: the reload reads them again. */
export class LoadAgain extends Error {}

/** Loads a reload makes before giving up on files that keep changing while they are read. */
const MAX_LOADS_PER_RELOAD = 3;

export class GraphStore {
  private graph: KnowledgeGraph;
  private generation = 1;
  private readonly listeners = new Set<SwapListener>();
  private readonly checks = new Set<SwapCheck>();
  /** Reloads run one after another, so an older load can never finish last and win. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    initial: KnowledgeGraph,
    private readonly load: () => Promise<KnowledgeGraph>,
  ) {
    this.graph = initial;
  }

  /** A store serving the first load of `load`, which later reloads run again. */
  static async open(load: () => Promise<KnowledgeGraph>): Promise<GraphStore> {
    return new GraphStore(await load(), load);
  }

  get current(): KnowledgeGraph {
    return this.graph;
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
      for (let loads = 1; ; loads += 1) {
        const graph = await this.load();
        try {
          for (const check of this.checks) await check(graph);
        } catch (error) {
          if (error instanceof LoadAgain && loads < MAX_LOADS_PER_RELOAD) continue;
          throw error;
        }
        this.swap(graph);
        return graph;
      }
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
