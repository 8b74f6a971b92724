/**
 * Registers an entity kind as a Relay node with its shared pieces: global id,
 * lookup by slug, a connection type, and the root `kind(slug:)` and `kinds`
 * fields. Each type file then adds the fields particular to its kind.
 */
import type { ObjectRef } from '@pothos/core';
import type { EntityOfKind } from '../core/types.ts';
import type { EntityKind } from '../core/vocabulary.ts';
import { builder } from './builder.ts';
import { paginate } from './pagination.ts';
import { EntityRef } from './refs.ts';

interface EntityNodeOptions {
  description: string;
  /** Name of the root list field, e.g. `capabilities`; left out where the type file defines its own. */
  plural?: string;
}

export function defineEntityNode<K extends EntityKind>(
  kind: K,
  ref: ObjectRef<typeof builder extends { $inferSchemaTypes: infer T } ? T : never, EntityOfKind<K>>,
  { description, plural }: EntityNodeOptions,
) {
  builder.node(ref, {
    description,
    interfaces: [EntityRef],
    id: { resolve: (entity) => entity.slug },
    loadOne: (slug, context) => context.graph.bySlug(kind, slug) ?? null,
    isTypeOf: (value) => (value as { kind?: unknown }).kind === kind,
    fields: () => ({}),
  });

  const connection = builder.connectionObject({ type: ref, name: `${ref.name}Connection` });

  builder.queryField(kind, (t) =>
    t.field({
      type: ref,
      nullable: true,
      description: `The ${kind} with this slug, or null when there is none.`,
      args: { slug: t.arg.string({ required: true }) },
      // Pothos cannot evaluate its result types over a generic kind; the shape is EntityOfKind<K>.
      resolve: (_root, { slug }, context) => (context.graph.bySlug(kind, slug) ?? null) as never,
    }),
  );

  if (!plural) return connection;
  builder.queryField(plural, (t) =>
    t.connection(
      {
        type: ref,
        description: `Every ${kind}, ordered by English name.`,
        resolve: (_root, args, context) => paginate(args, context, context.graph.list(kind)),
      },
      connection,
    ),
  );

  return connection;
}
