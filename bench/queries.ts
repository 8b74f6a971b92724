/**
 * The operations both benchmarks run, one line each: `npm run bench` loads each
 * over HTTP (uncached and cached), `npm run bench:scale` times each in-process
 * on synthetic graphs. Every slug named here exists in the curated data, which
 * the synthetic graphs contain, so each query answers at every size.
 */
export interface BenchQuery {
  /** Short label for tables. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const LOOKUP = `query Lookup($slug: String!) { model(slug: $slug) { id slug name releaseDate parameterCount contextWindow vendor { name } capabilities { slug name } } }`;
const CODE_GENERATION = `query CodeGeneration($first: Int!) { capability(slug: "code-generation") { name models(first: $first) { totalCount nodes { slug name releaseDate vendor { name } capabilities { slug name } } } } }`;
const FILTERED_PAGE = `query FilteredPage($first: Int!) { models(filter: { capabilities: ["language-processing"], releasedFrom: 2019, releasedTo: 2024 }, orderBy: { field: PARAMETER_COUNT, direction: DESC }, first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { slug name releaseYear parameterCount vendor { name } capabilities { slug } } } }`;

export const BENCH_QUERIES: BenchQuery[] = [
  { name: 'lookup by slug', query: LOOKUP, variables: { slug: 'gpt-4' } },
  { name: 'capability → 20 models', query: CODE_GENERATION, variables: { first: 20 } },
  { name: 'filtered page, first 50', query: FILTERED_PAGE, variables: { first: 50 } },
  { name: 'filtered page, first 20', query: FILTERED_PAGE, variables: { first: 20 } },
];
