/** Benchmarks: standard evaluations models are scored on, and the scores. */
import type { BenchmarkEntity, BenchmarkResult, ModelEntity } from '../../core/types.ts';
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { paginate } from '../pagination.ts';
import { BenchmarkRef, ModelRef } from '../refs.ts';
import { CitationRef } from './provenance.ts';

defineEntityNode('benchmark', BenchmarkRef, {
  description: 'A standard evaluation models are scored on.',
  plural: 'benchmarks',
});

const BenchmarkResultRef = builder.objectRef<BenchmarkResult>('BenchmarkResult').implement({
  description: "A model's score on a benchmark, with how and where it was measured.",
  fields: (t) => ({
    model: t.field({ type: ModelRef, description: 'The model scored.', resolve: (r, _args, context) => context.graph.entity(r.model) as ModelEntity }),
    benchmark: t.field({
      type: BenchmarkRef,
      description: 'The benchmark it was scored on.',
      resolve: (r, _args, context) => context.graph.entity(r.benchmark) as BenchmarkEntity,
    }),
    score: t.exposeFloat('score', { description: 'The score, in the unit `metric` names.' }),
    metric: t.exposeString('metric', { nullable: true, description: 'What the score measures, such as "pass@1" or "resolve rate".' }),
    date: t.exposeString('date', { nullable: true, description: 'When the score was published (ISO 8601).' }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'Where the score was published.' }),
    harness: t.exposeString('harness', { nullable: true, description: 'The agent or tool the model ran in, where the score depends on it.' }),
    variant: t.exposeString('variant', { nullable: true, description: "The model's setting for the run, such as a reasoning effort." }),
    version: t.exposeString('version', { nullable: true, description: "The benchmark's version." }),
    subset: t.exposeString('subset', { nullable: true, description: 'The part of the benchmark the score is on.' }),
    citations: t.expose('citations', { type: [CitationRef], description: 'The catalogue files the score comes from.' }),
  }),
});

const BenchmarkResultConnection = builder.connectionObject({ type: BenchmarkResultRef, name: 'BenchmarkResultConnection' });

builder.objectFields(BenchmarkRef, (t) => ({
  results: t.connection(
    {
      type: BenchmarkResultRef,
      description: 'Scores of models on this benchmark, highest first.',
      resolve: (benchmark, args, context) => paginate(args, context, context.graph.benchmarkResultsFor(benchmark.key)),
    },
    BenchmarkResultConnection,
  ),
}));

builder.objectFields(ModelRef, (t) => ({
  benchmarkResults: t.connection(
    {
      type: BenchmarkResultRef,
      description: "The model's benchmark scores, in the order its source lists them.",
      resolve: (model, args, context) => paginate(args, context, context.graph.benchmarkResultsOfModel(model.key)),
    },
    BenchmarkResultConnection,
  ),
}));
