/**
 * The graph's index sets: bits over models' positions in name order, or only
 * the positions when the set is sparse. Either way they answer like a Set.
 */
import { describe, expect, it } from 'vitest';
import { ModelNumbering } from '../src/core/model-set.ts';
import type { ModelEntity } from '../src/core/types.ts';

const models = Array.from({ length: 1000 }, (_, i) => ({ slug: `m${i}` }) as ModelEntity);
const numbering = new ModelNumbering(models);


describe('model sets', () => {
  it.each([
    ['empty', []],
    ['sparse', [0, 31, 32, 500, 999]],
    ['dense', Array.from({ length: 400 }, (_, i) => (i * 7) % 1000)],
    ['full', models.map((_, i) => i)],
  ])('answer like a Set when %s, made from positions or as a union', (_, positions) => {
    const ascending = [...new Set(positions)].sort((a, b) => a - b);
    const half = Math.floor(positions.length / 2);
    for (const set of [numbering.setOf(ascending), numbering.unionOf([positions.slice(0, half), positions.slice(half - 1)])]) {
      const expected = new Set(positions.map((position) => models[position]!));
      expect(set.size).toBe(expected.size);
      expect([...set]).toEqual(models.filter((model) => expected.has(model)));
      expect([...set.positions]).toEqual(ascending);
      for (const [position, model] of models.entries()) {
        expect(set.has(model)).toBe(expected.has(model));
        expect(set.hasPosition(position)).toBe(expected.has(model));
      }
      expect(set.has({ slug: 'elsewhere' } as ModelEntity)).toBe(false);
    }
  });
});
