/**
 * The limit to measure against: a bare node:http server that reads each request
 * body and answers `POST /answer/<n>` with answer n's exact status, headers and
 * bytes, prepared in advance. No parsing, no lookup beyond an array index.
 * An answer that closes the connection (as a refusal of an oversized body does)
 * goes at once, without reading the body, as the server's does.
 *
 * Reads the answers from the JSON file named by BASELINE_ANSWERS and prints
 * `listening on <url>` when ready.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { RecordedAnswer } from './recorded-answer.ts';

const answers = (JSON.parse(readFileSync(process.env.BASELINE_ANSWERS!, 'utf8')) as RecordedAnswer[]).map((answer) => ({
  closes: answer.headers.connection === 'close',
  status: answer.status,
  headers: { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) },
  body: Buffer.from(answer.body),
}));

const server = createServer((request, response) => {
  const answer = answers[Number(request.url?.slice('/answer/'.length))];
  const reply = () => (answer ? response.writeHead(answer.status, answer.headers).end(answer.body) : response.writeHead(404).end());
  if (answer?.closes) return reply();
  request.resume();
  request.once('end', reply);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
