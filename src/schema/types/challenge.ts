/** Challenges: the weaknesses and costs of foundation models, and what mitigates them. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { paginate } from '../pagination.ts';
import { ChallengeRef, EntityRef } from '../refs.ts';
import { EntityConnection } from './entity.ts';

defineEntityNode('challenge', ChallengeRef, {
  description: 'A weakness or cost of foundation models, such as bias or infrastructure requirements.',
  plural: 'challenges',
});

builder.objectFields(ChallengeRef, (t) => ({
  mitigatedBy: t.connection(
    {
      type: EntityRef,
      description: 'Models and platforms that reduce this challenge.',
      resolve: (challenge, args, context) => paginate(args, context, context.graph.referrers(challenge.key, 'MITIGATES')),
    },
    EntityConnection,
  ),
}));
