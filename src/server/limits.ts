/**
 * Refusing hostile operations: size of the document, depth, aliases,
 * directives, cost and execution time, each with a clear error, before the
 * work it would cost is done. The request body cap lives in front of Yoga, in
 * `http-handler.ts`, so a large body is refused before it is read.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  getOperationAST,
  GraphQLError,
  parse,
  type ASTVisitor,
  type ExecutionArgs,
  type ExecutionResult,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from './config.ts';
import { operationCost, operationCostFloor } from './cost.ts';

export type LimitsConfig = Pick<
  Config,
  'MAX_PAGE_SIZE' | 'NODE_ENV' | 'MAX_TOKENS' | 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_COST' | 'MAX_BATCH' | 'EXECUTION_TIMEOUT_MS'
>;

/** A refusal with a stable code and, on HTTP, status 400 (Yoga strips `http` from the response). */
function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

function costRefusal(cost: number, limit: number): GraphQLError {
  return refusal(`The operation costs ${cost}, over the limit of ${limit}; ask for smaller pages.`, 'OPERATION_TOO_COMPLEX');
}

/**
 * Validation rules, each stopping validation at the first operation over its
 * limit, before graphql's own rules walk the rest of the document:
 * graphql-armor's depth, aliases and directives, with our own wording (armor's
 * says "Syntax Error", which these are not), then the least the operation can cost.
 */
function validationRules(config: LimitsConfig) {
  const refuse =
    (what: string, limit: number): GraphQLArmorRejectCallback =>
    (_context, error) => {
      const found = /found (\d+)/.exec(error.message)?.[1];
      throw refusal(`The operation has ${found} ${what}, over the limit of ${limit}.`, 'OPERATION_TOO_COMPLEX');
    };
  const costFloor = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const floor = operationCostFloor(context.getSchema(), context.getDocument(), operation, config.MAX_PAGE_SIZE);
      if (floor !== undefined && floor > config.MAX_COST) throw costRefusal(floor, config.MAX_COST);
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

/**
 * A signal that turns aborted once the deadline passes. Resolvers here are
 * synchronous, so no timer could fire mid-execution; instead the executor's own
 * check between fields (`throwIfAborted`) reads the clock. The timer covers
 * time spent awaiting.
 */
function deadlineSignal(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const deadline = performance.now() + ms;
  const timer = setTimeout(() => controller.abort(timeoutError(ms)), ms);
  const { signal } = controller;
  signal.throwIfAborted = () => {
    if (!signal.aborted && performance.now() > deadline) controller.abort(timeoutError(ms));
    if (signal.aborted) throw signal.reason;
  };
  return { signal, clear: () => clearTimeout(timer) };
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
 * production no suggestions, which would map the schema for an attacker. This
 * covers errors graphql's own `hideSuggestions` misses (variable coercion).
 */
export function sanitizedMessage(message: string, hideSuggestions: boolean): string {
  let sanitized = message.replace(LONG_QUOTED, '"$1…"');
  if (hideSuggestions) sanitized = sanitized.replace(SUGGESTION, '');
  return sanitized.length > MESSAGE_LIMIT ? `${sanitized.slice(0, MESSAGE_LIMIT)}…` : sanitized;
}

/** The errors of an answer, batched or not. */
export function errorsOf(result: unknown): GraphQLError[] {
  const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
  return results.flatMap((one) => [...(one?.errors ?? [])]) as GraphQLError[];
}

/** Envelop plugins enforcing the limits, in the order a request meets them. */
export function limitPlugins(config: LimitsConfig): Plugin[] {
  const hideSuggestions = config.NODE_ENV === 'production';
  const rules = validationRules(config);
  return [
    {
      onParse({ setParseFn }) {
        setParseFn((source, options) => {
          try {
            // graphql's own token cap stops the parser before deep nesting can exhaust its stack…
            return parse(source, { ...options, maxTokens: config.MAX_TOKENS });
          } catch (error) {
            // …and should a raised cap let it, the overflow is still the client's document at fault.
            if (!(error instanceof RangeError)) throw error;
            throw new GraphQLError('Syntax Error: The document nests too deeply to parse.', {
              extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
            });
          }
        });
      },
      onValidate({ addValidationRule }) {
        for (const rule of rules) addValidationRule(rule);
      },
      onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
        const operation = getOperationAST(args.document, args.operationName);
        const cost = operation ? operationCost(args.schema, args.document, operation, args.variableValues, config.MAX_PAGE_SIZE) : undefined;
        if (cost !== undefined && cost > config.MAX_COST) {
          setResultAndStopExecution({ errors: [costRefusal(cost, config.MAX_COST)] });
          return;
        }
        setExecuteFn((executionArgs: ExecutionArgs) => {
          const deadline = deadlineSignal(config.EXECUTION_TIMEOUT_MS);
          // Yoga's executor honours `signal`, which graphql's ExecutionArgs type does not declare.
          const result = executeFn({ ...executionArgs, signal: deadline.signal } as ExecutionArgs);
          if (result instanceof Promise) return result.finally(deadline.clear);
          deadline.clear();
          return result;
        });
      },
      onResultProcess({ result }) {
        for (const error of errorsOf(result)) {
          error.message = sanitizedMessage(error.message, hideSuggestions);
          const extensions = error.extensions as { code?: string; originalError?: unknown; http?: { spec?: boolean } } | undefined;
          // Yoga attaches the JSON parser's own error, which quotes the body back.
          delete extensions?.originalError;
          // Yoga answers an unreadable request with 200 to application/json clients; GraphQL over HTTP asks for 400.
          if (extensions?.code === 'BAD_REQUEST') delete extensions.http?.spec;
        }
      },
    },
  ];
}

/** Yoga's own options for batching; its body-size cap stays off (`http-handler.ts` does that cheaper). */
export function limitOptions(config: LimitsConfig) {
  return {
    batching: config.MAX_BATCH > 0 ? { limit: config.MAX_BATCH } : false,
    maxRequestBodySize: false,
  } as const;
}
