import { mergedData } from './tests/helpers.ts';
const Q1 = `{
  offerings(
    filter: { capabilities: ["tool-calling"], inputModalities: [IMAGE], minContextWindow: 128000 }
    orderBy: { field: INPUT_PRICE, direction: ASC }
    first: 3
  ) {
    totalCount
    nodes { inputPrice outputPrice contextWindow providerModelId platform { name } model { name vendor { name } } }
  }
}`;
const Q2 = `{
  gpt4: model(slug: "gpt-4") { ...cheapest }
  gpt35: model(slug: "gpt-3-5") { ...cheapest }
  claude3Opus: model(slug: "claude-3-opus") { ...cheapest }
  claude3Haiku: model(slug: "claude-3-haiku") { ...cheapest }
  claude35Sonnet: model(slug: "claude-3-5-sonnet") { ...cheapest }
  llama2: model(slug: "llama-2") { ...cheapest }
  sdxl: model(slug: "stable-diffusion-xl") { ...cheapest }
}
fragment cheapest on Model {
  name
  offerings(orderBy: { field: INPUT_PRICE, direction: ASC }, first: 1) {
    totalCount
    nodes { platform { name } providerModelId inputPrice outputPrice status }
  }
}`;
const Q3 = `{
  platform(slug: "amazon-bedrock") {
    name
    operator { name }
    offerings(
      filter: { capabilities: ["reasoning"], inputModalities: [IMAGE] }
      orderBy: { field: INPUT_PRICE, direction: ASC }
      first: 5
    ) {
      totalCount
      nodes { providerModelId inputPrice outputPrice model { name vendor { name } } }
    }
  }
}`;
for (const q of [Q1, Q2, Q3]) console.log(JSON.stringify(await mergedData(q), null, 1));
