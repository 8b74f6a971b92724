/**
 * Compiled execution: it answers as graphql-js does (Yoga words every answer
 * with errors on graphql-js, the short path runs compiled), what a document
 * compiles to is known before it is compiled, and nothing of a document is
 * kept once the document is gone.
 * Clients choose the documents, so a costly compilation on the serving
 * thread, or whatever each compilation left behind, would be theirs to order.
 */
import {
  execute,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { EXAMPLE_QUERIES } from '../src/server/examples.ts';
import { compiledFieldCount, compileQuery, isCompilable, isCompiledQuery } from '../src/server/jit.ts';
import { loadGraph } from '../src/core/load.ts';
import type { Lang } from '../src/schema/context.ts';
import { PREPARING_BESIDE_WORKER } from '../src/server/prepared-operations.ts';
import { aliasedPredecessorChains, BENCH_QUERIES } from '../bench/queries.ts';
import { MERGED_DATA, numberPrintedBy } from './helpers.ts';

/**
 * Compiles the bench's queries under new names in a fresh process, with
 * graphql-jit taken from `source`, and gives the heap it kept per document.
 * V8's cache of compiled function sources (about 80 KB a document here, let go
 * under memory pressure) is turned off, so what is left is what stays for good.
 */
async function keptPerCompilation(source: string): Promise<number> {
  const script = `
    import { parse } from 'graphql';
    import { schema } from './src/schema/index.ts';
    import { BENCH_QUERIES } from './bench/queries.ts';
    const { compileQuery, isCompiledQuery } = await import(${JSON.stringify(source)});
    let count = 0;
    const compileMany = (documents) => {
      for (const end = count + documents; count < end; count++) {
        const { query } = BENCH_QUERIES[count % BENCH_QUERIES.length];
        if (!isCompiledQuery(compileQuery(schema, parse(query.replace('{', '{ a' + count + ': __typename '))))) throw new Error('not compiled');
      }
    };
    const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
    compileMany(200);
    const before = heap();
    compileMany(1000);
    console.log((heap() - before) / 1000);
  `;
  return numberPrintedBy(script, ['--no-compilation-cache', '--expose-gc']);
}

const count = (query: string, limit = 100_000) => {
  const document = parse(query);
  return compiledFieldCount(schema, document, getOperationAST(document)!, limit);
};

const entityTypes = () => {
  const entity = schema.getType('Entity')!;
  return isAbstractType(entity) ? schema.getPossibleTypes(entity).length : 0;
};

const ALIASED_CHAINS = (() => {
  const { selection, fragment } = aliasedPredecessorChains('"gpt-4"');
  return `{ ${selection} } ${fragment}`;
})();

describe('what a document compiles to', () => {
  it('counts each field and fragment spread, with fragments inlined where they are spread', () => {
    expect(count('{ model(slug: "bert") { slug ...F } } fragment F on Model { name vendor { name } }')).toBe(6);
  });

  it('counts a selection on an interface once for each of its possible types, as graphql-jit compiles it', () => {
    expect(entityTypes()).toBeGreaterThan(5);
    expect(count('{ search(query: "bert") { node { slug } } }')).toBe(2 + entityTypes());
    expect(count('{ search(query: "bert") { node { ... on Model { vendor { name } } } } }')).toBe(4);
  });

  it('stops counting past its limit, through fragment cycles too', () => {
    expect(count(ALIASED_CHAINS)).toBe(3220);
    expect(count(ALIASED_CHAINS, 100)).toBe(101);
    expect(count('{ model(slug: "bert") { ...A } } fragment A on Model { ...B } fragment B on Model { ...A }', 50)).toBe(51);
  });

  it('finds every GraphiQL example and bench query small enough to prepare beside the execution worker', () => {
    for (const { query } of [...EXAMPLE_QUERIES, ...BENCH_QUERIES]) expect(count(query), query).toBeLessThanOrEqual(PREPARING_BESIDE_WORKER.maxCompiledFields);
  });
});

describe('what Yoga runs compiled', () => {
  it('compiles the largest page the limits allow, whose values pay the compiling back, but not a document of thousands of fields', () => {
    expect(isCompilable(schema, parse('{ models(first: 500) { nodes { id slug name description family releaseDate releaseYear parameterCount layers openWeights knowledgeCutoff contextWindow inputModalities outputModalities aliases vendor { name } } } }'))).toBe(true);
    expect(isCompilable(schema, parse(ALIASED_CHAINS))).toBe(false);
  });

  it('runs on graphql-js an operation with a defaulted non-null variable, which graphql-jit refuses', () => {
    expect(isCompilable(schema, parse('query($first: Int! = 5) { models(first: $first) { totalCount } }'))).toBe(false);
  });
});

describe('compiled execution', () => {
  it('keeps no memory for each document compiled, where graphql-jit by itself keeps about 2.5 KB', async () => {
    const [ours, bare] = await Promise.all([keptPerCompilation('./src/server/jit.ts'), keptPerCompilation('graphql-jit')]);
    expect(ours).toBeLessThan(512);
    // The measure itself: graphql-jit 0.8.7 loaded without the server's cache keeps what the server's must not.
    expect(bare).toBeGreaterThan(1536);
  }, 60_000);
});

const needsNoArguments = (field: GraphQLField<unknown, unknown>) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);

/** Every field of `type` that needs no arguments, with those of the objects it leads to, `depth` objects deep. */
function everyField(type: GraphQLNamedType, depth: number): string {
  // A union has no fields of its own to select.
  if (!isObjectType(type) && !isInterfaceType(type)) return '__typename';
  const selected = ['__typename'];
  for (const field of Object.values(type.getFields()).filter(needsNoArguments)) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) selected.push(field.name);
    else if (depth > 0) selected.push(`${field.name} { ${everyField(named, depth - 1)} }`);
  }
  return selected.join(' ');
}

/** Where two answers part, with some text of each around it (the answers of a whole list are megabytes long). */
function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let at = 0;
  while (actual[at] === expected[at]) at += 1;
  return `at ${at}: ${actual.slice(at - 80, at + 80)} instead of ${expected.slice(at - 80, at + 80)}`;
}

describe('compiled queries', () => {
  it('answer every list of the whole graph, two objects deep, as graphql-js does, in both languages', async () => {
    const graph = await loadGraph(MERGED_DATA);
    const queryType = schema.getQueryType()!;
    let pagesCompared = 0;
    for (const root of Object.values(queryType.getFields()).filter(needsNoArguments)) {
      const type = getNamedType(root.type);
      const paged = isObjectType(type) && 'pageInfo' in type.getFields();
      const query = paged
        ? `query($after: String) { ${root.name}(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${everyField(getNamedType(type.getFields().nodes!.type), 2)} } } }`
        : `{ ${root.name} ${isLeafType(type) ? '' : `{ ${everyField(type, 2)} }`} }`;
      const document = parse(query);
      const compiled = compileQuery(schema, document);
      if (!isCompiledQuery(compiled)) throw new Error(`${root.name} did not compile`);
      for (const lang of ['EN', 'ZH'] as Lang[]) {
        let after: string | null = null;
        do {
          const contextValue = { graph, lang, maxPageSize: 500 };
          const variableValues = { after };
          const expected = await execute({ schema, document, contextValue, variableValues });
          expect(expected.errors, `${root.name} ${lang}`).toBeUndefined();
          expect(firstDifference(JSON.stringify(await compiled.query(undefined, contextValue, variableValues)), JSON.stringify(expected)), `${root.name} ${lang}`).toBeUndefined();
          pagesCompared += 1;
          const page = (expected.data as Record<string, { pageInfo?: { hasNextPage: boolean; endCursor: string } }>)[root.name]!.pageInfo;
          after = page?.hasNextPage ? page.endCursor : null;
        } while (after);
      }
    }
    expect(pagesCompared).toBeGreaterThan(50);
  }, 120_000);
});
