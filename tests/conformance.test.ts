/** GraphQL over HTTP: the audit suite of the graphql-http package, against the whole server over real HTTP. */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveForTest, type ServedForTest } from './helpers.ts';

let server: ServedForTest;

beforeAll(async () => {
  server = await serveForTest({ LOG_LEVEL: 'silent' });
});
afterAll(() => server.close());

const audits = serverAudits({ url: () => server.url });

describe('GraphQL over HTTP audits', () => {
  it('has the number of audits of each level the README names', () => {
    const count = (level: string) => audits.filter((audit) => audit.name.startsWith(`${level} `)).length;
    expect([count('MUST'), count('SHOULD'), count('MAY')]).toEqual([13, 23, 25]);
  });

  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});
