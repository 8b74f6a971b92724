/** Vendors: the organizations that develop models or operate platforms. */
import { builder } from '../builder.ts';
import { defineEntityNode } from '../entity-node.ts';
import { PlatformRef, VendorRef } from '../refs.ts';
import { defineModelsField } from './model.ts';

defineEntityNode('vendor', VendorRef, {
  description: 'An organization that develops models or operates platforms.',
  plural: 'vendors',
});

builder.objectFields(VendorRef, (t) => ({
  website: t.exposeString('website', { nullable: true }),
  platforms: t.field({
    type: [PlatformRef],
    description: 'Platforms this vendor operates.',
    resolve: (vendor, _args, context) => context.graph.referrers<'platform'>(vendor.key, 'OPERATED_BY'),
  }),
}));

defineModelsField(VendorRef, 'Models this vendor develops.', (vendor) => ({ vendors: [vendor.slug] }));
