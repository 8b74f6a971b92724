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
];
