/**
 * Compiled execution with graphql-jit, for the operations it runs exactly like
 * graphql-js. It rejects an omitted non-null variable that has a default
 * (`$depth: Int! = 6`), which the GraphQL spec allows, so operations declaring
 * one run on graphql-js instead. Everything in the server that compiles takes
 * graphql-jit from here.
 */
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import memoize from 'lodash.memoize';
import { checkedCost } from './limits.ts';

/**
 * lodash's memoize cache (`memoize.Cache`), holding object keys weakly.
 * graphql-jit 0.8.7 memoizes the text of each field's path through the
 * result, keyed by an array made anew for every compilation, in a Map that
 * never lets go: every document compiled left about 2.5 KB behind for good,
 * and clients choose how many different documents there are. graphql-jit
 * 0.8.9 drops that memo, but its compiled queries ran 15-35% slower here
 * (the bench queries in-process). Keys that are not objects (none in the
 * memo above) stay in a Map.
 */
const isObject = (key: unknown): key is object => (typeof key === 'object' && key !== null) || typeof key === 'function';

class WeakKeyedCache {
  private readonly objects = new WeakMap<object, unknown>();
  private readonly others = new Map<unknown, unknown>();

  delete(key: unknown): boolean {
    return isObject(key) ? this.objects.delete(key) : this.others.delete(key);
  }
  get(key: unknown): unknown {
    return isObject(key) ? this.objects.get(key) : this.others.get(key);
  }
  has(key: unknown): boolean {
    return isObject(key) ? this.objects.has(key) : this.others.has(key);
  }
  set(key: unknown, value: unknown): this {
    if (isObject(key)) this.objects.set(key, value);
    else this.others.set(key, value);
    return this;
  }
}

// graphql-jit makes its memoized functions as it loads, so the cache is set first and graphql-jit loaded after it.
memoize.Cache = WeakKeyedCache;
export const { compileQuery, isCompiledQuery } = await import('graphql-jit');
const { useGraphQlJit } = await import('@envelop/graphql-jit');

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

/**
 * What graphql-jit compiles for a query, counted up to a little past
 * `limit`: every field and fragment spread, fragments inlined where they are
 * spread, and a selection on an interface or union once for each of its
 * possible types, as graphql-jit generates code for each. Compiling takes
 * time in proportion (about 0.05-0.1 ms a field here), so this says what a
 * document would cost to compile before it is compiled, or even validated:
 * 20 aliases of a fragment along a chain of predecessors spell 3,220 fields
 * in 1,000 tokens, and took 9-43 ms to validate and 146-330 ms to compile.
 * Counting spreads ends fragment cycles, which validation would refuse.
 */
export function compiledFieldCount(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const applies = (condition: NamedTypeNode | undefined, type: GraphQLObjectType) => {
    if (!condition || condition.name.value === type.name) return true;
    const conditionType = schema.getType(condition.name.value);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };
  let count = 0;
  const onType = (selectionSet: SelectionSetNode, type: GraphQLNamedType): void => {
    if (isObjectType(type)) onObject(selectionSet, type);
    else if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) onObject(selectionSet, possible);
  };
  const onObject = (selectionSet: SelectionSetNode, type: GraphQLObjectType): void => {
    for (const selection of selectionSet.selections) {
      if (count > limit) return;
      if (selection.kind === Kind.FIELD) {
        count++;
        const field = type.getFields()[selection.name.value];
        if (field && selection.selectionSet) onType(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition, type)) onObject(selection.selectionSet, type);
      } else {
        count++;
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition, type)) onObject(fragment.selectionSet, type);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) onObject(operation.selectionSet, root);
  return count;
}

/**
 * Documents that compile to more fields than this (see `compiledFieldCount`)
 * run on graphql-js when Yoga runs them, whatever they cost. Compiling takes
 * time by a document's fields and pays back by the values it runs over: the
 * largest page the limits allow (22 fields, 500 models) compiled and ran in
 * 8 ms against 18 ms on graphql-js, where 20 aliases of a chain of
 * predecessors (3,220 fields, a few models each) took 146-323 ms to compile
 * against 2-26 ms for graphql-js to run, and each new one would be compiled.
 */
export const COMPILE_MAX_FIELDS = 250;

/** Whether Yoga may run a document compiled (its cost decides too). */
export function isCompilable(schema: GraphQLSchema, document: DocumentNode): boolean {
  let ok = compilable.get(document);
  if (ok === undefined) {
    ok =
      !hasDefaultedNonNullVariable(document) &&
      document.definitions.every(
        (definition) =>
          definition.kind !== Kind.OPERATION_DEFINITION || compiledFieldCount(schema, document, definition, COMPILE_MAX_FIELDS) <= COMPILE_MAX_FIELDS,
      );
    compilable.set(document, ok);
  }
  return ok;
}

/** Runs after the limit plugins, which check each operation's cost with its variables. */
export function compiledExecution() {
  // The cost first: it is already known, where counting a new document's fields walks it.
  return useGraphQlJit({}, { enableIf: (args) => (checkedCost(args) ?? 0) >= COMPILE_MIN_COST && isCompilable(args.schema, args.document) });
}
