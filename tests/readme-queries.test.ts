/** The README's merged-graph questions stay answerable: each query runs without errors and finds something. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergedData } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.split('## Questions only the merged graph answers')[1]?.split(/\n## /)[0] ?? '';
const queries = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('README: questions only the merged graph answers', () => {
  it('has three queries', () => {
    expect(queries).toHaveLength(3);
  });

  it.each(queries.map((query, index) => [index + 1, query]))('query %i runs and finds offerings', async (_n, query) => {
    const text = JSON.stringify(await mergedData(query as string));
    expect(text).toMatch(/"totalCount":[1-9]/);
  });
});
