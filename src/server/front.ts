/**
 * The front of the application, before Yoga. A GraphQL request (GET or POST to
 * the endpoint) is answered from the response cache when it holds the answer,
 * without entering Yoga at all; otherwise on the short path for documents
 * already answered cleanly (prepared-operations.ts), or else by the execution
 * worker when there is one (execution-worker.ts), or else by Yoga; the bytes
 * are kept. Either way the answer carries its caching headers, and a GET
 * repeating its ETag gets 304; answer-writer.ts writes the answers of each turn
 * of the event loop together. Everything else (health checks, CORS preflight)
 * goes straight to Yoga. The same front serves Node's HTTP server and
 * in-process `fetch`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import { AnswerWriter } from './answer-writer.ts';
import { conditional, withCachingHeaders } from './http-cache.ts';
import { REQUEST_ID_HEADER, type AnsweredBy, type Exchange, type Exchanges } from './logging.ts';
import type { PreparedOperations } from './prepared-operations.ts';
import { requestKey, type Answer, type IncomingRequest, type ResponseCache } from './response-cache.ts';

/**
 * Requests whose answer is one GraphQL result without errors, as Yoga's result
 * processing reports them. (Passing state to Yoga as server context instead
 * would make Yoga wrap the context of every request, which costs more than the
 * whole execution.)
 */
const cacheableRequests = new WeakSet<Request>();

/** Tells the front which answers may be cached. */
export const cacheabilityPlugin: Plugin = {
  onResultProcess({ request, result }) {
    const single = !Array.isArray(result) && !(Symbol.asyncIterator in result);
    if (single && !result.errors?.length) cacheableRequests.add(request);
  },
};

/** An answer to a GraphQL request, before its caching headers, and whether it may be cached. */
export interface Computed {
  answer: Answer;
  cacheable: boolean;
}

/** Answers GraphQL requests elsewhere (the execution worker); undefined leaves a request to this thread. */
export interface Offload {
  execute(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed | undefined>;
}

export interface FrontOptions {
  /** Absent when the response cache is off; ETags and 304s work either way. */
  cache?: ResponseCache;
  /** The short path for documents answered cleanly before; absent, Yoga answers every request. */
  prepared?: PreparedOperations;
  /** Where requests off the short path go before Yoga; absent, Yoga answers them here. */
  offload?: Offload;
  /** Other requests `offload` answers, by URL: those that could hold this thread for long (the graph's exports). */
  isOffloadedUrl?: (url: string) => boolean;
  /** Requests in flight: their records for the request log, which Yoga's plugin fills in through the headers. */
  exchanges?: Exchanges;
  maxBodyBytes: number;
  maxAgeSeconds: number;
}

export interface App {
  /** Node's request listener, for `http.createServer`. */
  (request: IncomingMessage, response: ServerResponse): void;
  /** The same application in-process, as the Fetch API. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** A GraphQL request's answer without the response cache or caching headers: what the execution worker computes. */
  execute(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed>;
}

// Yoga's context types do not matter here; the front only calls `fetch` and the node handler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yoga = YogaServerInstance<any, any>;

class BodyTooLarge extends Error {}

/** Records, for the request log, what answered. */
function answeredBy(incoming: IncomingRequest, by: AnsweredBy): void {
  if (incoming.exchange) incoming.exchange.answeredBy = by;
}

/** An answer the front gives without GraphQL: one error, with its code. */
export function refusal(status: number, message: string, code: string, headers: Record<string, string> = {}): Answer {
  const body = Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), ...headers }, body };
}

/** The answer to a request that failed in a way no client caused (the log has what happened), masked as Yoga masks errors. */
const unexpected = refusal(500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');

const tooLarge = (maxBodyBytes: number): Answer =>
  refusal(413, `The request body is larger than ${maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE', { connection: 'close' });

/** Reads a POST body into memory, refusing it as soon as it passes the cap. */
function readNodeBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer<ArrayBuffer> | undefined> {
  if (request.method !== 'POST') {
    request.resume();
    return Promise.resolve(undefined);
  }
  if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBodyBytes) {
        request.removeAllListeners('data');
        request.pause();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    let ended = false;
    // `on`, not `once`: each fires at most once for a request, and `once` wraps every listener (about 0.5 KB a request).
    request.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
    // Before 'end', the client has gone and the body will never be whole. (An Error is made only then: its stack costs.)
    request.on('close', () => {
      if (!ended) reject(new Error('The client closed the request before its body arrived.'));
    });
  });
}

/** A request header's value, repeated ones joined. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A GraphQL request arriving at Node's server, as the front reads it (a class: no closures to make per request). */
class NodeRequest implements IncomingRequest {
  body?: Buffer<ArrayBuffer>;

  constructor(
    private readonly request: IncomingMessage,
    readonly url: string,
    readonly exchange: Exchange | undefined,
  ) {}

  get method(): string {
    return this.request.method!;
  }

  header(name: string): string | undefined {
    return headerOf(this.request.headers, name);
  }
}

export function createFront(yoga: Yoga, { cache, prepared, offload, isOffloadedUrl, exchanges, maxBodyBytes, maxAgeSeconds }: FrontOptions): App {
  const endpoint = yoga.graphqlEndpoint;
  const writer = new AnswerWriter((error) => yoga.logger.error(error));
  const isGraphQLRequest = (method: string | undefined, url: string) =>
    (method === 'GET' || method === 'POST') && (url === endpoint || url.startsWith(`${endpoint}?`));

  async function execute(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed> {
    const direct = await prepared?.answer(incoming);
    if (direct) {
      answeredBy(incoming, 'short path');
      return { answer: direct, cacheable: true };
    }
    const offloaded = await offload?.execute(incoming, headers);
    answeredBy(incoming, offloaded ? 'execution worker' : 'yoga');
    const computed = offloaded ?? (await executeInYoga(incoming, headers));
    if (computed.cacheable) prepared?.learn(incoming, computed.answer);
    return computed;
  }

  async function executeInYoga(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed> {
    const forget = incoming.exchange && exchanges?.begin(headers, incoming.exchange);
    const request = new yoga.fetchAPI.Request(`http://localhost${incoming.url}`, { method: incoming.method, headers: headers as HeadersInit, body: incoming.body });
    let response: Response;
    try {
      response = await yoga.fetch(request);
    } finally {
      forget?.();
    }
    const answerHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      answerHeaders[name.toLowerCase()] = value;
    });
    const operationName = incoming.exchange?.operationName;
    // text() then one encode is several times cheaper than arrayBuffer() on Yoga's responses.
    const answer = { status: response.status, headers: answerHeaders, body: Buffer.from(await response.text()), operationName };
    return { answer, cacheable: cacheableRequests.has(request) && response.status === 200 };
  }

  async function compute(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Computed> {
    const { answer, cacheable } = await execute(incoming, headers);
    return { answer: withCachingHeaders(incoming.method, answer, cacheable, maxAgeSeconds), cacheable };
  }

  async function answer(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Answer> {
    const key = cache ? requestKey(incoming) : undefined;
    let found = key === undefined ? undefined : cache!.get(key);
    if (found) {
      answeredBy(incoming, 'cache');
    } else {
      const version = cache?.currentVersion;
      const { answer: computed, cacheable } = await compute(incoming, headers);
      if (key !== undefined && cacheable) cache!.set(key, computed, version!);
      found = computed;
    }
    if (incoming.exchange && found.operationName !== undefined) incoming.exchange.operationName ??= found.operationName;
    return conditional(incoming.method, incoming.header('if-none-match'), found);
  }

  /** A request other than GraphQL, answered by Yoga on this thread. */
  function toYoga(request: IncomingMessage, response: ServerResponse, exchange: Exchange | undefined): void {
    if (exchange) {
      response.setHeader(REQUEST_ID_HEADER, exchange.requestId);
      response.once('close', exchanges!.begin(request.headers, exchange));
    }
    void yoga(request, response);
  }

  /**
   * The answer of the execution worker to a request other than GraphQL (the
   * first export of a graph takes seconds to render); undefined when the
   * worker cannot answer.
   */
  async function relayed(incoming: IncomingRequest, headers: IncomingHttpHeaders): Promise<Answer | undefined> {
    const computed = await offload!.execute(incoming, headers);
    if (computed) answeredBy(incoming, 'execution worker');
    return computed?.answer;
  }

  /**
   * Reads a request's body, answers it with `answerOf` and writes the answer;
   * any failure becomes a bare 500, and no answer leaves the request to Yoga here.
   */
  async function respond(
    request: IncomingMessage,
    response: ServerResponse,
    incoming: NodeRequest,
    answerOf: (incoming: NodeRequest, headers: IncomingHttpHeaders) => Promise<Answer | undefined>,
  ): Promise<void> {
    let reply: Answer | undefined;
    try {
      incoming.body = await readNodeBody(request, maxBodyBytes);
      reply = await answerOf(incoming, request.headers);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) {
        if (response.destroyed) return;
        yoga.logger.error(error);
        if (response.headersSent) response.end();
        else writer.write(response, unexpected, incoming.exchange);
        return;
      }
      reply = tooLarge(maxBodyBytes);
    }
    if (reply) writer.write(response, reply, incoming.exchange);
    else toYoga(request, response, incoming.exchange);
  }

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const exchange = exchanges?.ofArriving(request);
    if (isGraphQLRequest(request.method, url)) void respond(request, response, new NodeRequest(request, url, exchange), answer);
    else if (offload && isOffloadedUrl?.(url)) void respond(request, response, new NodeRequest(request, url, exchange), relayed);
    else toYoga(request, response, exchange);
  };

  async function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new yoga.fetchAPI.Request(input, init);
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    if (!isGraphQLRequest(request.method, path)) return yoga.fetch(request);
    const body = request.method === 'POST' ? Buffer.from(await request.arrayBuffer()) : undefined;
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const { status, headers, body: bytes } =
      body && body.length > maxBodyBytes ? tooLarge(maxBodyBytes) : await answer({ method: request.method, url: path, header, body }, Object.fromEntries(request.headers));
    return new yoga.fetchAPI.Response(status === 304 ? null : bytes, { status, headers });
  }

  return Object.assign(listener, { fetch, execute });
}
