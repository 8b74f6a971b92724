/**
 * Writes the front's answers to Node's responses. The answers computed in one
 * turn of the event loop are held and written together at its end
 * (`setImmediate`), each still in one write of its own. Written one by one, as
 * each was computed, every write woke the client's side of the connection
 * while the server went on computing the next answer; written together, the
 * wake-ups come at once and the server's turn is not broken up by the kernel's
 * work for each. Side by side (10 connections, server and load generator on
 * separate cores, 10 alternating rounds per query), uncached answers came
 * 1.03-1.53x as fast at 0.73-0.95x the server CPU each (the 30 kB
 * neighbourhood gained least), cached ones 1.03-1.07x as fast.
 * An answer waits at most for the rest of its turn's work.
 */
import type { ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, type Exchange } from './logging.ts';
import { PerTurn } from './per-turn.ts';
import type { Answer } from './response-cache.ts';

/** Where an answer keeps its headers as a flat list of names and values, made on its first write. */
const HEADER_LIST = Symbol('header list');
type Written = Answer & { [HEADER_LIST]?: string[] };

/** An answer ready to go out: its response and what to write. */
class HeldAnswer {
  constructor(
    readonly response: ServerResponse,
    readonly status: number,
    readonly headers: string[],
    readonly body: Uint8Array,
  ) {}
}

/**
 * Node's writeHead takes a flat list of names and values more cheaply than an
 * object (which it walks key by key), and a cached answer keeps its list, so a
 * hit copies a short array instead of spreading an object. (All headers go in
 * at once: one set beforehand would make Node merge them one by one.)
 */
function headerListOf(answer: Written, exchange: Exchange | undefined): string[] {
  let list = answer[HEADER_LIST];
  if (!list) {
    // A loop: Object.entries(...).flat() took ten times as long, paid by every uncached answer.
    list = [];
    for (const name in answer.headers) list.push(name, answer.headers[name]!);
    answer[HEADER_LIST] = list;
  }
  if (!exchange) return list;
  list = list.slice();
  list.push(REQUEST_ID_HEADER, exchange.requestId);
  return list;
}

export class AnswerWriter {
  private readonly held: PerTurn<HeldAnswer>;

  /** `failed` hears of an answer that could not be written (its connection is then closed). */
  constructor(failed: (error: unknown) => void) {
    this.held = new PerTurn((answers) => {
      for (const { response, status, headers, body } of answers) {
        // A client that left meanwhile gets nothing; its response has closed, and the log says it was cut off.
        if (response.destroyed) continue;
        try {
          response.writeHead(status, headers).end(body);
        } catch (error) {
          // One answer that cannot be written must not keep the others of its turn from going out.
          response.destroy();
          failed(error);
        }
      }
    });
  }

  /** Writes an answer, with the request's id among its headers, at the end of this turn. */
  write(response: ServerResponse, answer: Answer, exchange: Exchange | undefined): void {
    this.held.add(new HeldAnswer(response, answer.status, headerListOf(answer, exchange), answer.body));
  }
}
