/** Example operations shown as GraphiQL tabs; tests run every one of them. */
export const EXAMPLE_QUERIES: { name: string; query: string }[] = [
  {
    name: 'Which models can generate code?',
    query: `# Which models support code generation? Sub-capabilities count too.
query CodeGenerationModels {
  capability(slug: "code-generation") {
    name
    models(first: 20) {
      totalCount
      nodes { name releaseDate vendor { name } capabilities { slug } }
    }
  }
}`,
  },
  {
    name: 'Language models on Bedrock that translate',
    query: `# Which models on Amazon Bedrock can translate? (Chinese names via lang: ZH)
query BedrockTranslators {
  models(filter: { platforms: ["amazon-bedrock"], capabilities: ["translation"] }) {
    totalCount
    nodes { name nameZh: name(lang: ZH) vendor { name } }
  }
}`,
  },
  {
    name: 'Largest models since 2020',
    query: `query LargestModels {
  models(filter: { releasedFrom: 2020 }, orderBy: { field: PARAMETER_COUNT, direction: DESC }, first: 5) {
    nodes { name releaseYear parameterCount vendor { name } }
  }
}`,
  },
  {
    name: 'What mitigates bias?',
    query: `query MitigatingBias {
  challenge(slug: "bias") {
    name description
    mitigatedBy(first: 10) { nodes { __typename name } }
  }
}`,
  },
  {
    name: 'Disputed facts about GPT-4',
    query: `query Gpt4Claims {
  model(slug: "gpt-4") {
    name releaseDate parameterCount
    claims { attribute value status note citations { source { title url } quote } }
  }
}`,
  },
  {
    name: 'Search in either language',
    query: `# Prefixes, small typos and Chinese without spaces all match.
query Search {
  diffusion: search(query: "扩散", first: 5) { score matchedField snippet node { __typename slug name } }
  typo: search(query: "jurrasic", kinds: [MODEL]) { node { slug name } }
}`,
  },
  {
    name: 'How is BERT related to Stable Diffusion?',
    query: `# The ids are those of model(slug: "bert") and model(slug: "stable-diffusion").
query BertToStableDiffusion {
  shortestPath(from: "TW9kZWw6YmVydA==", to: "TW9kZWw6c3RhYmxlLWRpZmZ1c2lvbg==") {
    length
    nodes { __typename name }
    edges { type from { name } to { name } }
  }
}`,
  },
  {
    name: 'Dashboard: capability coverage and growth',
    query: `# Flat rows a chart binds to directly; send as GET for dashboards.
query Dashboard {
  stats { nodeCount edgeCount countsByKind { kind count } }
  capabilityCoverage { capability capabilitySlug modelCount }
  parameterTimeline { model releaseDate parameterCount }
  mostConnected(first: 5) { degree pagerank node { __typename name } }
}`,
  },
];
