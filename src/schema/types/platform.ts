/** Platforms: the services and hubs where models are offered. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { ChallengeRef, PlatformRef, VendorRef } from '../refs.ts';
import { defineModelsField } from './model.ts';

defineEntityNode('platform', PlatformRef, {
  description: 'A service or hub where models are offered, such as Amazon Bedrock or the Hugging Face Hub.',
  plural: 'platforms',
});

builder.objectFields(PlatformRef, (t) => ({
  website: t.exposeString('website', { nullable: true }),
  documentationUrl: t.exposeString('documentationUrl', { nullable: true, description: 'Where the platform documents the models it offers.' }),
  operator: t.field({
    type: VendorRef,
    nullable: true,
    description: 'Who runs the platform.',
    resolve: (platform, _args, context) => context.graph.target<'vendor'>(platform.key, 'OPERATED_BY') ?? null,
  }),
  mitigates: t.field({
    type: [ChallengeRef],
    description: 'Challenges of foundation models this platform reduces.',
    resolve: (platform, _args, context) => context.graph.targets<'challenge'>(platform.key, 'MITIGATES'),
  }),
}));

defineModelsField(PlatformRef, 'Models offered on this platform.', (platform) => ({ platforms: [platform.slug] }));
