import type { Lang } from '../schema/context.ts';

/** ZH when the client's most preferred language among those we have is Chinese. */
export function languageOf(acceptLanguage: string | null | undefined): Lang {
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
