/** Server settings, read from the environment and validated once at start-up. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DATASETS, type LoadOptions } from '../core/load.ts';

const defaultDataDir = fileURLToPath(new URL('../../data', import.meta.url));
/** The shared copy of the catalogue, beside the repository. */
const defaultModelsDevDir = fileURLToPath(new URL('../../../shared/datasets/models-dev', import.meta.url));

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = (fallback: '0' | '1') => z.enum(['0', '1']).default(fallback).transform((value) => value === '1');

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
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('Runtime mode; `production` hides field suggestions ("Did you mean …") from error messages.'),
  MAX_TOKENS: integer(10, 100_000)
    .default(1000)
    .describe('Most lexical tokens in a document; the parser stops at the limit, so deep nesting cannot exhaust its stack.'),
  MAX_DEPTH: integer(1, 100)
    .default(15)
    .describe('Deepest field nesting, fragments flattened, introspection included (GraphiQL\'s introspection needs 15).'),
  MAX_ALIASES: integer(0, 1000).default(20).describe('Most aliases in one operation, fragments included.'),
  MAX_DIRECTIVES: integer(0, 1000).default(20).describe('Most directives in one operation, fragments included.'),
  MAX_COST: integer(1, 100_000_000)
    .default(25_000)
    .describe(
      'Highest operation cost: each field costs 1, and a connection multiplies what it selects by its page size (`first`, `last` or the default 50).',
    ),
  MAX_VARIABLE_LENGTH: integer(1, 100_000_000)
    .default(10_000)
    .describe('Longest string, in characters, a variable may hold anywhere inside it; a longer one is refused before it is read.'),
  MAX_BATCH: integer(0, 100)
    .default(0)
    .describe('Most operations in one batched (array) request; 0 turns batching off.'),
  EXECUTION_TIMEOUT_MS: integer(1, 600_000)
    .default(5000)
    .describe('Longest an operation may execute before it is stopped with an error.'),
  REQUEST_TIMEOUT_MS: integer(1000, 600_000)
    .default(30_000)
    .describe('Longest a client may take to send a whole request (headers and body) before 408.'),
  SHUTDOWN_GRACE_MS: integer(0, 600_000)
    .default(10_000)
    .describe('On SIGTERM, how long requests in flight may take to finish before their connections are closed.'),
  WATCH: flag('0').describe('`1` reloads the data when a file under DATA_DIR changes (SIGHUP always does).'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Least severe log level written (JSON lines on standard output).'),
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
  EXECUTION_WORKER: flag('1').describe(
    '`1` answers GraphQL requests off the short path (documents not yet known, errors, costly operations) on a worker thread with its own copy of the graph, so they cannot hold up the requests the main thread answers; `0` answers everything on one thread.',
  ),
  MAIN_THREAD_MAX_COST: integer(1, 100_000_000)
    .default(2500)
    .describe('With the execution worker, known operations costing more than this are answered by the worker too.'),
  MAIN_THREAD_MAX_ANSWER_BYTES: integer(1, 2 ** 30)
    .default(128 * 1024)
    .describe(
      'With the execution worker, a known operation that gave an answer larger than this is answered by the worker from then on (a cost does not count every list, such as a hub\'s relations).',
    ),
  EXECUTION_WORKER_MAX_QUEUE: integer(1, 100_000)
    .default(64)
    .describe('Most requests waiting for or running on the execution worker; past it, a request the worker would answer gets 503 with Retry-After.'),
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
    const setting = settings().find((candidate) => candidate.name === name);
    return `${name}=${JSON.stringify(env[name])}: ${issue.message}; accepts ${setting?.accepts}. ${setting?.description}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

export interface Setting {
  name: string;
  accepts: string;
  default: string;
  description: string;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  default?: unknown;
  description?: string;
}

/** What a property of the schema accepts, in words, read from its JSON Schema. */
function accepts(property: JsonSchemaProperty): string {
  if (property.enum) return property.enum.join(' | ');
  if (property.type === 'integer') return `an integer from ${property.minimum} to ${property.maximum}`;
  return property.minLength ? 'a non-empty string' : 'a string';
}

/** Folders are shown relative to the repository rather than as this machine's absolute paths. */
const PATH_DEFAULTS: Record<string, string> = {
  DATA_DIR: 'data/',
  MODELS_DEV_DIR: '../shared/datasets/models-dev',
};

/** Every setting described from the schema itself, for `--help` and the README. */
export function settings(): Setting[] {
  const { properties } = z.toJSONSchema(configSchema, { io: 'input' }) as {
    properties: Record<string, JsonSchemaProperty>;
  };
  // A default given after a transform (DATASETS) appears only on the parsed side.
  const parsedDefaults: Record<string, unknown> = configSchema.parse({});
  return Object.entries(properties).map(([name, property]) => ({
    name,
    accepts: accepts(property),
    default: PATH_DEFAULTS[name] ?? String(property.default ?? parsedDefaults[name]),
    description: property.description ?? '',
  }));
}

/** The text of `npm start -- --help`. */
export function helpText(): string {
  const rows = settings().map(
    (setting) => `  ${setting.name}\n      ${setting.description}\n      Accepts ${setting.accepts}; default ${setting.default}.`,
  );
  return `Serves the foundation-model graph over GraphQL.\n\nUsage: npm start [-- --help]\n\nSettings, all from environment variables (folders relative to the repository):\n${rows.join('\n')}\n`;
}

/** What the configuration says to load. */
export function loadOptionsOf(config: Config): LoadOptions {
  return { dataDir: config.DATA_DIR, datasets: config.DATASETS, modelsDevDir: config.MODELS_DEV_DIR };
}
