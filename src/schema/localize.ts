import type { LocalizedText } from '../core/types.ts';
import type { GraphContext, Lang } from './context.ts';

/** Picks the requested language (or the request's default); Chinese falls back to English. */
export function localize(text: LocalizedText | undefined, lang: Lang | null | undefined, context: GraphContext): string | null {
  if (!text) return null;
  return (lang ?? context.lang) === 'ZH' ? (text.zh ?? text.en) : text.en;
}
