/** The numbered relations walks read hold exactly what the graph lists, in its order. */
import { describe, expect, it } from 'vitest';
import { WalkTable } from '../src/core/adjacency.ts';
import { loadGraph } from '../src/core/load.ts';
import { RELATION_TYPE_NAMES, type RelationType } from '../src/core/vocabulary.ts';
import { DATA_DIR, MERGED_DATA } from './helpers.ts';

/** The merged graph, loaded once for the tests that read all of it. */
const mergedGraph = loadGraph(MERGED_DATA);

describe('Adjacency', () => {
  it('gives every entity of the merged graph its relations each way, in the order relations() lists them', async () => {
    const graph = await mergedGraph;
    const { adjacency } = graph;
    expect(adjacency.size).toBe(graph.entityCount);
    let slotsRead = 0;
    for (const entity of graph.allEntities()) {
      const number = adjacency.numberOf(entity.key)!;
      expect(adjacency.entities[number]).toBe(entity);
      expect(adjacency.kindOf(number)).toBe(entity.kind);
      for (const direction of ['OUT', 'IN', 'BOTH'] as const) {
        const slots = [];
        for (let slot = adjacency.start(number, direction); slot < adjacency.end(number, direction); slot += 1) slots.push(slot);
        const listed = graph.relations(entity.key, direction);
        expect(slots.map((slot) => adjacency.relationOf(number, slot))).toEqual(listed);
        slots.forEach((slot, index) => {
          const relation = listed[index]!;
          expect(relation).toBe(adjacency.relationOf(number, slot));
          expect(adjacency.ownerOf(slot)).toBe(number);
          expect(adjacency.entities[adjacency.other[slot]!]!.key).toBe(relation.from === entity.key ? relation.to : relation.from);
          expect(RELATION_TYPE_NAMES[adjacency.type[slot]!]).toBe(relation.type);
        });
        slotsRead += slots.length;
      }
      expect(adjacency.degree(number)).toBe(graph.relations(entity.key, 'BOTH').length);
    }
    // Each relation sits in two entities' slots, and BOTH reads them again.
    expect(slotsRead).toBe(4 * graph.relationCount);
  });

  it('cuts every page of an entity\'s relations, of any types, with their entities, as filtering and slicing relations() would', async () => {
    const graph = await mergedGraph;
    const degree = (key: string) => graph.relations(key, 'BOTH').length;
    const hub = graph.list('capability').map(({ key }) => key).sort((a, b) => degree(b) - degree(a))[0]!;
    const typeSets: (RelationType[] | undefined)[] = [undefined, ['HAS_CAPABILITY'], ['SUBCAPABILITY_OF', 'ENABLES'], ['TRAINED_ON']];
    for (const key of [hub, 'capability:text-generation', 'model:gpt-4', 'platform:amazon-bedrock']) {
      for (const direction of ['OUT', 'IN', 'BOTH'] as const) {
        for (const types of typeSets) {
          const all = graph.relations(key, direction, types);
          const selection = graph.relationSelection(key, direction, types);
          expect(selection.totalCount).toBe(all.length);
          for (const offset of [0, 1, 2, 5, all.length - 1, all.length, all.length + 3]) {
            for (const limit of [0, 1, 3, 50, all.length + 1]) {
              const page = selection.slice(Math.max(0, offset), limit);
              expect(page.map(({ from, to, ...rest }) => ({ ...rest, from: from.key, to: to.key }))).toEqual(
                all.slice(Math.max(0, offset), Math.max(0, offset) + limit).map(({ type, from, to, note, citations }) => ({ type, from, to, note, citations })),
              );
            }
          }
        }
      }
    }
    expect(degree(hub)).toBeGreaterThan(500);
    expect(graph.relationSelection('model:no-such-model').totalCount).toBe(0);
  });

  it('reads an unknown key as no entity', async () => {
    const graph = await loadGraph({ dataDir: DATA_DIR, datasets: ['curated'] });
    expect(graph.adjacency.numberOf('model:no-such-model')).toBeUndefined();
  });
});

describe('WalkTable', () => {
  it('reads 0 for every entity not written since it was cleared', () => {
    const table = new WalkTable(4);
    table.set(1, 7);
    table.set(3, -1);
    expect([0, 1, 2, 3].map((n) => table.get(n))).toEqual([0, 7, 0, -1]);
    table.clear();
    expect([0, 1, 2, 3].map((n) => table.get(n))).toEqual([0, 0, 0, 0]);
    table.set(2, 0.5);
    expect([0, 1, 2, 3].map((n) => table.get(n))).toEqual([0, 0, 0.5, 0]);
  });

  it('still reads 0 after its count of clears wraps around', () => {
    const table = new WalkTable(2);
    table.set(0, 5);
    // Its entries are stamped with a 32-bit count of clears; start that count at its end.
    (table as unknown as { generation: number }).generation = 0xfffffffe;
    table.set(1, 9);
    table.clear();
    expect([table.get(0), table.get(1)]).toEqual([0, 0]);
    table.set(0, 3);
    expect([table.get(0), table.get(1)]).toEqual([3, 0]);
  });
});
