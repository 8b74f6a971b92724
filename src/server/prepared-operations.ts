/**
 * The short path for documents the server has already answered cleanly.
 * Yoga's per-request pipeline (Request and Response objects, parameters,
 * plugin hooks, context, result processing) costs many times what running a
 * compiled query does. Once Yoga has answered a document without errors
 * (twice: see `answeredOnce`), the document is known to parse, validate and
 * pass every limit rule, so a later request for it needs only what depends on
 * the request: its variables, its cost with those variables, execution on the
 * current graph, and the bytes. A document may be named by its persisted-query
 * hash instead of its text.
 *
 * Anything else goes to Yoga, which stays the one place that words errors: a
 * document not yet answered, a request in another shape (batches, a query sent
 * with its hash to register it, an unknown hash, other content types),
 * variables that do not coerce, a cost over the limit, and any answer with
 * errors (computed again by Yoga; queries only read, so running one twice
 * changes nothing).
 */
import {
  execute,
  getOperationAST,
  getVariableValues,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GraphContext } from '../schema/context.ts';
import type { GraphStore } from './graph-store.ts';
import { COMPILE_MAX_FIELDS, compileQuery, compiledFieldCount, hasDefaultedNonNullVariable, isCompiledQuery } from './jit.ts';
import { languageOf } from './language.ts';
import { persistedQueryHash, type PersistedQueries } from './persisted-queries.ts';
import { costVariables, countCost } from './cost.ts';
import { DeadlineContext, overlongVariable, parseWithinLimits, syntaxTreeBytes, validationRules, type LimitsConfig } from './limits.ts';
import { MAX_REUSED_BODY_BYTES, type Answer, type IncomingRequest } from './response-cache.ts';

/** What a plain GraphQL request asks: one operation of one document, with its variables. */
interface OperationRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

const PLAIN_JSON = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
const REQUEST_KEYS = new Set(['query', 'variables', 'operationName', 'extensions']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One operation, as GET parameters or a JSON object body (of a reusable size):
 * a query with no extensions, or the hash of a query registered before (found
 * with `persisted`) and no query. Anything else is undefined.
 */
export function operationRequestOf(incoming: IncomingRequest, persisted?: Pick<PersistedQueries, 'get'>): OperationRequest | undefined {
  let fields: Record<string, unknown>;
  if (incoming.method === 'GET') {
    const search = incoming.url.indexOf('?');
    if (search < 0) return undefined;
    const params = new URLSearchParams(incoming.url.slice(search + 1));
    fields = Object.fromEntries(params);
    if (params.size !== Object.keys(fields).length) return undefined;
    try {
      for (const name of ['variables', 'extensions'] as const) if (typeof fields[name] === 'string') fields[name] = JSON.parse(fields[name]);
    } catch {
      return undefined;
    }
  } else {
    if (!incoming.body || incoming.body.length > MAX_REUSED_BODY_BYTES || !PLAIN_JSON.test(incoming.header('content-type') ?? '')) return undefined;
    try {
      const parsed: unknown = JSON.parse(incoming.body.toString('utf8'));
      if (!isRecord(parsed)) return undefined;
      fields = parsed;
    } catch {
      return undefined;
    }
  }
  const { variables, operationName, extensions } = fields;
  if (Object.keys(fields).some((key) => !REQUEST_KEYS.has(key))) return undefined;
  let query = fields.query;
  if (extensions != null) {
    // A query sent with its hash registers it, which Yoga does; extensions other than the hash are Yoga's too.
    const onlyHash = query == null && isRecord(extensions) && Object.keys(extensions).length === 1;
    const hash = onlyHash ? persistedQueryHash(extensions) : undefined;
    query = hash === undefined ? undefined : persisted?.get(hash);
  }
  if (typeof query !== 'string' || (variables != null && !isRecord(variables))) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: variables ?? {}, operationName: operationName ?? undefined };
}

type Run = (context: GraphContext, variables: Record<string, unknown>) => ExecutionResult | Promise<ExecutionResult>;

interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  run: Run;
  /** The variables its cost depends on, and its cost by their values (see cost.ts). */
  costVariables: string[];
  costs: Map<string, number | undefined>;
  /** What it holds, about (see `MAX_PREPARED_BYTES`). */
  bytes: number;
}

/**
 * What the short path may answer on its thread. An operation's cost bounds
 * the fields it selects but not every list it reads (an entity's relations
 * count as 50; a hub has hundreds, and tens of thousands at 100,000 models,
 * where one such answer took 86-123 ms here for 1.8 MB), so the answer's size
 * bounds it too: a document whose answer was larger is answered elsewhere
 * from then on. Sizes depend on the data alone, not on how busy the machine
 * is, so nothing cheap is moved by a slow moment.
 *
 * Preparing a document (parsing, validating and compiling it) takes its
 * thread as well, and clients choose the documents: within the limits, 20
 * aliases of a fragment along a chain of predecessors compile to 3,220
 * fields, which took 240-330 ms, and each new one answered twice was
 * prepared. So what a document compiles to is bounded (see
 * `compiledFieldCount`), and so is the time spent preparing: a credit of
 * milliseconds, spent by each preparation and earned back at a steady rate
 * up to a ceiling, so that a few new documents at once are prepared at once
 * and a stream of them takes a set share of the thread. A document over the
 * first bound is left to Yoga; one that finds the credit spent is prepared
 * at a later clean answer.
 */
export interface ShortPathBounds {
  maxCost: number;
  maxAnswerBytes: number;
  maxCompiledFields: number;
  /** The credit for preparing earned back each second, and the most it can reach (ms). */
  preparingMsPerSecond: number;
  maxPreparingCreditMs: number;
}

/** The bounds of a short path alone on its thread, or on the worker's: it compiles what Yoga would compile (see jit.ts). */
const ALONE: Omit<ShortPathBounds, 'maxCost'> = {
  maxAnswerBytes: Infinity,
  maxCompiledFields: COMPILE_MAX_FIELDS,
  preparingMsPerSecond: Infinity,
  maxPreparingCreditMs: Infinity,
};

/**
 * How much preparing a thread that serves beside the execution worker takes
 * on: every document the GraphiQL examples and the bench send compiles to 4-52
 * fields (0.2-7 ms to compile), and 100 fields compiled in 5-10 ms. A
 * fiftieth of each second goes to preparing once the credit of 200 ms is
 * spent, so a client sending new documents takes no more of the thread than
 * that, and a burst of new documents is prepared over a few seconds, each
 * answered by the worker meanwhile.
 */
export const PREPARING_BESIDE_WORKER: Pick<ShortPathBounds, 'maxCompiledFields' | 'preparingMsPerSecond' | 'maxPreparingCreditMs'> = {
  maxCompiledFields: 100,
  preparingMsPerSecond: 20,
  maxPreparingCreditMs: 200,
};

/** Costs kept per operation; page sizes a client varies are few, and past this the memo starts over. */
const MAX_COSTS_KEPT = 64;

/**
 * Prepared documents kept, least recently used going first: at most 1,000,
 * and at most 64 MB of what they hold, about. A prepared document holds its
 * syntax tree (`syntaxTreeBytes`) and its compiled code, about 500 bytes a
 * field compiled: a lookup about 30 KB, 20 aliases of a
 * chain of predecessors (3,432 characters, 3,220 fields) 1.9 MB, so a count
 * alone let a thousand such documents hold 1.9 GB. Documents answered once are
 * bounded by their text.
 */
const MAX_PREPARED = 1000;
const MAX_PREPARED_BYTES = 64 * 1024 * 1024;
const preparedBytes = (text: string, compiledFields: number) => syntaxTreeBytes(text) + 500 * compiledFields;
const MAX_PREPARED_CHARS = 4 * 1024 * 1024;
/** Header sets kept; Accept and Origin are the client's to choose, so this is bounded too. */
const MAX_HEADER_SETS = 256;

/** The headers of an answer that belong to it alone; the rest are the same for every clean answer to a request shape. */
const PER_ANSWER_HEADERS = new Set(['content-length', 'etag', 'cache-control']);

/** The request headers (besides the method) that change a clean answer's headers: the media type and CORS. */
const headerSetKey = (incoming: IncomingRequest) =>
  `${incoming.method}\n${incoming.header('accept') ?? ''}\n${incoming.header('origin') ?? ''}`;

const operationKey = (request: OperationRequest) => `${request.operationName ?? ''}\n${request.query}`;

export class PreparedOperations {
  /** `false` marks a document that cannot take the short path, so it is not prepared again. */
  private readonly operations = new LRUCache<string, PreparedOperation | false>({
    max: MAX_PREPARED,
    maxSize: MAX_PREPARED_BYTES,
    sizeCalculation: (operation, key) => (operation ? operation.bytes : key.length) || 1,
  });
  /**
   * Documents answered cleanly once. One is prepared when answered a second
   * time: preparing costs a parse, a validation and a compilation, wasted on a
   * document sent only once (as attackers send them).
   */
  private readonly answeredOnce = new LRUCache<string, true>({
    max: 10 * MAX_PREPARED,
    maxSize: MAX_PREPARED_CHARS,
    sizeCalculation: (_answered, key) => key.length || 1,
  });
  private readonly headerSets = new LRUCache<string, Record<string, string>>({ max: MAX_HEADER_SETS });
  private readonly rules;
  private readonly bounds: ShortPathBounds;
  /** The milliseconds of preparing the thread may still spend, as of `creditCountedAt` (`performance.now()`). */
  private preparingCredit: number;
  private creditCountedAt = performance.now();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly store: Pick<GraphStore, 'current'>,
    private readonly config: LimitsConfig,
    /** Automatic persisted queries, so a request naming one by its hash can take the short path. */
    private readonly persisted?: Pick<PersistedQueries, 'get'>,
    /** What the short path answers; with the execution worker beside it, less than the limits allow (see app.ts). */
    bounds: Partial<ShortPathBounds> = {},
  ) {
    this.rules = [...specifiedRules, ...validationRules(config)];
    this.bounds = { maxCost: config.MAX_COST, ...ALONE, ...bounds };
    this.preparingCredit = this.bounds.maxPreparingCreditMs;
  }

  /** The answer on the short path, or undefined when Yoga must answer. */
  async answer(incoming: IncomingRequest): Promise<Answer | undefined> {
    const headers = this.headerSets.get(headerSetKey(incoming));
    const request = headers && operationRequestOf(incoming, this.persisted);
    const prepared = request && this.operations.get(operationKey(request));
    if (!prepared) return undefined;
    try {
      const body = await this.body(prepared, request, incoming);
      return body && { status: 200, headers, body, operationName: prepared.operation.name?.value };
    } catch {
      // Whatever failed here, Yoga answers (and words any error); the document stays with Yoga from now on.
      this.operations.set(operationKey(request), false);
      return undefined;
    }
  }

  /** The answer's bytes, or undefined when the variables (too long, or not coercible), the cost or the result must be left to Yoga. */
  private async body(prepared: PreparedOperation, request: OperationRequest, incoming: IncomingRequest): Promise<Buffer<ArrayBuffer> | undefined> {
    const { operation, run } = prepared;
    if (overlongVariable(request.variables, this.config.MAX_VARIABLE_LENGTH)) return undefined;
    // The cost needs the values of the variables that size pages, coerced; execution coerces every variable
    // again (variables that do not coerce get errors, left to Yoga), so an operation whose cost depends on
    // none skips this step (about 4 us for one variable).
    let costInputs: Record<string, unknown> = {};
    if (prepared.costVariables.length) {
      const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], request.variables);
      if (coerced.errors) return undefined;
      costInputs = coerced.coerced;
    }
    const cost = this.costOf(prepared, costInputs);
    if (cost !== undefined && cost > this.bounds.maxCost) return undefined;
    const context = new DeadlineContext(
      { graph: this.store.current, lang: languageOf(incoming.header('accept-language')), maxPageSize: this.config.MAX_PAGE_SIZE },
      this.config.EXECUTION_TIMEOUT_MS,
    );
    const ran = run(context, request.variables);
    const result = ran instanceof Promise ? await ran : ran;
    if (result.errors?.length) {
      // A document that can run out of time with some variables is not worth running twice again.
      if (result.errors.some((error) => error.extensions?.code === 'EXECUTION_TIMEOUT')) this.operations.set(operationKey(request), false);
      return undefined;
    }
    // JSON.stringify, not graphql-jit's serializer for the result's shape: that one builds its text by
    // concatenation, and turning the pieces into bytes cost more than it saved (a 200 kB page took
    // 2.2 ms against 1.8 ms to become bytes; small answers were alike).
    const bytes = Buffer.from(JSON.stringify(result));
    if (bytes.length > this.bounds.maxAnswerBytes) this.operations.set(operationKey(request), false);
    return bytes;
  }

  /**
   * Told of each clean answer Yoga gave (status 200, one result, no errors):
   * keeps the headers it had and, the second time in a row within
   * `maxAnswerBytes`, prepares its document for the short path (or a later
   * time, when the credit for preparing is spent).
   */
  learn(incoming: IncomingRequest, answer: Pick<Answer, 'headers' | 'body'>): void {
    const request = operationRequestOf(incoming, this.persisted);
    if (!request) return;
    const key = operationKey(request);
    if (!this.operations.has(key)) {
      // Forgotten rather than marked: documents seen once (an attacker's, each new) must take no room among the prepared.
      if (answer.body.byteLength > this.bounds.maxAnswerBytes) this.answeredOnce.delete(key);
      else if (!this.answeredOnce.has(key)) this.answeredOnce.set(key, true);
      else if (this.mayPrepare()) {
        this.answeredOnce.delete(key);
        const started = performance.now();
        this.operations.set(key, this.prepare(request) ?? false);
        this.preparingCredit -= performance.now() - started;
      }
    }
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !PER_ANSWER_HEADERS.has(name)));
    this.headerSets.set(headerSetKey(incoming), headers);
  }

  /** Whether the credit for preparing documents is not spent, counting what it earned since it was last counted. */
  private mayPrepare(): boolean {
    const { preparingMsPerSecond, maxPreparingCreditMs } = this.bounds;
    if (preparingMsPerSecond === Infinity) return true;
    const now = performance.now();
    this.preparingCredit = Math.min(maxPreparingCreditMs, this.preparingCredit + ((now - this.creditCountedAt) * preparingMsPerSecond) / 1000);
    this.creditCountedAt = now;
    return this.preparingCredit > 0;
  }

  private prepare({ query, operationName }: OperationRequest): PreparedOperation | undefined {
    // Any failure here (a parse error, a limit rule refusing by throwing, a compilation error) leaves the document to Yoga.
    try {
      const document = parseWithinLimits(query, this.config);
      const operation = getOperationAST(document, operationName);
      if (operation?.operation !== 'query') return undefined;
      // Counted before validating, which took 9-43 ms for the 3,220 fields ShortPathBounds describes.
      const compiledFields = compiledFieldCount(this.schema, document, operation, this.bounds.maxCompiledFields);
      if (compiledFields > this.bounds.maxCompiledFields) return undefined;
      if (validate(this.schema, document, this.rules).length) return undefined;
      const bytes = preparedBytes(query, compiledFields);
      return { document, operation, run: this.compiled(document, operationName), costVariables: costVariables(document), costs: new Map(), bytes };
    } catch {
      return undefined;
    }
  }

  private costOf({ document, operation, costVariables, costs }: PreparedOperation, variables: Record<string, unknown>): number | undefined {
    // A list of ids counts by its length alone.
    const key = costVariables.map((name) => (Array.isArray(variables[name]) ? `[${variables[name].length}]` : String(variables[name]))).join(',');
    if (costs.has(key)) return costs.get(key);
    if (costs.size >= MAX_COSTS_KEPT) costs.clear();
    const cost = countCost(this.schema, document, operation, variables, this.config.MAX_PAGE_SIZE)?.total;
    costs.set(key, cost);
    return cost;
  }

  /** Compiled with graphql-jit where it runs the operation exactly as graphql-js does (see jit.ts). */
  private compiled(document: DocumentNode, operationName: string | undefined): Run {
    const compiled = hasDefaultedNonNullVariable(document) ? undefined : compileQuery(this.schema, document, operationName);
    if (compiled && isCompiledQuery(compiled)) return (context, variables) => compiled.query(undefined, context, variables);
    return (contextValue, variableValues) => execute({ schema: this.schema, document, operationName, contextValue, variableValues });
  }
}
