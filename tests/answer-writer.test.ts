/** How the front writes answers: held to the end of the event loop's turn, then each written whole, a bad one alone failing. */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerWriter } from '../src/server/answer-writer.ts';
import type { Answer } from '../src/server/response-cache.ts';

const answerOf = (text: string, headers: Record<string, string> = {}): Answer => {
  const body = Buffer.from(text);
  return { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers }, body };
};

/** A server whose every request is answered through `answer`, given the request's path. */
async function serve(answer: (path: string, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => answer(request.url!, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('AnswerWriter', () => {
  it('holds an answer until the end of the turn, then writes it with the request id', async () => {
    const failures: unknown[] = [];
    const writer = new AnswerWriter((error) => failures.push(error));
    const sent: Record<string, boolean> = {};
    let turnOver: Promise<void> | undefined;
    const url = await serve((_path, response) => {
      writer.write(response, answerOf('{"data":{}}'), { requestId: 'r-1', errorCodes: [] });
      sent.atOnce = response.headersSent;
      queueMicrotask(() => (sent.afterMicrotasks = response.headersSent));
      turnOver = new Promise((resolve) => setImmediate(() => resolve(void (sent.atTurnEnd = response.headersSent))));
    });
    const response = await fetch(url);
    await turnOver;
    expect(sent).toEqual({ atOnce: false, afterMicrotasks: false, atTurnEnd: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(await response.text()).toBe('{"data":{}}');
    expect(failures).toEqual([]);
  });

  it('writes every answer of a busy turn to its own client', async () => {
    const writer = new AnswerWriter(() => {});
    const url = await serve((path, response) => writer.write(response, answerOf(JSON.stringify({ path })), undefined));
    const paths = Array.from({ length: 50 }, (_, i) => `/${i}`);
    const bodies = await Promise.all(paths.map((path) => fetch(url + path).then((response) => response.text())));
    expect(bodies).toEqual(paths.map((path) => JSON.stringify({ path })));
  });

  it('reports an answer that cannot be written, closes its connection, and still writes the others of its turn', async () => {
    const failures: unknown[] = [];
    const writer = new AnswerWriter((error) => failures.push(error));
    const url = await serve((path, response) =>
      // A header value with a line break is refused by Node's writeHead.
      writer.write(response, answerOf('{"data":{}}', path === '/bad' ? { 'x-bad': 'a\nb' } : {}), undefined),
    );
    const [bad, good] = await Promise.allSettled([fetch(`${url}/bad`), fetch(`${url}/good`).then((response) => response.text())]);
    expect(bad.status).toBe('rejected');
    expect(good).toEqual({ status: 'fulfilled', value: '{"data":{}}' });
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/Invalid character in header content/);
  });

  it('writes nothing for a client that left before its answer was ready', async () => {
    const failures: unknown[] = [];
    const writer = new AnswerWriter((error) => failures.push(error));
    let afterWrite: Promise<void> | undefined;
    const url = await serve((_path, response) => {
      response.destroy();
      writer.write(response, answerOf('{"data":{}}'), undefined);
      // The held answers are written in this turn's setImmediate; one queued now runs after it.
      afterWrite = new Promise((resolve) => setImmediate(resolve));
    });
    await expect(fetch(url)).rejects.toThrow();
    await afterWrite;
    expect(failures).toEqual([]);
  });
});
