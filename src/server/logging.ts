/**
 * Structured logs: one JSON line per request (id, operation, duration,
 * outcome), and the record a request fills in on its way through Yoga.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import { LookupError } from '../core/errors.ts';
import type { Config } from './config.ts';

export type { Logger };

/**
 * Bytes of log lines gathered before one write. A write per line cost a third of a cached answer's
 * time; each write also wakes a thread of libuv's pool, which at 16 KB still cost about 3% of a cached
 * answer's main-thread time. 64 KB is a Linux pipe's default capacity.
 */
const LOG_BUFFER_BYTES = 64 * 1024;
/** The longest a log line waits in that buffer, so a quiet server's lines still appear promptly. */
const LOG_FLUSH_MS = 100;

type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * Log lines gathered as bytes and handed on as one buffer per batch. Kept as
 * strings until a batch was full (64 KB, about 75 ms of lines under load),
 * every line outlived two young-generation collections and was copied into
 * the old generation: 5 MB/s of it under load, which made each young collection
 * take longer and brought on full ones. Bytes in a buffer off the heap are not
 * copied by collections. (sonic-boom batches too, but measures its whole
 * pending batch again on every line it is given, which cost a tenth of a
 * cached answer's time.)
 */
class LineBatcher {
  private readonly batch = Buffer.allocUnsafe(LOG_BUFFER_BYTES);
  private length = 0;

  constructor(private readonly out: SonicBoom) {}

  write(line: string): void {
    // A character takes at most 3 bytes in UTF-8; a line that might not fit goes after the batch (or alone, if longer).
    if (this.length + line.length * 3 > LOG_BUFFER_BYTES) {
      this.handOn();
      if (line.length * 3 > LOG_BUFFER_BYTES) return this.send(Buffer.from(line));
    }
    this.length += this.batch.write(line, this.length);
  }

  /** Hands on every line kept; `done` is called once they are written. */
  flush(done?: (error?: Error) => void): void {
    this.handOn();
    this.out.flush(done);
  }

  /**
   * Hands on a copy of the lines kept so far (sonic-boom writes them at once, and holds what it is
   * given until then), so the one batch buffer is reused: a quiet server hands on a line or two a
   * tenth of a second, and a new 64 KB buffer for each would be almost all empty.
   */
  handOn(): void {
    if (!this.length) return;
    this.send(Buffer.from(this.batch.subarray(0, this.length)));
    this.length = 0;
  }

  private send(bytes: Buffer): void {
    // In buffer mode sonic-boom takes buffers, though its types name only strings.
    this.out.write(bytes as unknown as string);
  }
}

/**
 * JSON lines to standard output, written asynchronously and in batches: a slow
 * reader of the pipe must not stall requests (writes to a pipe are synchronous
 * in Node). Call `flush` before exiting.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  if (destination) return pino({ level: config.LOG_LEVEL, base: undefined }, destination);
  const stdout = new LineBatcher(
    // minLength above 0 so that its flush waits for writes in flight; the batches are far longer anyway.
    pino.destination({ dest: 1, sync: false, minLength: 1, contentMode: 'buffer' }),
  );
  // Not `flush`: sonic-boom's flush with nothing pending writes an empty string, ten times a second on an idle server.
  setInterval(() => stdout.handOn(), LOG_FLUSH_MS).unref();
  return pino({ level: config.LOG_LEVEL, base: undefined }, stdout);
}

/**
 * Yoga's own log lines as pino lines: chiefly the errors it masks, with their
 * stack. A lookup of something that is not there is the client's mistake, not
 * the server's fault, so it is logged at debug.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (first: unknown, ...rest: unknown[]) => {
      if (!(first instanceof Error)) return logger[level]({ details: rest }, String(first));
      const clientMistake = (first as { originalError?: unknown }).originalError instanceof LookupError;
      logger[clientMistake ? 'debug' : level]({ err: first }, first.message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The response header that carries a request's id. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What answered a GraphQL request: the response cache, the short path or Yoga on the main thread, or the execution worker. */
export type AnsweredBy = 'cache' | 'short path' | 'yoga' | 'execution worker';

/** What one HTTP request did, filled in by the HTTP handler and the plugin below. */
export interface Exchange {
  requestId: string;
  operationName?: string;
  answeredBy?: AnsweredBy;
  /** `extensions.code` of each error in the answer (INTERNAL_SERVER_ERROR for those without one). */
  errorCodes: string[];
}

type ArrivingRequest = IncomingMessage & { [key: symbol]: Exchange | undefined };

/**
 * The exchanges of requests in flight. The HTTP handler attaches each
 * request's exchange as it arrives; the front reads it there, and when it
 * hands a request on to Yoga it tags the headers it passes with a key of their
 * own (replacing any a client sent), by which the plugin below finds the
 * exchange. Answers given without Yoga never need the key.
 */
export class Exchanges {
  static readonly HEADER = 'x-internal-exchange';
  /** Where an arriving request carries its exchange: a property is cheaper per request than a WeakMap entry. */
  private static readonly ARRIVING = Symbol('exchange');
  private readonly open = new Map<string, Exchange>();
  private next = 0;

  attach(request: IncomingMessage, exchange: Exchange): void {
    (request as ArrivingRequest)[Exchanges.ARRIVING] = exchange;
  }

  /** The exchange the handler attached to an arriving request. */
  ofArriving(request: IncomingMessage): Exchange | undefined {
    return (request as ArrivingRequest)[Exchanges.ARRIVING];
  }

  /** Tags headers passed on to Yoga with the exchange's key; returns a function that forgets it. */
  begin(headers: IncomingHttpHeaders, exchange: Exchange): () => void {
    const key = String(++this.next);
    headers[Exchanges.HEADER] = key;
    this.open.set(key, exchange);
    return () => this.open.delete(key);
  }

  /** The exchange of a request Yoga is running. */
  of(request: Request): Exchange | undefined {
    const key = request.headers.get(Exchanges.HEADER);
    return key === null ? undefined : this.open.get(key);
  }
}

export type Outcome = 'ok' | 'errors' | 'refused' | 'shed' | 'failed' | 'aborted';

export function outcomeOf(status: number, exchange: Exchange): Outcome {
  // 503: turned away while busy (see execution-worker.ts), not a fault.
  if (status === 503) return 'shed';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'refused';
  return exchange.errorCodes.length ? 'errors' : 'ok';
}

/** The errors of an answer, batched or not. */
function errorsOf(result: unknown): GraphQLError[] {
  const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
  return results.flatMap((one) => [...(one?.errors ?? [])]) as GraphQLError[];
}

/** Records the operation's name and the errors of its answer on the request's exchange. */
export function exchangePlugin(exchanges: Exchanges): Plugin {
  return {
    onParams({ params, request }) {
      const exchange = exchanges.of(request);
      if (exchange && params.operationName) exchange.operationName = params.operationName;
    },
    onExecute({ args }) {
      const exchange = exchanges.of((args.contextValue as { request: Request }).request);
      if (exchange) exchange.operationName ??= getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onResultProcess({ result, request }) {
      exchanges.of(request)?.errorCodes.push(
        ...errorsOf(result).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
      );
    },
  };
}
