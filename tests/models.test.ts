/** The `models` list: every filter, taxonomy subsumption, ordering and pagination. */
import { describe, expect, it } from 'vitest';
import { data, gql } from './helpers.ts';
import { closure, entries, modelsWhere } from './yaml-oracle.ts';

const slugsOf = (connection: { nodes: { slug: string }[] }) => connection.nodes.map((n) => n.slug);

async function modelSlugs(filter: Record<string, unknown>): Promise<string[]> {
  const { models } = await data(`query($filter: ModelFilter) { models(filter: $filter, first: 500) { totalCount nodes { slug } } }`, { filter });
  expect(models.totalCount).toBe(models.nodes.length);
  return slugsOf(models).sort();
}

const year = (model: { releaseDate?: string; [field: string]: unknown }) => (model.releaseDate ? Number(model.releaseDate.slice(0, 4)) : undefined);

describe('filters', () => {
  it('capabilities: a broad capability matches its sub-capabilities', async () => {
    const expected = modelsWhere('capabilities', closure('capabilities.yaml', 'language-processing'));
    const translators = modelsWhere('capabilities', new Set(['translation']));
    expect(translators.length).toBeGreaterThan(0);
    const answer = await modelSlugs({ capabilities: ['language-processing'] });
    expect(answer).toEqual(expected);
    for (const slug of translators) expect(answer).toContain(slug);
  });

  it('capabilities: several must all hold', async () => {
    const a = new Set(modelsWhere('capabilities', closure('capabilities.yaml', 'language-processing')));
    const b = modelsWhere('capabilities', closure('capabilities.yaml', 'code-generation'));
    expect(await modelSlugs({ capabilities: ['language-processing', 'code-generation'] })).toEqual(b.filter((s) => a.has(s)));
  });

  it('answers "which models support code generation?"', async () => {
    const answer = await modelSlugs({ capabilities: ['code-generation'] });
    expect(answer).toEqual(modelsWhere('capabilities', closure('capabilities.yaml', 'code-generation')));
    expect(answer).toContain('bloom');
  });

  it('architectures: transformer includes encoder and decoder transformers', async () => {
    const answer = await modelSlugs({ architectures: ['transformer'] });
    expect(answer).toEqual(modelsWhere('architectures', closure('architectures.yaml', 'transformer')));
    expect(answer).toEqual(expect.arrayContaining(['bert', 'gpt-1']));
    expect(await modelSlugs({ architectures: ['diffusion'] })).toEqual(expect.arrayContaining(['stable-diffusion']));
  });

  it('vendors and platforms: any of the given', async () => {
    const expected = entries('models.yaml').filter((m) => ['openai', 'google'].includes(m.vendor?.slug)).map((m) => m.slug).sort();
    expect(await modelSlugs({ vendors: ['openai', 'google'] })).toEqual(expected);
    expect(await modelSlugs({ platforms: ['amazon-bedrock', 'sagemaker-jumpstart'] })).toEqual(
      modelsWhere('platforms', new Set(['amazon-bedrock', 'sagemaker-jumpstart'])),
    );
  });

  it('answers "which models on Amazon Bedrock can translate?"', async () => {
    const onBedrock = new Set(modelsWhere('platforms', new Set(['amazon-bedrock'])));
    const expected = modelsWhere('capabilities', closure('capabilities.yaml', 'translation')).filter((s) => onBedrock.has(s));
    expect(expected.length).toBeGreaterThan(0);
    expect(await modelSlugs({ platforms: ['amazon-bedrock'], capabilities: ['translation'] })).toEqual(expected);
  });

  it('release years, inclusive', async () => {
    const expected = entries('models.yaml').filter((m) => (year(m) ?? 0) >= 2019 && (year(m) ?? 9999) <= 2022).map((m) => m.slug).sort();
    expect(await modelSlugs({ releasedFrom: 2019, releasedTo: 2022 })).toEqual(expected);
    expect(await modelSlugs({ releasedFrom: 2018, releasedTo: 2018 })).toEqual(expect.arrayContaining(['bert', 'gpt-1']));
  });

  it('parameter bounds leave out undisclosed counts', async () => {
    const expected = entries('models.yaml').filter((m) => m.parameterCount >= 1e9 && m.parameterCount <= 2e11).map((m) => m.slug).sort();
    const answer = await modelSlugs({ minParameters: 1e9, maxParameters: 2e11 });
    expect(answer).toEqual(expected);
    expect(answer).toContain('gpt-3');
    expect(answer).not.toContain('gpt-4');
  });

  it('modalities and open weights', async () => {
    const imageIn = entries('models.yaml').filter((m) => m.inputModalities?.includes('IMAGE')).map((m) => m.slug).sort();
    expect(await modelSlugs({ inputModalities: ['IMAGE'] })).toEqual(imageIn);
    const imageOut = entries('models.yaml').filter((m) => m.outputModalities?.includes('IMAGE')).map((m) => m.slug).sort();
    expect(await modelSlugs({ outputModalities: ['IMAGE'] })).toEqual(expect.arrayContaining(['stable-diffusion']));
    expect(await modelSlugs({ outputModalities: ['IMAGE'] })).toEqual(imageOut);
    const open = entries('models.yaml').filter((m) => m.openWeights === true).map((m) => m.slug).sort();
    expect(await modelSlugs({ openWeights: true })).toEqual(open);
  });

  it('datasets: trained on any of the given', async () => {
    expect(await modelSlugs({ datasets: ['bookcorpus'] })).toEqual(modelsWhere('trainingDatasets', new Set(['bookcorpus'])));
  });

  it.each([
    [{ capabilities: ['telepathy'] }, /Unknown capability "telepathy" in filter\.capabilities/],
    [{ architectures: ['lstm-9000'] }, /Unknown architecture "lstm-9000"/],
    [{ vendors: ['nobody'] }, /Unknown vendor "nobody" in filter\.vendors/],
    [{ platforms: ['nowhere'] }, /Unknown platform "nowhere"/],
    [{ datasets: ['nothing'] }, /Unknown dataset "nothing"/],
    [{ minParameters: -1 }, /minParameters must be a non-negative number/],
  ])('refuses %j with an error naming it', async (filter, message) => {
    const result = await gql(`query($filter: ModelFilter) { models(filter: $filter) { totalCount } }`, { filter });
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.data ?? null).toBeNull();
  });
});

describe('ordering', () => {
  async function ordered(field: string, direction: string) {
    const { models } = await data(`{ models(orderBy: { field: ${field}, direction: ${direction} }, first: 500) { nodes { slug name releaseDate parameterCount } } }`);
    return models.nodes as { slug: string; name: string; releaseDate: string | null; parameterCount: number | null }[];
  }

  it('by parameter count, both ways, nulls last', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const list = await ordered('PARAMETER_COUNT', direction);
      const known = list.filter((m) => m.parameterCount !== null).map((m) => m.parameterCount!);
      const firstNull = list.findIndex((m) => m.parameterCount === null);
      expect(list.slice(firstNull).every((m) => m.parameterCount === null)).toBe(true);
      expect(known).toEqual([...known].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
    }
    expect((await ordered('PARAMETER_COUNT', 'DESC'))[0]!.parameterCount).toBeGreaterThanOrEqual(1.75e11);
  });

  it('by release date, both ways, nulls last', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const list = await ordered('RELEASE_DATE', direction);
      const known = list.filter((m) => m.releaseDate !== null).map((m) => m.releaseDate!);
      expect(known).toEqual([...known].sort((a, b) => (direction === 'ASC' ? a.localeCompare(b) : b.localeCompare(a))));
      expect(list.slice(known.length).every((m) => m.releaseDate === null)).toBe(true);
    }
  });

  it('keeps name order among models with the same key (and among those without one), both ways', async () => {
    const namePlace = new Map((await ordered('NAME', 'ASC')).map((m, place) => [m.slug, place]));
    for (const field of ['RELEASE_DATE', 'PARAMETER_COUNT'] as const) {
      for (const direction of ['ASC', 'DESC']) {
        const list = await ordered(field, direction);
        const keyOf = (m: (typeof list)[number]) => (field === 'RELEASE_DATE' ? m.releaseDate : m.parameterCount);
        const ties = list.slice(1).filter((m, i) => keyOf(m) === keyOf(list[i]!));
        expect(ties.length).toBeGreaterThan(0);
        list.slice(1).forEach((m, i) => {
          if (keyOf(m) === keyOf(list[i]!)) expect(namePlace.get(m.slug)).toBeGreaterThan(namePlace.get(list[i]!.slug)!);
        });
      }
    }
  });

  it('by name, and by name when no order is given', async () => {
    const asc = await ordered('NAME', 'ASC');
    const names = asc.map((m) => m.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect((await ordered('NAME', 'DESC')).map((m) => m.slug)).toEqual(asc.map((m) => m.slug).reverse());
    const { models } = await data(`{ models(first: 500) { nodes { slug } } }`);
    expect(slugsOf(models)).toEqual(asc.map((m) => m.slug));
  });
});

describe('pagination', () => {
  const page = `query($first: Int, $after: String, $last: Int, $before: String) {
    models(first: $first, after: $after, last: $last, before: $before) {
      totalCount edges { cursor node { slug } } nodes { slug }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

  it('walks forward with first/after and back with last/before, covering every model once', async () => {
    const total = entries('models.yaml').length;
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { models } = await data(page, { first: 7, after });
      expect(models.totalCount).toBe(total);
      expect(models.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(slugsOf(models));
      forward.push(...slugsOf(models));
      if (!models.pageInfo.hasNextPage) break;
      after = models.pageInfo.endCursor;
    }
    expect(forward).toHaveLength(total);
    expect(new Set(forward).size).toBe(total);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const { models } = await data(page, { last: 7, before });
      backward.unshift(...slugsOf(models));
      if (!models.pageInfo.hasPreviousPage) break;
      before = models.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('uses a variable\'s default when the client leaves a non-null variable out', async () => {
    const { models } = await data(`query($first: Int! = 3) { models(first: $first) { nodes { slug } } }`);
    expect(models.nodes).toHaveLength(3);
  });

  it('takes the last items without a cursor', async () => {
    const all = slugsOf((await data(`{ models(first: 500) { nodes { slug } } }`)).models);
    const { models } = await data(page, { last: 3 });
    expect(slugsOf(models)).toEqual(all.slice(-3));
    expect(models.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it.each([
    [{ first: 501 }, /"first" is 501, over the page-size cap of 500/],
    [{ first: -1 }, /"first" must be a non-negative integer/],
    [{ last: 10_000 }, /"last" is 10000, over the page-size cap/],
    [{ first: 5, after: 'bm9wZQ==' }, /"after" is not a cursor this API issued/],
    [{ last: 5, before: '%%%' }, /"before" is not a cursor this API issued/],
  ])('refuses %j with a clear error', async (variables, message) => {
    const result = await gql(page, variables);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('nested model lists', () => {
  it('Capability.models rolls up sub-capabilities unless asked not to', async () => {
    const { capability } = await data(`{ capability(slug: "language-processing") {
      all: models(first: 500) { totalCount }
      direct: models(first: 500, includeSubcapabilities: false) { totalCount nodes { slug } } } }`);
    expect(capability.all.totalCount).toBe(modelsWhere('capabilities', closure('capabilities.yaml', 'language-processing')).length);
    expect(slugsOf(capability.direct).sort()).toEqual(modelsWhere('capabilities', new Set(['language-processing'])));
  });

  it('Vendor.models takes a filter and an order', async () => {
    const { vendor } = await data(`{ vendor(slug: "openai") { models(first: 50, orderBy: { field: RELEASE_DATE, direction: ASC }) { nodes { slug } } } }`);
    const expected = entries('models.yaml').filter((m) => m.vendor?.slug === 'openai');
    expect(slugsOf(vendor.models).sort()).toEqual(expected.map((m) => m.slug).sort());
    expect(slugsOf(vendor.models).indexOf('gpt-1')).toBeLessThan(slugsOf(vendor.models).indexOf('gpt-4'));
    const filtered = await data(`{ vendor(slug: "openai") { models(filter: { releasedFrom: 2020 }) { nodes { slug } } } }`);
    expect(slugsOf(filtered.vendor.models)).not.toContain('gpt-1');
  });

  it('every platform and dataset lists the models the data links to it', async () => {
    for (const platform of entries('platforms.yaml')) {
      const { platform: p } = await data(`query($s: String!) { platform(slug: $s) { models(first: 500) { nodes { slug } } } }`, { s: platform.slug });
      expect(slugsOf(p.models).sort()).toEqual(modelsWhere('platforms', new Set([platform.slug])));
    }
    for (const dataset of entries('datasets.yaml')) {
      const { dataset: d } = await data(`query($s: String!) { dataset(slug: $s) { models(first: 500) { nodes { slug } } } }`, { s: dataset.slug });
      expect(slugsOf(d.models).sort()).toEqual(modelsWhere('trainingDatasets', new Set([dataset.slug])));
    }
  });
});

