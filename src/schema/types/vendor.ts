/** Vendors: the organizations that develop models or operate platforms. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { ModelRef, PlatformRef, VendorRef } from '../refs.ts';
import { ModelConnection, modelListArgs, resolveModelList } from './model.ts';

defineEntityNode('vendor', VendorRef, {
  description: 'An organization that develops models or operates platforms.',
  plural: 'vendors',
});

builder.objectFields(VendorRef, (t) => ({
  website: t.exposeString('website', { nullable: true }),
  models: t.connection(
    {
      type: ModelRef,
      description: 'Models this vendor develops.',
      args: modelListArgs,
      resolve: (vendor, args, context) => resolveModelList({ vendors: [vendor.slug] }, args, context),
    },
    ModelConnection,
  ),
  platforms: t.field({
    type: [PlatformRef],
    description: 'Platforms this vendor operates.',
    resolve: (vendor, _args, context) => context.graph.referrers<'platform'>(vendor.key, 'OPERATED_BY'),
  }),
}));
