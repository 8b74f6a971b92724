/** Imports every type file and builds the schema. */
import { builder } from './builder.ts';
import './types/enums.ts';
import './types/provenance.ts';
import './types/entity.ts';
import './types/model.ts';
import './types/vendor.ts';
import './types/taxonomy.ts';
import './types/challenge.ts';
import './types/dataset.ts';
import './types/platform.ts';
import './types/application.ts';
import './types/benchmark.ts';
import './types/search.ts';
import './types/explore.ts';
import './types/dashboard.ts';
import './types/offering.ts';

export const schema = builder.toSchema({ sortSchema: false });
