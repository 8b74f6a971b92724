/**
 * Compiled execution with graphql-jit, for the operations it runs exactly like
 * graphql-js. It rejects an omitted non-null variable that has a default
 * (`$depth: Int! = 6`), which the GraphQL spec allows, so operations declaring
 * one run on graphql-js instead.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, type DocumentNode } from 'graphql';

const compilable = new WeakMap<DocumentNode, boolean>();

export function hasDefaultedNonNullVariable(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (definition.variableDefinitions ?? []).some((variable) => variable.type.kind === Kind.NON_NULL_TYPE && variable.defaultValue),
  );
}

export function compiledExecution() {
  return useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => {
        let ok = compilable.get(document);
        if (ok === undefined) {
          ok = !hasDefaultedNonNullVariable(document);
          compilable.set(document, ok);
        }
        return ok;
      },
    },
  );
}
