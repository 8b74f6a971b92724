/**
 * Full-text search over names, aliases and descriptions in English and
 * Chinese, with MiniSearch. Chinese is written without spaces, so Chinese runs
 * are indexed as single characters and overlapping character pairs ("代码生成"
 * as 代, 码, 生, 成, 代码, 码生, 生成), which lets a query match inside a longer
 * phrase. Latin text is split into words; prefixes ("clau") and small typos
 * ("jurrasic") match too, typos only for a word that as written does not
 * already fill the page. A query that is exactly a name or an alias ranks
 * above everything else.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { KnowledgeGraph } from './graph.ts';
import { perGraph } from './per-graph.ts';
import { lowerBound } from './sorted.ts';
import type { Entity } from './types.ts';
import type { EntityKind } from './vocabulary.ts';

/** Where a hit matched, strongest first. */
export const SEARCH_FIELDS = ['name', 'aliases', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchHit {
  entity: Entity;
  /** Relevance, higher is better; exact name or alias matches score above all others. */
  score: number;
  matchedField: SearchField;
  /** The matching name or alias, or a short excerpt of the description around the match. */
  snippet?: string;
}

export interface SearchOptions {
  kinds?: readonly EntityKind[];
  limit: number;
}

const CJK_CHAR = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const CJK_RUN = new RegExp(`^[${CJK_CHAR}]`, 'u');
/** A run of CJK characters, or a run of other letters and digits. */
const TOKEN = new RegExp(`[${CJK_CHAR}]+|(?:(?![${CJK_CHAR}])[\\p{L}\\p{N}])+`, 'gu');

/** Most edits a typo may have (see `typoDistance`). */
const MAX_TYPOS = 2;

/**
 * Put before every CJK term in the index and in queries. A typo search walks
 * the index's tree of terms, and without it the hundreds of CJK characters
 * that begin terms were each walked for every Latin word searched (two thirds
 * of a search's time), though no CJK term can be a typo of a Latin word.
 * Behind a prefix longer than any typo, the walk leaves them all at once.
 */
const CJK_MARK = '\u0001'.repeat(MAX_TYPOS + 1);

/** Words of Latin text; single characters and overlapping pairs of CJK text (marked). */
function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (!CJK_RUN.test(run)) {
      terms.push(run);
      continue;
    }
    const chars = [...run];
    for (const char of chars) terms.push(CJK_MARK + char);
    for (let i = 0; i + 1 < chars.length; i += 1) terms.push(CJK_MARK + chars[i]! + chars[i + 1]!);
  }
  return terms;
}

/** How a name compares for an exact match: case, spacing and punctuation ignored ("gpt 4" is "GPT-4"). */
function exactForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const isLatin = (term: string) => !term.startsWith(CJK_MARK);
/** A term as it appears in text. */
const plainTerm = (term: string) => (isLatin(term) ? term : term.slice(CJK_MARK.length));

/**
 * Edits allowed for a typo: none in short words, where one edit makes another
 * word; two from six letters, as a swap of two letters ("stabel") is two edits.
 */
function typoDistance(term: string): number | false {
  if (!isLatin(term) || term.length < 4) return false;
  return term.length < 6 ? 1 : MAX_TYPOS;
}

/** How much a prefix match and a typo match count against a whole word (1). */
const PREFIX_WEIGHT = 0.375;
const TYPO_WEIGHT = 0.1;

/** A single Chinese character says less than a pair, so pairs of a query weigh more. */
const SINGLE_CJK_WEIGHT = 0.3;

const BOOST: Record<SearchField, number> = { name: 4, aliases: 3, description: 1 };

interface Document {
  id: string;
  name: string;
  aliases: string;
  description: string;
}

export class SearchIndex {
  /** The Latin words of the document being added, as MiniSearch tokenizes its fields (see the constructor). */
  private readonly wordsOfDocument = new Set<string>();
  private readonly index = new MiniSearch<Document>({
    fields: [...SEARCH_FIELDS],
    tokenize: (text) => {
      const terms = tokenize(text);
      for (const term of terms) if (isLatin(term)) this.wordsOfDocument.add(term);
      return terms;
    },
    // The tokenizer already lower-cases and normalizes.
    processTerm: (term) => term,
    searchOptions: {
      tokenize,
      boost: BOOST,
      prefix: (term) => isLatin(term) && term.length >= 2,
      // A typo's match weighs less than a prefix's (MiniSearch's defaults are 0.45
      // and 0.375), so "clau" ranks Claude models above claw-eval, one edit away.
      weights: { fuzzy: TYPO_WEIGHT, prefix: PREFIX_WEIGHT },
      maxFuzzy: MAX_TYPOS,
      boostTerm: (term) => (!isLatin(term) && plainTerm(term).length === 1 ? SINGLE_CJK_WEIGHT : 1),
    },
  });
  /** Exact form of every name and alias, and the entities that carry it. */
  private readonly exact = new Map<string, { key: string; field: SearchField; text: string }[]>();
  /** Every Latin word of the index, sorted. */
  private readonly words: string[];
  /** For each place in `words`, the documents holding the words before it, summed word by word. */
  private readonly documentsBefore: Uint32Array;

  constructor(private readonly graph: KnowledgeGraph) {
    const documentsWith = new Map<string, number>();
    for (const entity of graph.allEntities()) {
      this.index.add({
        id: entity.key,
        name: [entity.name.en, entity.name.zh].filter(Boolean).join('\n'),
        aliases: entity.aliases.join('\n'),
        description: [entity.description?.en, entity.description?.zh].filter(Boolean).join('\n'),
      });
      // Counted from the words MiniSearch's tokenizing just gathered: tokenizing every field again took a fifth longer.
      for (const word of this.wordsOfDocument) documentsWith.set(word, (documentsWith.get(word) ?? 0) + 1);
      this.wordsOfDocument.clear();
      const names: [SearchField, string | undefined][] = [
        ['name', entity.name.en],
        ['name', entity.name.zh],
        ...entity.aliases.map((alias): [SearchField, string] => ['aliases', alias]),
      ];
      for (const [field, text] of names) {
        const form = text && exactForm(text);
        if (!form) continue;
        const list = this.exact.get(form) ?? [];
        if (!list.some((e) => e.key === entity.key)) list.push({ key: entity.key, field, text });
        this.exact.set(form, list);
      }
    }
    this.words = [...documentsWith.keys()].sort();
    this.documentsBefore = new Uint32Array(this.words.length + 1);
    this.words.forEach((word, i) => (this.documentsBefore[i + 1] = this.documentsBefore[i]! + documentsWith.get(word)!));
  }

  /** How many documents hold words that `term` begins, a document counted once for each such word. */
  private documentsBeginningWith(term: string): number {
    // Every word that begins with `term` sorts before `term` followed by the last character there is.
    return this.documentsBefore[lowerBound(this.words, `${term}\uffff`)]! - this.documentsBefore[lowerBound(this.words, term)]!;
  }

  search(query: string, { kinds, limit }: SearchOptions): SearchHit[] {
    const allowed = (key: string) => !kinds?.length || kinds.includes(this.graph.entity(key)!.kind);
    // No filter at all when every kind is wanted: it would be called for every result.
    // A word that as written fills the page is not read as a typo: walking the index for the typos of
    // "clau" cost a third of its search. One that does not may be a typo even if the index has it:
    // "dalle" begins an alias of DALL-E 2 and is one edit from the "dall" of DALL-E 3.
    const fuzzy = (term: string) => {
      const distance = typoDistance(term);
      return distance !== false && this.documentsBeginningWith(term) < limit && distance;
    };
    const results = this.index.search(query, kinds?.length ? { fuzzy, filter: (result) => allowed(result.id) } : { fuzzy });
    const exact = (this.exact.get(exactForm(query)) ?? []).filter((e) => allowed(e.key));
    const lift = results[0]?.score ?? 0;
    // Exact matches are few (most queries have none): finding each among the results beats indexing them all.
    const scoreOf = (key: string) => results.find((result) => result.id === key)?.score ?? 0;
    const hits: SearchHit[] = exact.map(({ key, field, text }) => ({
      entity: this.graph.entity(key)!,
      score: lift + scoreOf(key),
      matchedField: field,
      snippet: text,
    }));
    hits.sort((a, b) => b.score - a.score);
    const seen = new Set(exact.map((e) => e.key));
    for (const result of results) {
      if (hits.length >= limit) break;
      if (seen.has(result.id)) continue;
      hits.push(this.hit(result));
    }
    return hits.slice(0, limit);
  }

  private hit(result: SearchResult): SearchHit {
    const fields = new Set(Object.values(result.match).flat());
    return new FoundHit(this.graph.entity(result.id)!, result, SEARCH_FIELDS.find((field) => fields.has(field))!);
  }
}

/**
 * A hit of the full-text index, whose snippet is cut only when asked for:
 * cutting one normalizes and lower-cases the text matched, and cutting ten was
 * about a tenth of a search for "clau" that did not select them.
 */
class FoundHit implements SearchHit {
  readonly score: number;

  constructor(
    readonly entity: Entity,
    private readonly result: SearchResult,
    readonly matchedField: SearchField,
  ) {
    this.score = result.score;
  }

  get snippet(): string | undefined {
    const { terms, match } = this.result;
    return snippetOf(this.entity, this.matchedField, terms.filter((term) => match[term]!.includes(this.matchedField)).map(plainTerm));
  }
}

/** Characters of description shown around a match. */
const SNIPPET_BEFORE = 40;
const SNIPPET_AFTER = 100;

/** The name or alias that matched, or the part of the description around the first matched term. */
function snippetOf(entity: Entity, field: SearchField, terms: string[]): string | undefined {
  const texts =
    field === 'name'
      ? [entity.name.en, entity.name.zh]
      : field === 'aliases'
        ? entity.aliases
        : [entity.description?.en, entity.description?.zh];
  for (const text of texts) {
    if (!text) continue;
    const normal = text.normalize('NFKC');
    const lower = normal.toLowerCase();
    const at = Math.min(...terms.map((term) => lower.indexOf(term)).filter((i) => i >= 0));
    if (!Number.isFinite(at)) continue;
    if (field !== 'description') return text;
    const start = Math.max(0, at - SNIPPET_BEFORE);
    const end = Math.min(normal.length, at + SNIPPET_AFTER);
    return `${start > 0 ? '…' : ''}${normal.slice(start, end).trim()}${end < normal.length ? '…' : ''}`;
  }
  return field === 'description' ? undefined : texts.find(Boolean);
}

export const searchIndexOf = perGraph((graph) => new SearchIndex(graph));
