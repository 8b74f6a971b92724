/** Benchmarks: standard evaluations models are scored on. */
import { defineEntityNode } from '../entity-node.ts';
import { BenchmarkRef } from '../refs.ts';

defineEntityNode('benchmark', BenchmarkRef, {
  description: 'A standard evaluation models are scored on.',
  plural: 'benchmarks',
});
