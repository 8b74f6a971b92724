/**
 * The operations both benchmarks run, one line each: `npm run bench` loads each
 * over HTTP (uncached and cached), `npm run bench:scale` times each in-process
 * on synthetic graphs. Every slug named here exists in the curated data, which
 * the synthetic graphs contain, so each query answers at every size. Below
 * them, the documents `npm run bench:hostile` and the tests use to make the
 * server compile much from few tokens.
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
const SEARCH = `query Search($query: String!) { search(query: $query, first: 10) { score matchedField node { __typename slug name } } }`;
const NEIGHBORHOOD = `query Neighborhood($id: ID!) { neighborhood(id: $id, depth: 2) { truncated nodes { __typename slug name } edges { type from { slug } to { slug } } } }`;
const COVERAGE = `query Coverage { capabilityCoverage { capability capabilitySlug modelCount } }`;
const OFFERINGS = `query CheapestOfferings { offerings(filter: { capabilities: ["tool-calling"], inputModalities: [IMAGE], minContextWindow: 128000 }, orderBy: { field: INPUT_PRICE, direction: ASC }, first: 20) { totalCount nodes { inputPrice outputPrice contextWindow model { slug } platform { slug } } } }`;

/** Relay global ids are base64 of `Type:slug`; clients get them from any query, the bench makes one directly. */
const globalId = (type: string, slug: string) => Buffer.from(`${type}:${slug}`).toString('base64');

export const BENCH_QUERIES: BenchQuery[] = [
  { name: 'lookup by slug', query: LOOKUP, variables: { slug: 'gpt-4' } },
  { name: 'capability → 20 models', query: CODE_GENERATION, variables: { first: 20 } },
  { name: 'filtered page, first 50', query: FILTERED_PAGE, variables: { first: 50 } },
  { name: 'filtered page, first 20', query: FILTERED_PAGE, variables: { first: 20 } },
  { name: 'search', query: SEARCH, variables: { query: 'clau' } },
  { name: 'neighborhood, depth 2', query: NEIGHBORHOOD, variables: { id: globalId('Model', 'gpt-3') } },
  { name: 'capability coverage', query: COVERAGE },
  { name: 'offerings filter', query: OFFERINGS },
];

/**
 * A model's fields (21 with its vendor's) spread at every step of a chain of
 * `depth` predecessors, with the fragment: a document that compiles to many
 * fields in few tokens (92 along three predecessors, 115 along four).
 */
export function predecessorChain(depth: number): { selection: string; fragment: string } {
  const selection = (steps: number): string => (steps === 0 ? '...S' : `...S predecessor { ${selection(steps - 1)} }`);
  return {
    selection: selection(depth),
    fragment: 'fragment S on Model { id slug name description family aliases contextWindow knowledgeCutoff layers openWeights outputLimit parameterCount releaseDate releaseYear inputModalities outputModalities vendor { id slug name description } }',
  };
}

/**
 * 20 aliases of the model `slug` names (a literal or a variable), each along
 * a chain of six predecessors: 3,220 fields in 1,000 tokens, within every
 * limit, which took 240-330 ms to compile.
 */
export function aliasedPredecessorChains(slug: string): { selection: string; fragment: string } {
  const { selection, fragment } = predecessorChain(6);
  return { selection: Array.from({ length: 20 }, (_, i) => `m${i}: model(slug: ${slug}) { ${selection} }`).join(' '), fragment };
}
