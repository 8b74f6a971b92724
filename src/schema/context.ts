import type { KnowledgeGraph } from '../core/graph.ts';

export type Lang = 'EN' | 'ZH';

/** What every resolver sees: the graph snapshot this request started on, and its defaults. */
export interface GraphContext {
  graph: KnowledgeGraph;
  /** Language used where a field's `lang` argument is left out (from Accept-Language). */
  lang: Lang;
  /** The largest `first` or `last` a connection accepts. */
  maxPageSize: number;
}
