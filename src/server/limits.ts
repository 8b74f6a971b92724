/**
 * Refusing hostile operations: size of the document, depth, aliases,
 * directives, cost and execution time, each with a clear error, before the
 * work it would cost is done. The request body cap lives in front of Yoga, in
 * `front.ts`, so a large body is refused before it is read whole.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Lexer,
  parse,
  Source,
  TokenKind,
  type DocumentNode,
  type ParseOptions,
  type ASTVisitor,
  type ExecutionResult,
  type ValidationContext,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { KnowledgeGraph } from '../core/graph.ts';
import type { GraphContext, Lang } from '../schema/context.ts';
import type { Config } from './config.ts';
import { countCost, type CountedCost, type SizedBy } from './cost.ts';

export type LimitsConfig = Pick<
  Config,
  | 'MAX_PAGE_SIZE'
  | 'NODE_ENV'
  | 'MAX_TOKENS'
  | 'MAX_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_DIRECTIVES'
  | 'MAX_COST'
  | 'MAX_VARIABLE_LENGTH'
  | 'MAX_BATCH'
  | 'EXECUTION_TIMEOUT_MS'
>;

/** A refusal with a stable code and, on HTTP, status 400 (Yoga strips `http` from the response). */
function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** A variable that cannot be coerced: 400 for application/graphql-response+json, 200 for application/json, as the spec asks. */
function badVariable(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: { code: 'BAD_USER_INPUT', http: { spec: true, status: 400 } },
  });
}

/**
 * The first variable holding a string longer than `limit`, anywhere inside it,
 * with that string's length. Walked with a list rather than recursion: a
 * variable may nest as deep as its JSON does.
 */
export function overlongVariable(variables: Record<string, unknown>, limit: number): { name: string; length: number } | undefined {
  for (const [name, value] of Object.entries(variables)) {
    const pending: unknown[] = [value];
    while (pending.length) {
      const next = pending.pop();
      if (typeof next === 'string' && next.length > limit) return { name, length: next.length };
      if (next !== null && typeof next === 'object') for (const inner of Object.values(next)) pending.push(inner);
    }
  }
  return undefined;
}

/** What a client can change to lower a cost, by what multiplies it. */
const REMEDIES: Record<SizedBy | 'spreads', string> = {
  page: 'smaller pages',
  ids: 'fewer ids',
  list: 'fewer nested lists',
  spreads: 'fewer fragment spreads',
};

/** `a`, `a or b`, `a, b or c`. */
const alternatives = (words: string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0]);

/**
 * The refusal of an operation over MAX_COST, saying which fields multiply its
 * cost the most (see `CountedCost.costliest`) and so what to ask for instead.
 */
function costRefusal(cost: CountedCost, limit: number): GraphQLError {
  const remedies = new Set<string>();
  const links = cost.costliest().map(({ path, items, sizedBy, times }) => {
    if (items > 1 && sizedBy) remedies.add(REMEDIES[sizedBy]);
    if (times > 1) remedies.add(REMEDIES.spreads);
    return `${path}${items > 1 ? ` ×${items}` : ''}${times > 1 ? `, selected ${times} times` : ''}`;
  });
  const where = links.length ? ` Most of it is in ${links.join(' › ')}.` : '';
  const ask = alternatives(remedies.size ? [...remedies] : ['fewer fields']);
  return refusal(`The operation costs ${cost.total}, over the limit of ${limit}; ask for ${ask}.${where}`, 'OPERATION_TOO_COMPLEX');
}

/**
 * Validation rules, each stopping validation at the first operation over its
 * limit, before graphql's own rules walk the rest of the document:
 * graphql-armor's depth, aliases and directives, with our own wording (armor's
 * says "Syntax Error", which these are not), then the least the operation can cost.
 */
export function validationRules(config: LimitsConfig) {
  const refuse =
    (what: string, limit: number): GraphQLArmorRejectCallback =>
    (_context, error) => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      throw refusal(`The operation has ${found} ${what}, over the limit of ${limit}.`, 'OPERATION_TOO_COMPLEX');
    };
  const costFloor = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const floor = countCost(context.getSchema(), context.getDocument(), operation, undefined, config.MAX_PAGE_SIZE);
      if (floor && floor.total > config.MAX_COST) throw costRefusal(floor, config.MAX_COST);
    },
  });
  return [
    // Fragments are flattened so depth is the nesting of the answer, which is what costs.
    maxDepthRule({ n: config.MAX_DEPTH, flattenFragments: true, ignoreIntrospection: false, onReject: [refuse('levels of nesting', config.MAX_DEPTH)] }),
    maxAliasesRule({ n: config.MAX_ALIASES, onReject: [refuse('aliases', config.MAX_ALIASES)] }),
    maxDirectivesRule({ n: config.MAX_DIRECTIVES, onReject: [refuse('directives', config.MAX_DIRECTIVES)] }),
    costFloor,
  ];
}

/** Error thrown when an operation runs past its time limit. */
function timeoutError(ms: number): GraphQLError {
  return new GraphQLError(`The operation ran longer than the limit of ${ms} ms and was stopped.`, {
    extensions: { code: 'EXECUTION_TIMEOUT' },
  });
}

/** How many reads of the graph pass between two looks at the clock. */
const READS_PER_CLOCK_CHECK = 64;

/**
 * A reader of the request's graph that fails once the execution deadline has
 * passed. Every resolver that does work reads `context.graph`, whichever
 * executor runs it (graphql-jit compiles execution, so no executor hook could
 * interrupt it), and resolvers here are synchronous, so no timer could fire
 * mid-execution.
 */
function deadlineReader<G>(graph: G, ms: number): () => G {
  const deadline = performance.now() + ms;
  let reads = 0;
  return () => {
    if (++reads % READS_PER_CLOCK_CHECK === 0 && performance.now() > deadline) throw timeoutError(ms);
    return graph;
  };
}

/** Guards the graph of a context built by Yoga, in place. */
function guardWithDeadline(context: { graph: unknown }, ms: number): void {
  Object.defineProperty(context, 'graph', { enumerable: true, get: deadlineReader(context.graph, ms) });
}

/**
 * A context whose graph is guarded by the deadline, built as a class: resolvers
 * read a class's getter several times faster than one defined on a plain object.
 */
export class DeadlineContext implements GraphContext {
  private readonly read: () => KnowledgeGraph;
  readonly lang: Lang;
  readonly maxPageSize: number;

  constructor({ graph, lang, maxPageSize }: GraphContext, ms: number) {
    this.read = deadlineReader(graph, ms);
    this.lang = lang;
    this.maxPageSize = maxPageSize;
  }

  get graph(): KnowledgeGraph {
    return this.read();
  }
}

/**
 * A quoted value whose first 64 characters are plain, cut in error messages so
 * an error never echoes a large input. Written as an unrolled loop, so a
 * megabyte-long value is matched in one linear pass. (Values with an escape in
 * their first 64 characters are left to the length cap on the whole message.)
 */
const LONG_QUOTED = /"([^"\\]{64})[^"\\]*(?:\\.[^"\\]*)*"/g;
/** graphql's suggestions: `Did you mean "a" or "b"?`, `Did you mean the enum value "A"?`. Names hold no `?`. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
const MESSAGE_LIMIT = 1000;

/**
 * Error messages as a client may see them: long echoed values cut, and in
 * production no suggestions, which would map the schema for an attacker
 * (graphql's `hideSuggestions` is used where it can be, this covers the rest).
 */
export function sanitizedMessage(message: string, hideSuggestions: boolean): string {
  let sanitized = message.replace(LONG_QUOTED, '"$1…"');
  if (hideSuggestions) sanitized = sanitized.replace(SUGGESTION, '');
  return sanitized.length > MESSAGE_LIMIT ? `${sanitized.slice(0, MESSAGE_LIMIT)}…` : sanitized;
}

/**
 * An error as a client may see it: message sanitized; without the JSON parser's
 * own error, which Yoga attaches and which quotes the body back; and, for a
 * request Yoga could not read, with status 400 even for application/json
 * clients, as GraphQL over HTTP asks (Yoga answers those with 200). Errors are
 * copied, not changed: graphql-jit's are read-only and share their extensions
 * with the error they wrap.
 */
function cleaned(error: GraphQLError, hideSuggestions: boolean): GraphQLError {
  const message = sanitizedMessage(error.message, hideSuggestions);
  const { originalError: echo, ...extensions } = (error.extensions ?? {}) as Record<string, unknown> & { http?: { spec?: boolean } };
  const unreadable = extensions.code === 'BAD_REQUEST' && extensions.http?.spec;
  if (message === error.message && echo === undefined && !unreadable) return error;
  if (unreadable) extensions.http = { ...extensions.http, spec: false };
  const copy = new GraphQLError(message, { path: error.path, originalError: error.originalError, extensions });
  return Object.assign(copy, { locations: error.locations });
}

/** How deep brackets of any kind may nest: no document within MAX_DEPTH comes near it. */
const nestingLimit = (config: Pick<LimitsConfig, 'MAX_DEPTH'>) => Math.max(64, 4 * config.MAX_DEPTH);

const tooDeepToParse = () =>
  new GraphQLError('Syntax Error: The document nests too deeply to parse.', {
    extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
  });

/**
 * Whether brackets nest deeper than `limit` within the first `maxTokens`
 * tokens. Read token by token, without recursion: the parser descends once per
 * level, and a few hundred levels cost it milliseconds before any cap stops it.
 */
function nestsDeeperThan(source: string, limit: number, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(source));
  let depth = 0;
  try {
    for (let tokens = 0, token = lexer.advance(); token.kind !== TokenKind.EOF && tokens < maxTokens; tokens++, token = lexer.advance()) {
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L || token.kind === TokenKind.PAREN_L) {
        if (++depth > limit) return true;
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R || token.kind === TokenKind.PAREN_R) depth--;
    }
  } catch {
    // A lexical error is the parser's to report, with its location.
  }
  return false;
}

/**
 * About what a parsed document holds, in bytes, from its text, for caches of
 * parsed documents to count: graphql's syntax tree, with the locations and
 * tokens it keeps, took about 80 bytes a character (264 KB for a document of
 * 3,432 characters), less where the text is comment.
 */
export const syntaxTreeBytes = (text: string): number => 80 * text.length;

/** graphql's parser, refusing first what would cost it dearly: too many tokens, or nesting too deep. */
export function parseWithinLimits(source: string | Source, config: Pick<LimitsConfig, 'MAX_TOKENS' | 'MAX_DEPTH'>, options?: ParseOptions): DocumentNode {
  const text = typeof source === 'string' ? source : source.body;
  if (nestsDeeperThan(text, nestingLimit(config), config.MAX_TOKENS)) throw tooDeepToParse();
  try {
    // graphql's own token cap stops the parser before it reads a huge document…
    return parse(source, { ...options, maxTokens: config.MAX_TOKENS });
  } catch (error) {
    // …and should its stack overflow anyway, that is still the client's document at fault.
    if (!(error instanceof RangeError)) throw error;
    throw tooDeepToParse();
  }
}

/** The cost each execution passed the limit with, for plugins after these (compiled execution) to read. */
const checkedCosts = new WeakMap<object, number>();

/** The cost an execution was checked at, with its variables; undefined before the limit plugins have run. */
export function checkedCost(args: object): number | undefined {
  return checkedCosts.get(args);
}

/** Envelop plugins enforcing the limits, in the order a request meets them. */
export function limitPlugins(config: LimitsConfig): Plugin[] {
  const hideSuggestions = config.NODE_ENV === 'production';
  const rules = validationRules(config);
  return [
    {
      onParse({ setParseFn }) {
        setParseFn((source, options) => parseWithinLimits(source, config, options));
      },
      onValidate({ addValidationRule }) {
        for (const rule of rules) addValidationRule(rule);
      },
      onContextBuilding() {
        return ({ context }) => guardWithDeadline(context as unknown as { graph: unknown }, config.EXECUTION_TIMEOUT_MS);
      },
      onExecute({ args, setResultAndStopExecution }) {
        const operation = getOperationAST(args.document, args.operationName);
        if (!operation) return;
        // Refused before coercion: graphql quotes a value it cannot coerce whole in its error, which costs on a huge one.
        const overlong = overlongVariable(args.variableValues ?? {}, config.MAX_VARIABLE_LENGTH);
        if (overlong) {
          const message = `Variable "$${overlong.name}" holds a string of ${overlong.length} characters, over the limit of ${config.MAX_VARIABLE_LENGTH}.`;
          setResultAndStopExecution({ errors: [badVariable(new GraphQLError(message))] });
          return;
        }
        // Coerced here, whichever executor runs next, so errors read and answer alike (graphql-jit's differ).
        const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, {
          hideSuggestions,
          maxErrors: 10,
        });
        if (variables.errors) {
          setResultAndStopExecution({ errors: variables.errors.map(badVariable) });
          return;
        }
        const cost = countCost(args.schema, args.document, operation, variables.coerced, config.MAX_PAGE_SIZE);
        if (cost && cost.total > config.MAX_COST) {
          setResultAndStopExecution({ errors: [costRefusal(cost, config.MAX_COST)] });
          return;
        }
        if (cost) checkedCosts.set(args, cost.total);
        return {
          // Past the deadline every later read of the graph fails too; one error says it all.
          onExecuteDone({ result, setResult }) {
            const timedOut = !isAsyncIterable(result) && result.errors?.find((error) => error.extensions?.code === 'EXECUTION_TIMEOUT');
            if (timedOut) setResult({ data: null, errors: [timedOut] });
          },
        };
      },
      onResultProcess({ result, setResult }) {
        if (isAsyncIterable(result)) return;
        const clean = (one: ExecutionResult) =>
          one.errors?.length ? { ...one, errors: one.errors.map((error) => cleaned(error, hideSuggestions)) } : one;
        setResult(Array.isArray(result) ? result.map(clean) : clean(result));
      },
    },
  ];
}

/** Yoga's own option for batching. */
export function limitOptions(config: LimitsConfig) {
  return { batching: config.MAX_BATCH > 0 ? { limit: config.MAX_BATCH } : false } as const;
}
