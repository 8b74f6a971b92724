/**
 * Capabilities and architectures: two taxonomies where a broad node (language
 * processing, transformer) stands over narrower ones, and a model with a narrow
 * one counts under every broader one.
 */
import type { PlainEntity } from '../../core/types.ts';
import type { RelationType } from '../../core/vocabulary.ts';
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { ApplicationRef, ArchitectureRef, CapabilityRef, ModelRef } from '../refs.ts';
import { defineModelsField, ModelConnection, modelListArgs, resolveModelList } from './model.ts';

defineEntityNode('capability', CapabilityRef, {
  description: 'Something a model can do, such as translation or code generation. Capabilities form a tree.',
  plural: 'capabilities',
});

defineEntityNode('architecture', ArchitectureRef, {
  description: 'A kind of neural network a model is built on, such as the transformer or diffusion. Architectures form a tree.',
  plural: 'architectures',
});

/** `parent` and `children` along a taxonomy's parent relation. */
function treeFields(ref: typeof CapabilityRef, parentType: RelationType) {
  builder.objectFields(ref, (t) => ({
    parent: t.field({
      type: ref,
      nullable: true,
      description: 'The broader node this one is part of.',
      resolve: (node, _args, context) => (context.graph.target(node.key, parentType) as PlainEntity | undefined) ?? null,
    }),
    children: t.field({
      type: [ref],
      description: 'The narrower nodes directly below this one.',
      resolve: (node, _args, context) => context.graph.referrers(node.key, parentType) as PlainEntity[],
    }),
  }));
}

treeFields(CapabilityRef, 'SUBCAPABILITY_OF');
treeFields(ArchitectureRef, 'SUBTYPE_OF');

builder.objectFields(CapabilityRef, (t) => ({
  models: t.connection(
    {
      type: ModelRef,
      description: 'Models with this capability.',
      args: {
        ...modelListArgs,
        includeSubcapabilities: t.arg.boolean({
          defaultValue: true,
          description: 'Also count models that have a narrower capability below this one.',
        }),
      },
      resolve: (capability, { includeSubcapabilities, ...args }, context) =>
        resolveModelList({ capabilities: [capability.slug], includeSubcapabilities: includeSubcapabilities ?? true }, args, context),
    },
    ModelConnection,
  ),
  applications: t.field({
    type: [ApplicationRef],
    description: 'Applications this capability enables.',
    resolve: (capability, _args, context) => context.graph.targets<'application'>(capability.key, 'ENABLES'),
  }),
}));

defineModelsField(ArchitectureRef, 'Models built on this architecture or one of its sub-types.', (architecture) => ({
  architectures: [architecture.slug],
}));
