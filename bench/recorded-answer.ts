/** Answers recorded from the server for the baseline server (bench/baseline-server.ts) to replay. */

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that belong to one response (its moment, its framing, its connection), not to the answer: the baseline sets its own. */
const PER_RESPONSE_HEADERS = new Set(['date', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * The headers of a recorded answer worth replaying. `Connection` is kept only
 * when it closes the connection (as a refusal of an oversized body does), so
 * the baseline closes too.
 */
export function replayableHeaders(headers: Iterable<[string, unknown]>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (PER_RESPONSE_HEADERS.has(name) || (name === 'connection' && value !== 'close')) continue;
    kept[name] = String(value);
  }
  return kept;
}
