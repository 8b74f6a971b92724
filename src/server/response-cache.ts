/**
 * Answers kept as the bytes that were sent, keyed by everything in a request
 * that can change its answer. Each entry belongs to the graph version it was
 * computed on: the first lookup after a reload sees the version change and drops
 * every entry at once, so no answer from an older graph is served after a swap.
 */
import { LRUCache } from 'lru-cache';
import type { GraphStore } from './graph-store.ts';
import { languageOf } from './language.ts';
import type { Exchange } from './logging.ts';

/** A complete HTTP answer: status, headers and body bytes. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
  /** The operation answered, for the request log. */
  operationName?: string;
}

/** The parts of a GraphQL request the front reads. */
export interface IncomingRequest {
  method: string;
  /** Path and query string. */
  url: string;
  header(name: string): string | undefined;
  body?: Buffer<ArrayBuffer>;
  /** What the request log records of it, when the server keeps a log. */
  exchange?: Exchange;
}

/**
 * Requests with larger bodies are neither cached nor answered on the short
 * path: keying or parsing them again would cost more than reuse could save,
 * and honest GraphQL requests are far smaller (attacks are not).
 */
export const MAX_REUSED_BODY_BYTES = 32 * 1024;

/**
 * Method, path and query (GET carries document or persisted hash and variables
 * there), the body (POST carries them there; none past the size above), and the request headers that
 * change an answer: the language Accept-Language resolves to, Accept (the media
 * type), Content-Type (how the body is read) and Origin (the CORS headers).
 */
export function requestKey(request: IncomingRequest): string | undefined {
  if ((request.body?.length ?? 0) > MAX_REUSED_BODY_BYTES) return undefined;
  return [
    request.method,
    request.url,
    languageOf(request.header('accept-language')),
    request.header('accept') ?? '',
    request.header('content-type') ?? '',
    request.header('origin') ?? '',
    request.body?.toString('latin1') ?? '',
  ].join('\n');
}

/** Bytes counted per entry beside its key and body: the status and headers. */
const ENTRY_OVERHEAD = 512;

export class ResponseCache {
  private readonly entries: LRUCache<string, Answer>;
  private version: number;

  constructor(
    private readonly store: Pick<GraphStore, 'version'>,
    maxBytes: number,
  ) {
    this.entries = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => answer.body.byteLength + key.length + ENTRY_OVERHEAD,
    });
    this.version = store.version;
  }

  /** The graph version answers computed now belong to. */
  get currentVersion(): number {
    this.dropIfReloaded();
    return this.version;
  }

  get(key: string): Answer | undefined {
    this.dropIfReloaded();
    return this.entries.get(key);
  }

  /** Keeps an answer computed on graph `version`, unless the graph has been reloaded since. */
  set(key: string, answer: Answer, version: number): void {
    this.dropIfReloaded();
    if (version === this.version) this.entries.set(key, answer);
  }

  get size(): number {
    return this.entries.size;
  }

  private dropIfReloaded(): void {
    if (this.store.version === this.version) return;
    this.entries.clear();
    this.version = this.store.version;
  }
}
