/** The order of entities by name, shared by every list the graph keeps sorted. */
import type { Entity } from './types.ts';

// One collator for all comparisons: `localeCompare` with options builds a new one per call.
const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** By English name, ignoring case and accents, then by slug. */
export const byName = (a: Entity, b: Entity): number => collator.compare(a.name.en, b.name.en) || a.slug.localeCompare(b.slug);
