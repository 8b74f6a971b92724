/** Training datasets. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { DatasetRef, ModelRef } from '../refs.ts';
import { ModelConnection, modelListArgs, resolveModelList } from './model.ts';

defineEntityNode('dataset', DatasetRef, {
  description: 'A body of data models are trained on, such as Wikipedia or Common Crawl.',
  plural: 'datasets',
});

builder.objectFields(DatasetRef, (t) => ({
  models: t.connection(
    {
      type: ModelRef,
      description: 'Models trained on this dataset.',
      args: modelListArgs,
      resolve: (dataset, args, context) => resolveModelList({ datasets: [dataset.slug] }, args, context),
    },
    ModelConnection,
  ),
}));
