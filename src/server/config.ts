/** Server settings, read from the environment and validated once at start-up. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DATASETS, type LoadOptions } from '../core/load.ts';

const defaultDataDir = fileURLToPath(new URL('../../data', import.meta.url));
/** The shared copy of the catalogue, beside the repository. */
const defaultModelsDevDir = fileURLToPath(new URL('../../../shared/datasets/models-dev', import.meta.url));

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every setting: its variable, what it accepts, its default and what it does. */
export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to listen on.'),
  PORT: integer(0, 65535).default(4000).describe('Port to listen on (0 picks a free one).'),
  DATA_DIR: z.string().min(1).default(defaultDataDir).describe('Folder of the curated YAML data.'),
  DATASETS: z
    .string()
    .transform((list) => list.split(',').map((name) => name.trim()))
    .pipe(z.array(z.enum(DATASETS)).refine((list) => list.includes('curated'), 'must include "curated"'))
    .default([...DATASETS])
    .describe('Comma-separated datasets to serve: "curated" alone, or "curated,models-dev" (the default).'),
  MODELS_DEV_DIR: z.string().min(1).default(defaultModelsDevDir).describe('Folder of the models.dev catalogue (TOML files).'),
  MAX_PAGE_SIZE: integer(1, 10_000).default(500).describe('Largest `first`/`last` a connection accepts.'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('Runtime mode.'),
  RESPONSE_CACHE_MAX_BYTES: integer(0, 2 ** 40)
    .default(64 * 1024 * 1024)
    .describe('Memory for cached answers (serialized bytes, keyed by request; emptied on reload); 0 turns the cache off.'),
  HTTP_CACHE_MAX_AGE: integer(0, 31_536_000).default(60).describe('Seconds a client may reuse a GET answer (Cache-Control max-age).'),
  MAX_BODY_BYTES: integer(1, 2 ** 30).default(1_000_000).describe('Largest request body accepted; a larger one gets 413.'),
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .describe('Comma-separated origins browsers may call from; "*" allows any (without credentials).'),
  PERSISTED_QUERIES_MAX: integer(1, 1_000_000).default(1000).describe('Automatic persisted queries remembered (least recently used go first).'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const parsed = configSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const about = configSchema.shape[name as keyof Config]?.description ?? '';
    return `${name}=${JSON.stringify(env[name])}: ${issue.message}. ${about}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** What the configuration says to load. */
export function loadOptionsOf(config: Config): LoadOptions {
  return { dataDir: config.DATA_DIR, datasets: config.DATASETS, modelsDevDir: config.MODELS_DEV_DIR };
}
