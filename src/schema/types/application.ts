/** Applications: the use cases foundation models serve. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { ApplicationRef, CapabilityRef } from '../refs.ts';

defineEntityNode('application', ApplicationRef, {
  description: 'A use of foundation models, such as customer support or autonomous vehicles.',
  plural: 'applications',
});

builder.objectFields(ApplicationRef, (t) => ({
  enabledBy: t.field({
    type: [CapabilityRef],
    description: 'Capabilities that make this application possible.',
    resolve: (application, _args, context) => context.graph.referrers<'capability'>(application.key, 'ENABLES'),
  }),
}));
