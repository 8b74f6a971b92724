/**
 * References to the node types, declared apart from their definitions so type
 * files can point at each other without import cycles.
 */
import type {
  BenchmarkEntity,
  Entity,
  ModelEntity,
  PlainEntity,
  PlatformEntity,
  Source,
  VendorEntity,
} from '../core/types.ts';
import type { EntityKind } from '../core/vocabulary.ts';
import { builder } from './builder.ts';

export const EntityRef = builder.interfaceRef<Entity>('Entity');
export const ModelRef = builder.objectRef<ModelEntity>('Model');
export const VendorRef = builder.objectRef<VendorEntity>('Vendor');
export const CapabilityRef = builder.objectRef<PlainEntity>('Capability');
export const ArchitectureRef = builder.objectRef<PlainEntity>('Architecture');
export const ChallengeRef = builder.objectRef<PlainEntity>('Challenge');
export const DatasetRef = builder.objectRef<PlainEntity>('Dataset');
export const PlatformRef = builder.objectRef<PlatformEntity>('Platform');
export const ApplicationRef = builder.objectRef<PlainEntity>('Application');
export const BenchmarkRef = builder.objectRef<BenchmarkEntity>('Benchmark');
export const SourceRef = builder.objectRef<Source>('Source');

/** The GraphQL type that serves each kind of entity. */
export const TYPE_NAME: Record<EntityKind, string> = {
  model: 'Model',
  vendor: 'Vendor',
  capability: 'Capability',
  architecture: 'Architecture',
  challenge: 'Challenge',
  dataset: 'Dataset',
  platform: 'Platform',
  application: 'Application',
  benchmark: 'Benchmark',
};
