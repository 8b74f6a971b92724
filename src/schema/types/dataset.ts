/** Training datasets. */
import { defineEntityNode } from '../entity-node.ts';
import { DatasetRef } from '../refs.ts';
import { defineModelsField } from './model.ts';

defineEntityNode('dataset', DatasetRef, {
  description: 'A body of data models are trained on, such as Wikipedia or Common Crawl.',
  plural: 'datasets',
});

defineModelsField(DatasetRef, 'Models trained on this dataset.', (dataset) => ({ datasets: [dataset.slug] }));
