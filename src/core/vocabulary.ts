/**
 * The fixed vocabulary of the graph: kinds of node, kinds of edge, modalities
 * and claim statuses. Everything else in the core is typed against these lists.
 */

export const ENTITY_KINDS = [
  'model',
  'vendor',
  'capability',
  'architecture',
  'challenge',
  'dataset',
  'platform',
  'application',
  'benchmark',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const MODALITIES = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'PDF', 'EMBEDDING'] as const;
export type Modality = (typeof MODALITIES)[number];

export const CLAIM_STATUSES = ['ACCEPTED', 'DISPUTED', 'SUPERSEDED'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/**
 * Each relation type names the kinds it may join, so the loader can refuse an
 * edge that points at the wrong kind of node (a model "developed by" a dataset).
 */
export const RELATION_TYPES = {
  DEVELOPED_BY: { from: ['model'], to: ['vendor'], description: 'A model is developed by a vendor.' },
  HAS_CAPABILITY: { from: ['model'], to: ['capability'], description: 'A model has a capability.' },
  USES_ARCHITECTURE: { from: ['model'], to: ['architecture'], description: 'A model is built on an architecture.' },
  TRAINED_ON: { from: ['model'], to: ['dataset'], description: 'A model was trained on a dataset.' },
  AVAILABLE_ON: { from: ['model'], to: ['platform'], description: 'A model is offered on a platform.' },
  SUCCEEDS: { from: ['model'], to: ['model'], description: 'A model succeeds an earlier model.' },
  COMPARED_WITH: { from: ['model'], to: ['model'], description: 'A source compares a model with another; the note says how.' },
  SUBCAPABILITY_OF: { from: ['capability'], to: ['capability'], description: 'A capability is part of a broader capability.' },
  SUBTYPE_OF: { from: ['architecture'], to: ['architecture'], description: 'An architecture is a kind of a broader architecture.' },
  MITIGATES: { from: ['model', 'platform'], to: ['challenge'], description: 'A model or platform reduces a challenge.' },
  ENABLES: { from: ['capability'], to: ['application'], description: 'A capability makes an application possible.' },
  OPERATED_BY: { from: ['platform'], to: ['vendor'], description: 'A platform is run by a vendor.' },
  EVALUATED_ON: { from: ['model'], to: ['benchmark'], description: 'A model has a score on a benchmark.' },
} as const satisfies Record<string, { from: readonly EntityKind[]; to: readonly EntityKind[]; description: string }>;
export type RelationType = keyof typeof RELATION_TYPES;
export const RELATION_TYPE_NAMES = Object.keys(RELATION_TYPES) as RelationType[];
/** A relation type's place in RELATION_TYPES, for indexing arrays by type. */
export const RELATION_TYPE_NUMBER: ReadonlyMap<RelationType, number> = new Map(RELATION_TYPE_NAMES.map((type, number) => [type, number]));
