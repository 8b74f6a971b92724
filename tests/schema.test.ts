/** The committed SDL is the schema the code builds, so clients and reviewers can read it. */
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { printedSchema } from '../src/schema/sdl.ts';

describe('schema/schema.graphql', () => {
  it('matches the schema built from the code (run `npm run schema:print` after a change)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });

  it('keeps the fixed names of the public surface', () => {
    const sdl = printSchema(schema);
    for (const fragment of [
      'interface Node', 'interface Entity implements Node', 'enum Lang', 'type Citation', 'type Claim', 'enum ClaimStatus',
      'input ModelFilter', 'input ModelOrder', 'enum ModelOrderField', 'enum OrderDirection',
      'parameterCount: Float', 'releaseYear: Int', 'totalCount: Int!',
    ]) {
      expect(sdl).toContain(fragment);
    }
  });
});
