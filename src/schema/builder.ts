/** The schema builder and its plugins. Types are defined in `types/`, one file each. */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { GraphContext } from './context.ts';
import SyncGlobalIdsPlugin, { encodeGlobalId } from './sync-global-ids.ts';

export const builder = new SchemaBuilder<{
  Context: GraphContext;
  DefaultFieldNullability: false;
  Connection: { totalCount: number };
}>({
  plugins: [RelayPlugin, SyncGlobalIdsPlugin],
  defaultFieldNullability: false,
  relay: {
    nodesOnConnection: true,
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    nodeQueryOptions: { description: 'Fetches an object given its global ID.' },
    nodesQueryOptions: { description: 'Fetches objects given their global IDs, in the same order.' },
  },
});

builder.queryType({ description: 'The root of every read.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds, across all pages.',
    resolve: (connection) => connection.totalCount,
  }),
);
