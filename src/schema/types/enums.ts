/** Enums shared across the schema. */
import { CLAIM_STATUSES, ENTITY_KINDS, MODALITIES, RELATION_TYPE_NAMES, RELATION_TYPES, type EntityKind } from '../../core/vocabulary.ts';
import { builder } from '../builder.ts';

export const LangEnum = builder.enumType('Lang', {
  description: 'A language names and descriptions are given in. Defaults to EN, or ZH when the request sends `Accept-Language: zh`.',
  values: { EN: { description: 'English' }, ZH: { description: 'Chinese (简体中文)' } } as const,
});

export const DirectionEnum = builder.enumType('Direction', {
  description: 'Which edges of a node to follow: those starting at it, those ending at it, or both.',
  values: ['OUT', 'IN', 'BOTH'] as const,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Sort order. Missing values sort last in either direction.',
  values: ['ASC', 'DESC'] as const,
});

export const ModalityEnum = builder.enumType('Modality', {
  description: 'A kind of input a model reads or output it produces.',
  values: MODALITIES,
});

export const ClaimStatusEnum = builder.enumType('ClaimStatus', {
  description: 'How a claim stands against the sources: accepted, disputed by a better source, or replaced by a newer fact.',
  values: CLAIM_STATUSES,
});

export const RelationTypeEnum = builder.enumType('RelationType', {
  description: 'A kind of edge between two entities.',
  values: Object.fromEntries(
    RELATION_TYPE_NAMES.map((name) => [name, { description: RELATION_TYPES[name].description }]),
  ) as Record<(typeof RELATION_TYPE_NAMES)[number], { description: string }>,
});

export const NodeKindEnum = builder.enumType('NodeKind', {
  description: 'A kind of entity in the graph.',
  values: ENTITY_KINDS.map((kind) => kind.toUpperCase()) as Uppercase<(typeof ENTITY_KINDS)[number]>[],
});

/** The core's name for a NodeKind value. */
export const entityKind = (value: (typeof NodeKindEnum)['$inferType']): EntityKind => value.toLowerCase() as EntityKind;
