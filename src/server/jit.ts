/**
 * Compiled execution with graphql-jit, for the operations it runs exactly like
 * graphql-js. It rejects an omitted non-null variable that has a default
 * (`$depth: Int! = 6`), which the GraphQL spec allows, so operations declaring
 * one run on graphql-js instead.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, type DocumentNode } from 'graphql';
import { checkedCost } from './limits.ts';

/**
 * Operations cheaper than this run on graphql-js when Yoga runs them.
 * Compiling a document costs milliseconds, and graphql-jit saves about a
 * microsecond a field, so it pays back only over a few thousand fields; Yoga
 * runs a cheap document once or twice before the short path compiles it, and
 * a costly one (kept off the short path, see prepared-operations.ts) every time.
 */
const COMPILE_MIN_COST = 2000;

const compilable = new WeakMap<DocumentNode, boolean>();

export function hasDefaultedNonNullVariable(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (definition.variableDefinitions ?? []).some((variable) => variable.type.kind === Kind.NON_NULL_TYPE && variable.defaultValue),
  );
}

function isCompilable(document: DocumentNode): boolean {
  let ok = compilable.get(document);
  if (ok === undefined) {
    ok = !hasDefaultedNonNullVariable(document);
    compilable.set(document, ok);
  }
  return ok;
}

/** Runs after the limit plugins, which check each operation's cost with its variables. */
export function compiledExecution() {
  return useGraphQlJit({}, { enableIf: (args) => isCompilable(args.document) && (checkedCost(args) ?? 0) >= COMPILE_MIN_COST });
}
