/**
 * Every fact of the seed document — AWS's Chinese explainer "什么是根基模型?"
 * (https://aws.amazon.com/cn/what-is/foundation-models/) — is in the graph,
 * asserted through GraphQL. Where the seed is wrong, out of date or
 * contradicts itself, the graph holds a claim with the right status instead
 * of the bare value. One `describe` per section of the seed.
 */
import { describe, expect, it } from 'vitest';
import { gql } from './helpers.ts';

const SEED = 'aws-what-is-foundation-models';

// --- plumbing ----------------------------------------------------------------

interface Cite {
  source: { slug: string };
  quote: string | null;
  locator?: string | null;
}
interface ClaimView {
  attribute: string;
  value: string;
  status: 'ACCEPTED' | 'DISPUTED' | 'SUPERSEDED';
  noteEn: string | null;
  noteZh: string | null;
  citations: Cite[];
}
interface Ref {
  slug: string;
}

async function run(query: string, variables?: Record<string, unknown>) {
  const result = await gql(query, variables);
  expect(result.errors ?? []).toEqual([]);
  return result.data;
}

const CLAIMS = `claims { attribute value status noteEn: note(lang: EN) noteZh: note(lang: ZH) citations { source { slug } quote } }`;
const CITATIONS = `citations { source { slug } quote locator }`;

const MODEL_QUERY = `query Model($slug: String!) {
  model(slug: $slug) {
    slug nameEn: name(lang: EN) nameZh: name(lang: ZH) aliases
    releaseDate releaseYear parameterCount layers inputModalities outputModalities openWeights contextWindow
    vendor { slug } capabilities { slug } architectures { slug } trainingDatasets { slug }
    platforms { slug } mitigates { slug } predecessor { slug } successors { slug }
    comparedWith: relations(types: [COMPARED_WITH]) { to { slug } note(lang: EN) citations { source { slug } quote } }
    ${CLAIMS}
    ${CITATIONS}
  }
}`;

const modelCache = new Map<string, Promise<any>>();
/** One model with everything the tests read; fetched once per slug. */
function model(slug: string): Promise<any> {
  if (!modelCache.has(slug)) {
    modelCache.set(
      slug,
      run(MODEL_QUERY, { slug }).then((data) => {
        expect(data.model, `model ${slug}`).not.toBeNull();
        return data.model;
      }),
    );
  }
  return modelCache.get(slug)!;
}

const slugs = (list: Ref[] | null | undefined) => (list ?? []).map((item) => item.slug);

/** The claims of an entity on one attribute (optionally with one value). */
function claimsOf(entity: { claims: ClaimView[] }, attribute: string, value?: string): ClaimView[] {
  return entity.claims.filter((c) => c.attribute === attribute && (value === undefined || c.value === value));
}

/** The single claim on attribute=value, failing if there is none. */
function claim(entity: { claims: ClaimView[] }, attribute: string, value: string): ClaimView {
  const found = claimsOf(entity, attribute, value);
  expect(found, `claim ${attribute}=${value}`).toHaveLength(1);
  return found[0]!;
}

/** The single claim on an attribute, whatever its value. */
function onlyClaim(entity: { claims: ClaimView[] }, attribute: string): ClaimView {
  const found = claimsOf(entity, attribute);
  expect(found, `claim on ${attribute}`).toHaveLength(1);
  return found[0]!;
}

/** Whether some citation quotes the seed with text containing `fragment`. */
function quotesSeed(citations: Cite[], fragment: string): boolean {
  return citations.some((c) => c.source.slug === SEED && (c.quote ?? '').includes(fragment));
}

const cites = (citations: Cite[], source: string) => citations.some((c) => c.source.slug === source);

async function capability(slug: string) {
  const data = await run(
    `query ($slug: String!) { capability(slug: $slug) {
      slug nameZh: name(lang: ZH) parent { slug } children { slug } applications { slug }
      models(first: 100) { totalCount nodes { slug } } ${CITATIONS}
    } }`,
    { slug },
  );
  expect(data.capability, `capability ${slug}`).not.toBeNull();
  return data.capability;
}

async function architecture(slug: string) {
  const data = await run(
    `query ($slug: String!) { architecture(slug: $slug) { slug nameZh: name(lang: ZH) aliases parent { slug } children { slug } ${CITATIONS} } }`,
    { slug },
  );
  expect(data.architecture, `architecture ${slug}`).not.toBeNull();
  return data.architecture;
}

async function challenge(slug: string) {
  const data = await run(
    `query ($slug: String!) { challenge(slug: $slug) { slug nameZh: name(lang: ZH) mitigatedBy(first: 50) { nodes { slug } } ${CLAIMS} ${CITATIONS} } }`,
    { slug },
  );
  expect(data.challenge, `challenge ${slug}`).not.toBeNull();
  return data.challenge;
}

async function platform(slug: string) {
  const data = await run(
    `query ($slug: String!) { platform(slug: $slug) { slug operator { slug } mitigates { slug } models(first: 100) { nodes { slug } } ${CLAIMS} ${CITATIONS} } }`,
    { slug },
  );
  expect(data.platform, `platform ${slug}`).not.toBeNull();
  return data.platform;
}

async function vendorModels(slug: string): Promise<string[]> {
  const data = await run(`query ($slug: String!) { vendor(slug: $slug) { aliases models(first: 100) { totalCount nodes { slug } } } }`, { slug });
  expect(data.vendor, `vendor ${slug}`).not.toBeNull();
  return slugs(data.vendor.models.nodes);
}

async function application(slug: string) {
  const data = await run(
    `query ($slug: String!) { application(slug: $slug) { slug nameZh: name(lang: ZH) enabledBy { slug } ${CITATIONS} } }`,
    { slug },
  );
  expect(data.application, `application ${slug}`).not.toBeNull();
  return data.application;
}

// --- 根基模型有什么独特之处? -------------------------------------------------------

describe('根基模型有什么独特之处? (what makes foundation models unique)', () => {
  it('"一些任务包括自然语言处理(NLP)、问题回答和图像分类": the three task kinds exist', async () => {
    for (const slug of ['language-processing', 'image-classification']) {
      expect(quotesSeed((await capability(slug)).citations, '一些任务包括自然语言处理(NLP)、问题回答和图像分类')).toBe(true);
    }
    expect((await capability('question-answering')).parent.slug).toBe('language-processing');
  });

  it('"作为基础模型来开发更加专用的下游应用程序": fine-tuning is a capability', async () => {
    const cap = await capability('fine-tuning');
    expect(quotesSeed(cap.citations, '开发更加专用的下游应用程序')).toBe(true);
  });

  it('"最早的双向根基模型之一 BERT 于 2018 年发布 … 3.4 亿个参数"', async () => {
    const bert = await model('bert');
    expect(bert.releaseYear).toBe(2018);
    expect(bert.parameterCount).toBe(340_000_000);
    expect(quotesSeed(bert.citations, '最早的双向根基模型之一 BERT 于 2018 年发布')).toBe(true);
  });

  it('"16GB 的训练数据集": BERT training data size is an accepted claim, backed by RoBERTa', async () => {
    const c = claim(await model('bert'), 'trainingDataSize', '16GB');
    expect(c.status).toBe('ACCEPTED');
    expect(cites(c.citations, SEED) && cites(c.citations, 'liu-2019-roberta')).toBe(true);
  });

  it('"170 万亿个参数": GPT-4 parameter count is disputed and not recorded as fact', async () => {
    const gpt4 = await model('gpt-4');
    expect(gpt4.parameterCount).toBeNull();
    const c = claim(gpt4, 'parameterCount', '170000000000000');
    expect(c.status).toBe('DISPUTED');
    expect(c.noteEn).toMatch(/never disclosed/i);
    expect(c.noteZh).toBeTruthy();
    expect(quotesSeed(c.citations, '170 万亿个参数')).toBe(true);
    expect(cites(c.citations, 'openai-2023-gpt-4-technical-report')).toBe(true);
  });

  it('"45GB 的训练数据集": GPT-4 training data size is disputed', async () => {
    const c = claim(await model('gpt-4'), 'trainingDataSize', '45GB');
    expect(c.status).toBe('DISPUTED');
    expect(c.noteEn).toMatch(/not disclosed/i);
  });

  it('"OpenAI 就在 2023 年 … 训练 GPT-4": accepted, consistent with the 2023-03-14 release', async () => {
    const gpt4 = await model('gpt-4');
    expect(gpt4.releaseDate).toBe('2023-03-14');
    expect(gpt4.vendor.slug).toBe('openai');
    expect(claim(gpt4, 'releaseDate', '2023').status).toBe('ACCEPTED');
  });

  it('"每 3.4 个月翻一番": compute doubling since 2012, citing the seed and OpenAI\'s "AI and compute"', async () => {
    const infra = await challenge('infrastructure-requirements');
    const c = claim(infra, 'computeDoublingMonths', '3.4');
    expect(c.status).toBe('ACCEPTED');
    expect(quotesSeed(c.citations, '每 3.4 个月翻一番')).toBe(true);
    expect(cites(c.citations, 'openai-2018-ai-and-compute')).toBe(true);
  });

  it('"大型语言模型(LLM)Claude 2 和 Llama 2, 以及 Stability AI 提供的 … Stable Diffusion"', async () => {
    expect((await model('claude-2')).vendor.slug).toBe('anthropic');
    expect((await model('llama-2')).vendor.slug).toBe('meta');
    const sd = await model('stable-diffusion');
    expect(sd.vendor.slug).toBe('stability-ai');
    expect(slugs(sd.capabilities)).toContain('text-to-image');
  });

  it.each([
    ['claude-2', ['text-generation', 'math-problem-solving', 'conversation', 'question-answering']],
    ['llama-2', ['text-generation', 'math-problem-solving', 'conversation', 'question-answering']],
    ['stable-diffusion', ['text-to-image']],
  ])('"撰写博客文章、生成图像、解决数学问题、参与对话和根据文档回答问题": %s', async (slug, expected) => {
    expect(slugs((await model(slug)).capabilities)).toEqual(expect.arrayContaining(expected));
  });
});

// --- 为什么根基建模如此重要? -------------------------------------------------------

describe('为什么根基建模如此重要? (why foundation modelling matters)', () => {
  it('"从头开发根基模型要花费数百万美元"', async () => {
    const c = claim(await challenge('infrastructure-requirements'), 'costFromScratch', 'millions of US dollars');
    expect(c.status).toBe('ACCEPTED');
    expect(quotesSeed(c.citations, '数百万美元')).toBe(true);
  });

  it('"更快速、更经济地使用预先训练的 FM 开发新的机器学习应用程序"', async () => {
    expect(quotesSeed((await capability('fine-tuning')).citations, '预先训练的 FM')).toBe(true);
  });

  it('"自动执行任务和流程": task automation is an application', async () => {
    const app = await application('task-automation');
    expect(quotesSeed(app.citations, '自动执行任务和流程')).toBe(true);
  });

  it.each([
    ['customer-support', '客户支持'],
    ['language-translation', '语言翻译'],
    ['content-generation', '内容生成'],
    ['copywriting', '文案写作'],
    ['image-classification', '图像分类'],
    ['high-resolution-image-creation-and-editing', '高分辨率图像创建和编辑'],
    ['document-extraction', '文档提取'],
    ['robotics', '机器人技术'],
    ['healthcare', '医疗保健'],
    ['autonomous-vehicles', '自动驾驶汽车'],
  ])('application "%s" (%s) exists and a capability enables it', async (slug, zh) => {
    const app = await application(slug);
    expect(app.nameZh).toBe(zh);
    expect(quotesSeed(app.citations, zh)).toBe(true);
    expect(app.enabledBy.length).toBeGreaterThan(0);
  });
});

// --- 根基模型如何运作? --------------------------------------------------------------

describe('根基模型如何运作? (how foundation models work)', () => {
  it.each([
    ['gan', '生成对抗网络'],
    ['transformer', '转换器'],
    ['vae', '变分自编码器'],
  ])('"包括生成对抗网络(GAN)、转换器和变分编码器": %s', async (slug, zh) => {
    const arch = await architecture(slug);
    expect(arch.nameZh).toBe(zh);
    expect(arch.citations.some((c: Cite) => c.source.slug === SEED)).toBe(true);
  });

  it('"变分编码器" is kept as an alias of the variational autoencoder', async () => {
    expect((await architecture('vae')).aliases).toContain('变分编码器');
  });

  it('transformers come as encoder-only and decoder-only subtypes', async () => {
    const transformer = await architecture('transformer');
    expect(slugs(transformer.children)).toEqual(expect.arrayContaining(['encoder-transformer', 'decoder-transformer']));
    expect((await architecture('encoder-transformer')).parent.slug).toBe('transformer');
    expect((await architecture('decoder-transformer')).parent.slug).toBe('transformer');
  });

  it('"根据之前的单词及其上下文预测文本字符串中的下一个单词 … 概率分布技术"', async () => {
    const decoder = await architecture('decoder-transformer');
    expect(quotesSeed(decoder.citations, '预测文本字符串中的下一个单词')).toBe(true);
    expect(quotesSeed(decoder.citations, '概率分布技术')).toBe(true);
  });

  it('"创建更清晰、更明确定义的图像版本": image generation by diffusion', async () => {
    expect(quotesSeed((await architecture('diffusion')).citations, '更清晰、更明确定义的图像版本')).toBe(true);
  });
});

// --- 根基模型可以实现哪些功能? ------------------------------------------------------

describe('根基模型可以实现哪些功能? (what foundation models can do)', () => {
  it.each([
    ['language-processing', '语言处理'],
    ['visual-understanding', '视觉理解'],
    ['code-generation', '代码生成'],
    ['human-centered-engagement', '以人为本的参与'],
  ])('"语言处理、视觉理解、代码生成和以人为本的参与": %s', async (slug, zh) => {
    expect((await capability(slug)).nameZh).toBe(zh);
  });

  it('"在推理过程期间持续从数据输入或提示中学习": in-context learning', async () => {
    const cap = await capability('in-context-learning');
    expect(quotesSeed(cap.citations, '从数据输入或提示中学习')).toBe(true);
    expect(slugs(cap.models.nodes)).toContain('gpt-3');
  });

  it('language processing: answering questions, writing scripts or articles, translating', async () => {
    const lp = await capability('language-processing');
    expect(slugs(lp.children)).toEqual(
      expect.arrayContaining([
        'question-answering',
        'translation',
        'text-generation',
        'summarization',
        'classification',
        'information-extraction',
        'conversation',
      ]),
    );
    // models of subcapabilities count for the broader capability
    expect(slugs(lp.models.nodes)).toEqual(expect.arrayContaining(['bert', 'gpt-3', 'titan-text', 'claude-3-haiku']));
  });

  it.each([
    ['translation', 'language-translation'],
    ['text-generation', 'content-generation'],
    ['text-generation', 'copywriting'],
    ['information-extraction', 'document-extraction'],
    ['conversation', 'customer-support'],
    ['image-classification', 'image-classification'],
    ['text-to-image', 'high-resolution-image-creation-and-editing'],
    ['image-editing', 'high-resolution-image-creation-and-editing'],
  ])('capability %s enables application %s', async (cap, app) => {
    expect(slugs((await capability(cap)).applications)).toContain(app);
  });

  it('"识别图像和物理对象 … 用于自动驾驶和机器人": visual understanding', async () => {
    const vu = await capability('visual-understanding');
    expect(slugs(vu.children)).toEqual(expect.arrayContaining(['image-classification', 'text-to-image', 'image-editing']));
    expect(slugs(vu.applications)).toEqual(expect.arrayContaining(['autonomous-vehicles', 'robotics']));
  });

  it('"通过输入文本生成图像,以及编辑照片和视频"', async () => {
    expect(quotesSeed((await capability('text-to-image')).citations, '通过输入文本生成图像')).toBe(true);
    expect(quotesSeed((await capability('image-editing')).citations, '编辑照片和视频')).toBe(true);
  });

  it('"生成各种编程语言的计算机代码 … 评估和调试代码"', async () => {
    const debugging = await capability('code-debugging');
    expect(debugging.parent.slug).toBe('code-generation');
    expect(quotesSeed(debugging.citations, '评估和调试代码')).toBe(true);
  });

  it('"潜在用途包括临床诊断、决策支持系统和分析"', async () => {
    const hce = await capability('human-centered-engagement');
    expect(slugs(hce.applications)).toEqual(
      expect.arrayContaining(['clinical-diagnosis', 'decision-support-systems', 'analytics', 'healthcare']),
    );
  });

  it('"通过微调现有根基模型来开发新的人工智能应用程序"', async () => {
    expect(quotesSeed((await capability('fine-tuning')).citations, '通过微调现有根基模型')).toBe(true);
  });

  it('"语音转文本任务,例如各种语言的转录和视频字幕"', async () => {
    const stt = await capability('speech-to-text');
    expect(stt.nameZh).toBe('语音转文本');
    expect(slugs(stt.applications)).toEqual(expect.arrayContaining(['transcription', 'video-captioning']));
  });
});

// --- 根基模型有哪些示例? ------------------------------------------------------------

describe('根基模型有哪些示例? (examples of foundation models)', () => {
  describe('BERT', () => {
    it('"基于转换器的双向编码器表示形式(BERT)": Google\'s bidirectional encoder', async () => {
      const bert = await model('bert');
      expect(bert.vendor.slug).toBe('google');
      expect(bert.aliases).toContain('基于转换器的双向编码器表示形式');
      expect(slugs(bert.architectures)).toContain('encoder-transformer');
    });

    it('"在纯文本语料库和 Wikipedia 上进行训练,使用了 33 亿个令牌(单词)"', async () => {
      const bert = await model('bert');
      expect(slugs(bert.trainingDatasets)).toEqual(expect.arrayContaining(['wikipedia', 'bookcorpus']));
      expect(claim(bert, 'trainingTokens', '3.3 billion words').status).toBe('ACCEPTED');
    });

    it('"BERT 可以回答问题、预测语句"', async () => {
      const bert = await model('bert');
      expect(slugs(bert.capabilities)).toContain('question-answering');
      expect(claim(bert, 'capabilities', 'sentence prediction').status).toBe('ACCEPTED');
    });

    it('"和翻译文本" is disputed: BERT is encoder-only, so no translation edge', async () => {
      const bert = await model('bert');
      expect(slugs(bert.capabilities)).not.toContain('translation');
      const c = claim(bert, 'capabilities', 'translation');
      expect(c.status).toBe('DISPUTED');
      expect(c.noteEn).toMatch(/encoder-only/);
    });
  });

  describe('GPT', () => {
    it.each([
      ['gpt-1', 2018, 117_000_000, 12],
      ['gpt-2', 2019, 1_500_000_000, null],
      ['gpt-3', null, 175_000_000_000, 96],
    ])('%s: year %s, %s parameters, %s layers', async (slug, year, params, layers) => {
      const m = await model(slug);
      expect(m.vendor.slug).toBe('openai');
      if (year !== null) expect(m.releaseYear).toBe(year);
      expect(m.parameterCount).toBe(params);
      if (layers !== null) expect(m.layers).toBe(layers);
    });

    it('"带自注意力机制的 12 层转换器解码器"', async () => {
      const gpt1 = await model('gpt-1');
      expect(slugs(gpt1.architectures)).toContain('decoder-transformer');
      expect(gpt1.aliases).toContain('生成式预训练转换器');
    });

    it('"在 BookCorpus 数据集上训练,此数据集包含超过 11,000 本免费小说"', async () => {
      expect(slugs((await model('gpt-1')).trainingDatasets)).toContain('bookcorpus');
      const data = await run(`{ dataset(slug: "bookcorpus") { models { nodes { slug } } ${CLAIMS} } }`);
      expect(slugs(data.dataset.models.nodes)).toEqual(expect.arrayContaining(['gpt-1', 'bert']));
      expect(claim(data.dataset, 'bookCount', 'over 11,000').status).toBe('ACCEPTED');
    });

    it('"GPT-1 的一个显著特征是能够进行零样本学习"', async () => {
      expect(claim(await model('gpt-1'), 'notableFeature', 'zero-shot learning').status).toBe('ACCEPTED');
    });

    it('"5000 亿单词的 Common Crawl 数据集": Common Crawl yes, the word count is disputed', async () => {
      const gpt3 = await model('gpt-3');
      expect(slugs(gpt3.trainingDatasets)).toContain('common-crawl');
      const c = claim(gpt3, 'trainingDataSize', '500 billion words of Common Crawl');
      expect(c.status).toBe('DISPUTED');
      expect(c.noteEn).toMatch(/tokens/);
    });

    it('"ChatGPT 聊天机器人基于 GPT-3.5"', async () => {
      expect(slugs((await model('gpt-3-5')).platforms)).toContain('chatgpt');
      const chatgpt = await platform('chatgpt');
      expect(chatgpt.operator.slug).toBe('openai');
      expect(slugs(chatgpt.models.nodes)).toContain('gpt-3-5');
    });

    it('each GPT succeeds the one before: GPT-1 → GPT-2 → GPT-3 → GPT-3.5 → GPT-4', async () => {
      const chain = ['gpt-1', 'gpt-2', 'gpt-3', 'gpt-3-5', 'gpt-4'];
      for (let i = 1; i < chain.length; i++) {
        const [earlier, later] = [chain[i - 1]!, chain[i]!];
        expect((await model(later)).predecessor?.slug).toBe(earlier);
        expect(slugs((await model(earlier)).successors)).toContain(later);
      }
    });

    it('"GPT-4 于 2022 年底推出" is disputed: it contradicts the seed\'s own 2023 and OpenAI\'s 2023-03-14', async () => {
      const gpt4 = await model('gpt-4');
      const c = claim(gpt4, 'releaseDate', 'late 2022');
      expect(c.status).toBe('DISPUTED');
      expect(c.noteEn).toMatch(/2023-03-14/);
      expect(quotesSeed(c.citations, '于 2022 年底推出')).toBe(true);
      expect(gpt4.releaseYear).toBe(2023);
    });

    it('"通过了统一律师资格考试,得分为 297(76%)": disputed; OpenAI reports 298/400', async () => {
      const gpt4 = await model('gpt-4');
      const seedScore = claim(gpt4, 'uniformBarExamScore', '297 (76%)');
      expect(seedScore.status).toBe('DISPUTED');
      expect(seedScore.noteEn).toMatch(/298\/400/);
      const reported = claim(gpt4, 'uniformBarExamScore', '298/400');
      expect(reported.status).toBe('ACCEPTED');
      expect(cites(reported.citations, 'openai-2023-gpt-4-technical-report')).toBe(true);
    });

    it('"最新版本 GPT-4" is superseded', async () => {
      expect(claim(await model('gpt-4'), 'latestVersion', 'true').status).toBe('SUPERSEDED');
    });
  });

  describe('Amazon Titan', () => {
    it('"第一个模型是生成式 LLM,用于诸如摘要、文本生成、分类、开放式问答和信息提取等任务"', async () => {
      const titan = await model('titan-text');
      expect(titan.vendor.slug).toBe('amazon');
      expect(titan.outputModalities).toContain('TEXT');
      expect(slugs(titan.capabilities)).toEqual(
        expect.arrayContaining(['summarization', 'text-generation', 'classification', 'question-answering', 'information-extraction']),
      );
    });

    it('"第二个模型是嵌入 LLM … 此 LLM 不会生成文本"', async () => {
      const embed = await model('titan-embeddings');
      expect(embed.vendor.slug).toBe('amazon');
      expect(embed.outputModalities).toEqual(['EMBEDDING']);
      expect(slugs(embed.capabilities)).toContain('embeddings');
    });

    it('"对个性化和搜索等应用程序很有用"', async () => {
      expect(slugs((await capability('embeddings')).applications)).toEqual(expect.arrayContaining(['personalization', 'search']));
    });

    it('"使用公司特定数据 … 进行私有自定义"', async () => {
      for (const slug of ['titan-text', 'titan-embeddings']) {
        expect(slugs((await model(slug)).capabilities)).toContain('fine-tuning');
      }
    });

    it('"检测和删除数据中的伤害性内容 … 筛选 … 仇恨言论": Titan mitigates bias and unreliable answers', async () => {
      expect(slugs((await model('titan-text')).mitigates)).toEqual(expect.arrayContaining(['bias', 'unreliable-answers']));
      expect(slugs((await challenge('bias')).mitigatedBy.nodes)).toContain('titan-text');
    });

    it('"Titan 最初将提供两种模型" is superseded; both are on Amazon Bedrock', async () => {
      expect(claim(await model('titan-text'), 'initialTitanModelCount', '2').status).toBe('SUPERSEDED');
      for (const slug of ['titan-text', 'titan-embeddings']) {
        expect(slugs((await model(slug)).platforms)).toContain('amazon-bedrock');
      }
    });
  });

  describe('AI21 Jurassic', () => {
    it('"Jurassic-1 于 2021 年发布,是一款 76 层自回归语言模型,其具有 1780 亿个参数"', async () => {
      const j1 = await model('jurassic-1');
      expect(j1.vendor.slug).toBe('ai21-labs');
      expect(j1.releaseYear).toBe(2021);
      expect(j1.layers).toBe(76);
      expect(j1.parameterCount).toBe(178_000_000_000);
      expect(slugs(j1.architectures)).toContain('decoder-transformer');
      expect(slugs(j1.capabilities)).toContain('text-generation');
    });

    it('"它的性能可与 GPT-3 媲美"', async () => {
      const comparison = (await model('jurassic-1')).comparedWith.find((r: any) => r.to.slug === 'gpt-3');
      expect(comparison?.note).toMatch(/comparable to GPT-3/);
    });

    it('"2023 年 3 月,AI21 Labs 发布 Jurrassic-2": the typo is an alias, the date is 2023-03', async () => {
      const j2 = await model('jurassic-2');
      expect(j2.vendor.slug).toBe('ai21-labs');
      expect(j2.releaseDate).toBe('2023-03');
      expect(j2.aliases).toContain('Jurrassic-2');
      expect(j2.nameEn).toBe('Jurassic-2');
      expect(j2.predecessor.slug).toBe('jurassic-1');
    });
  });

  describe('Claude', () => {
    it('Anthropic develops Claude 2, Claude 3 Haiku, Claude 3 Opus and Claude 3.5 Sonnet', async () => {
      expect(await vendorModels('anthropic')).toEqual(
        expect.arrayContaining(['claude-2', 'claude-3-haiku', 'claude-3-opus', 'claude-3-5-sonnet']),
      );
    });

    it('"Claude 3.5 Sonnet … 优于 Claude 3 Opus"', async () => {
      const sonnet = await model('claude-3-5-sonnet');
      expect(sonnet.releaseDate).toBe('2024-06-20');
      const comparison = sonnet.comparedWith.find((r: any) => r.to.slug === 'claude-3-opus');
      expect(comparison?.note).toMatch(/Outperforms Claude 3 Opus/);
    });

    it('"Anthropic 最智能、最先进的模型" is superseded', async () => {
      const c = claim(await model('claude-3-5-sonnet'), 'standing', "Anthropic's most intelligent model");
      expect(c.status).toBe('SUPERSEDED');
      expect(cites(c.citations, 'anthropic-2025-claude-3-7-sonnet')).toBe(true);
    });

    it('"Opus 是一种高度智能的模型 … 使用 Opus 自动执行任务,加速 … 研发"', async () => {
      const opus = await model('claude-3-opus');
      expect(opus.releaseDate).toBe('2024-03-04');
      expect(quotesSeed(opus.citations, 'Opus 是一种高度智能的模型')).toBe(true);
      expect(onlyClaim(opus, 'useCases').status).toBe('ACCEPTED');
      expect((await application('research-and-development')).nameZh).toBe('研发');
    });

    it('"Haiku 是 Anthropic 最快、最紧凑的模型 … 审核内容、优化库存管理、快速准确地进行翻译、汇总非结构化数据"', async () => {
      const haiku = await model('claude-3-haiku');
      expect(quotesSeed(haiku.citations, '最快、最紧凑的模型')).toBe(true);
      expect(slugs(haiku.capabilities)).toEqual(expect.arrayContaining(['translation', 'summarization', 'classification', 'conversation']));
      expect(slugs((await capability('classification')).applications)).toContain('content-moderation');
      expect((await application('inventory-management')).nameZh).toBe('库存管理');
    });

    it.each(['claude-2', 'claude-3-haiku', 'claude-3-opus', 'claude-3-5-sonnet'])('%s is offered on Amazon Bedrock', async (slug) => {
      expect(slugs((await model(slug)).platforms)).toContain('amazon-bedrock');
    });
  });

  describe('Cohere', () => {
    it('"Cohere 有两个 LLM": a generative model and a representation model', async () => {
      expect(await vendorModels('cohere')).toEqual(expect.arrayContaining(['cohere-command', 'cohere-embed']));
      expect((await model('cohere-command')).outputModalities).toEqual(['TEXT']);
      expect((await model('cohere-embed')).outputModalities).toEqual(['EMBEDDING']);
    });

    it('"功能与 GPT-3 相似的生成模型"', async () => {
      const comparison = (await model('cohere-command')).comparedWith.find((r: any) => r.to.slug === 'gpt-3');
      expect(comparison?.note).toMatch(/similar to GPT-3/);
    });

    it('"520 亿个参数" is a claim, not the parameter count', async () => {
      const command = await model('cohere-command');
      expect(command.parameterCount).toBeNull();
      const c = claim(command, 'parameterCount', '52000000000');
      expect(quotesSeed(c.citations, '520 亿个参数')).toBe(true);
    });

    it('"在许多方面的表现都优于 GPT-3" is disputed', async () => {
      expect(claim(await model('cohere-command'), 'outperforms', 'gpt-3').status).toBe('DISPUTED');
    });
  });

  describe('Stable Diffusion', () => {
    it('"文本到图像模型 … 该模型于 2022 年发布,其扩散模型使用噪声和降噪技术"', async () => {
      const sd = await model('stable-diffusion');
      expect(sd.releaseYear).toBe(2022);
      expect(sd.outputModalities).toEqual(['IMAGE']);
      expect(slugs(sd.architectures)).toContain('diffusion');
    });

    it('"规模小于竞争对手的扩散技术(例如 DALL-E 2) … 不需要广泛的计算基础设施"', async () => {
      const sd = await model('stable-diffusion');
      expect(sd.comparedWith.find((r: any) => r.to.slug === 'dall-e-2')?.note).toMatch(/Smaller than/);
      expect(slugs(sd.mitigates)).toContain('infrastructure-requirements');
      const dalle = await model('dall-e-2');
      expect(dalle.vendor.slug).toBe('openai');
      expect(slugs(dalle.architectures)).toContain('diffusion');
    });

    it('"可以在普通显卡上运行,甚至可以在搭载 Snapdragon Gen2 平台的智能手机上运行"', async () => {
      const runsOn = onlyClaim(await model('stable-diffusion'), 'runsOn');
      expect(runsOn.status).toBe('ACCEPTED');
      expect(runsOn.noteEn).toMatch(/Snapdragon 8 Gen 2/);
    });
  });

  describe('BLOOM', () => {
    it('"多语言模型,其架构与 GPT-3 类似 … 2022 年 … 1760 亿个参数"', async () => {
      const bloom = await model('bloom');
      expect(bloom.vendor.slug).toBe('bigscience');
      expect(bloom.releaseYear).toBe(2022);
      expect(bloom.parameterCount).toBe(176_000_000_000);
      expect(bloom.comparedWith.find((r: any) => r.to.slug === 'gpt-3')?.note).toMatch(/similar to GPT-3/);
    });

    it('"使用 384 个 Nvidia A100 GPU 进行为期 3.5 个月的训练"', async () => {
      expect(claim(await model('bloom'), 'trainingCompute', '384 Nvidia A100 GPUs for 3.5 months').status).toBe('ACCEPTED');
    });

    it('"检查点需要 330GB 的存储空间" accepted; "在具有 16GB RAM 的独立 PC 上运行" disputed', async () => {
      const bloom = await model('bloom');
      expect(claim(bloom, 'checkpointSize', '330GB').status).toBe('ACCEPTED');
      expect(claim(bloom, 'runsOn', 'standalone PC with 16GB RAM').status).toBe('DISPUTED');
    });

    it('"用 46 种语言创建文本,以及用 13 种编程语言编写代码"', async () => {
      const bloom = await model('bloom');
      expect(slugs(bloom.capabilities)).toEqual(expect.arrayContaining(['text-generation', 'code-generation']));
      expect(claim(bloom, 'languages', '46 natural languages and 13 programming languages').status).toBe('ACCEPTED');
    });

    it('"一千多名科学家和 Hugging Space 团队": the typo is an alias of Hugging Face', async () => {
      const data = await run(`{ vendor(slug: "hugging-face") { aliases } }`);
      expect(data.vendor.aliases).toContain('Hugging Space');
      expect(onlyClaim(await model('bloom'), 'contributors').noteEn).toMatch(/Hugging Face/);
    });
  });

  describe('Hugging Face', () => {
    it('"提供开源工具的平台 … 共享和探索模型与数据集"', async () => {
      const hub = await platform('hugging-face-hub');
      expect(hub.operator.slug).toBe('hugging-face');
      expect(slugs(hub.models.nodes)).toContain('bloom');
    });

    it('"近 20 万个模型和 30,000 个数据集" are superseded counts', async () => {
      const hub = await platform('hugging-face-hub');
      expect(claim(hub, 'modelCount', '200000').status).toBe('SUPERSEDED');
      expect(claim(hub, 'datasetCount', '30000').status).toBe('SUPERSEDED');
    });

    it('"个人会员资格是免费的,但付费订阅可提供更高级别的访问权限"', async () => {
      expect(onlyClaim(await platform('hugging-face-hub'), 'pricing').status).toBe('ACCEPTED');
    });
  });
});

// --- 根基模型面临哪些挑战? ----------------------------------------------------------

describe('根基模型面临哪些挑战? (challenges)', () => {
  it.each([
    ['infrastructure-requirements', '基础设施要求'],
    ['front-end-development', '前端开发'],
    ['lack-of-comprehension', '缺乏理解'],
    ['unreliable-answers', '不可靠的答案'],
    ['bias', '偏见'],
  ])('challenge %s (%s)', async (slug, zh) => {
    const c = await challenge(slug);
    expect(c.nameZh).toBe(zh);
    expect(c.citations.some((x: Cite) => x.source.slug === SEED)).toBe(true);
  });

  it('"非常昂贵 … 可能需要几个月的时间完成训练"', async () => {
    expect(claim(await challenge('infrastructure-requirements'), 'trainingDuration', 'months').status).toBe('ACCEPTED');
  });

  it('"快速工程、微调和管道工程": "快速工程" is recorded as prompt engineering', async () => {
    const c = onlyClaim(await challenge('front-end-development'), 'requiredTooling');
    expect(c.value).toMatch(/prompt engineering/);
    expect(c.noteEn).toMatch(/mistranslation/);
  });

  it('"很难理解提示的上下文 … 不具备社交或心理意识"', async () => {
    const c = await challenge('lack-of-comprehension');
    expect(quotesSeed(c.citations, '很难理解提示的上下文')).toBe(true);
    expect(quotesSeed(c.citations, '不具备社交或心理意识')).toBe(true);
  });

  it('"仔细筛选训练数据,并将特定规范编码到模型中"', async () => {
    expect(onlyClaim(await challenge('bias'), 'recommendedMitigation').status).toBe('ACCEPTED');
  });
});

// --- AWS 如何提供帮助? ---------------------------------------------------------------

describe('AWS 如何提供帮助? (how AWS helps)', () => {
  it('"Amazon Bedrock 是一项完全托管的服务 … 而无需管理基础设施"', async () => {
    const bedrock = await platform('amazon-bedrock');
    expect(bedrock.operator.slug).toBe('amazon');
    expect(slugs(bedrock.mitigates)).toContain('infrastructure-requirements');
    expect(slugs((await challenge('infrastructure-requirements')).mitigatedBy.nodes)).toContain('amazon-bedrock');
  });

  it('"来自 Amazon 和领先 AI 初创企业的根基模型"', async () => {
    const models = slugs((await platform('amazon-bedrock')).models.nodes);
    expect(models).toEqual(
      expect.arrayContaining([
        'titan-text',
        'titan-embeddings',
        'jurassic-2',
        'claude-2',
        'claude-3-haiku',
        'claude-3-opus',
        'claude-3-5-sonnet',
        'cohere-command',
        'cohere-embed',
        'llama-2',
        'stable-diffusion-xl',
      ]),
    );
  });

  it('"SageMaker JumpStart … 提供数百种根基模型的访问权限"', async () => {
    const jumpstart = await platform('sagemaker-jumpstart');
    expect(jumpstart.operator.slug).toBe('amazon');
    expect(claim(jumpstart, 'foundationModelCount', 'hundreds').status).toBe('ACCEPTED');
  });

  it('"持续添加新的根基模型,包括 Llama 2、Falcon 和 Stable Diffusion XL 1.0"', async () => {
    const models = slugs((await platform('sagemaker-jumpstart')).models.nodes);
    expect(models).toEqual(expect.arrayContaining(['llama-2', 'falcon', 'stable-diffusion-xl']));
  });

  it.each([
    ['llama-2', 'meta', '2023-07-18'],
    ['falcon', 'tii', '2023'],
    ['stable-diffusion-xl', 'stability-ai', '2023-07-26'],
  ])('%s is developed by %s, released %s', async (slug, vendor, date) => {
    const m = await model(slug);
    expect(m.vendor.slug).toBe(vendor);
    expect(m.releaseDate).toBe(date);
  });

  it('Stable Diffusion XL 1.0 succeeds Stable Diffusion', async () => {
    expect((await model('stable-diffusion-xl')).predecessor.slug).toBe('stable-diffusion');
    expect(slugs((await model('stable-diffusion')).successors)).toContain('stable-diffusion-xl');
  });
});
