/**
 * The node:http front of the app: gives every request an id (returned in
 * `x-request-id`), refuses bodies over the size cap before Yoga reads them,
 * and logs and counts every answer, including those refused here.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { App } from './app.ts';
import type { Config } from './config.ts';
import { outcomeOf, type Exchange, type ExchangeContext, type Logger } from './logging.ts';
import type { Metrics } from './metrics.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A client's own request id is kept when it is short and plain; otherwise a new one is made. */
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

function refuseTooLarge(response: ServerResponse, limit: number): void {
  const body = JSON.stringify({
    errors: [{ message: `The request body is larger than the limit of ${limit} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
  });
  // The rest of the body is not read, so the connection cannot carry another request.
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  response.end(body);
}

/**
 * Reads a body of unknown length (chunked) up to the cap. A body with a
 * Content-Length is checked by its header and streamed to Yoga untouched.
 */
function readCapped(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

export interface HttpHandlerOptions {
  config: Pick<Config, 'MAX_BODY_BYTES'>;
  logger: Logger;
  metrics: Metrics;
}

export function createHttpHandler(app: App, { config, logger, metrics }: HttpHandlerOptions): RequestListener {
  const limit = config.MAX_BODY_BYTES;

  const serve = async (request: IncomingMessage, response: ServerResponse, exchange: Exchange) => {
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > limit) return refuseTooLarge(response, limit);
    } else if (request.headers['transfer-encoding'] !== undefined) {
      const body = await readCapped(request, limit);
      if (!body) return refuseTooLarge(response, limit);
      // Yoga takes an already-read body from `request.body`.
      Object.assign(request, { body });
    }
    const context: ExchangeContext = { exchange };
    await app(request, response, context);
  };

  return (request, response) => {
    const started = performance.now();
    const exchange: Exchange = { requestId: requestIdOf(request), errorCodes: [] };
    response.setHeader(REQUEST_ID_HEADER, exchange.requestId);
    response.once('close', () => {
      const status = response.statusCode;
      // A response that never finished was cut off by the client or by shutdown.
      const outcome = response.writableFinished ? outcomeOf(status, exchange) : 'aborted';
      metrics.observe(status, outcome, exchange);
      logger[outcome === 'failed' ? 'error' : 'info'](
        {
          requestId: exchange.requestId,
          method: request.method,
          path: request.url?.split('?')[0],
          status,
          operation: exchange.operationName,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          outcome,
          ...(exchange.errorCodes.length ? { errors: [...new Set(exchange.errorCodes)] } : {}),
        },
        'request',
      );
    });
    serve(request, response, exchange).catch((error: unknown) => {
      logger.error({ requestId: exchange.requestId, err: error }, 'request failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
    });
  };
}
