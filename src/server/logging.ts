/**
 * Structured logs: one JSON line per request (id, operation, duration,
 * outcome), and the record a request fills in on its way through Yoga.
 */
import { getOperationAST } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { errorsOf } from './limits.ts';

export type { Logger };

/**
 * JSON lines to standard output, written asynchronously: a slow reader of the
 * pipe must not stall requests (writes to a pipe are synchronous in Node).
 * Call `flush` before exiting.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: NodeJS.WritableStream): Logger {
  return pino({ level: config.LOG_LEVEL, base: undefined }, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** Yoga's own log lines (chiefly the internal errors it masks, with their stack) as pino lines. */
export function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (first: unknown, ...rest: unknown[]) =>
      first instanceof Error ? logger[level]({ err: first }, first.message) : logger[level]({ details: rest }, String(first));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** What one HTTP request did, filled in by the HTTP handler and the plugin below. */
export interface Exchange {
  requestId: string;
  operationName?: string;
  /** `extensions.code` of each error in the answer (INTERNAL_SERVER_ERROR for those without one). */
  errorCodes: string[];
}

/** How Yoga's server context carries the exchange of the request it serves. */
export interface ExchangeContext {
  exchange?: Exchange;
}

export type Outcome = 'ok' | 'errors' | 'refused' | 'failed' | 'aborted';

export function outcomeOf(status: number, exchange: Exchange): Outcome {
  if (status >= 500) return 'failed';
  if (status >= 400) return 'refused';
  return exchange.errorCodes.length ? 'errors' : 'ok';
}


/** Records the operation's name and the errors of its answer on the request's exchange. */
export function exchangePlugin(): Plugin<Record<string, unknown>, ExchangeContext> {
  return {
    onParams({ params, context }) {
      if (context.exchange && params.operationName) context.exchange.operationName = params.operationName;
    },
    onExecute({ args }) {
      const { exchange } = args.contextValue as ExchangeContext;
      if (exchange) exchange.operationName ??= getOperationAST(args.document, args.operationName)?.name?.value;
    },
    onResultProcess({ result, serverContext }) {
      serverContext.exchange?.errorCodes.push(
        ...errorsOf(result).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
      );
    },
  };
}
