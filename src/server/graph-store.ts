/**
 * Holds the graph being served. A reload builds a whole new graph first and
 * swaps it in only when it loaded cleanly, so a bad edit never replaces the
 * last good graph and no request ever sees a half-built one.
 */
import type { KnowledgeGraph } from '../core/graph.ts';

export class GraphStore {
  private graph: KnowledgeGraph;
  private generation = 1;

  constructor(
    initial: KnowledgeGraph,
    private readonly load: () => Promise<KnowledgeGraph>,
  ) {
    this.graph = initial;
  }

  get current(): KnowledgeGraph {
    return this.graph;
  }

  /** Increases on every successful reload; caches key on it. */
  get version(): number {
    return this.generation;
  }

  /** Loads anew; on failure the current graph stays and the error is thrown to the caller. */
  async reload(): Promise<KnowledgeGraph> {
    const next = await this.load();
    this.graph = next;
    this.generation += 1;
    return next;
  }
}
