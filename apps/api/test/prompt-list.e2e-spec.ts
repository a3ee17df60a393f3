import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

type Item = { name: string; deployments: { environment: string; version: number }[] };

describe('prompt list: deployments, search, tag and folder filters, sorting, folders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const create = (overrides: Record<string, unknown>) =>
    t.http.post('/api/v1/prompts').set(t.auth).send(promptInput(overrides)).expect(201);
  const list = (query: Record<string, string | number | boolean>) =>
    t.http
      .get('/api/v1/prompts')
      .query({ pageSize: 100, ...query })
      .set(t.auth);
  const names = async (query: Record<string, string | number | boolean>) => {
    const res = await list(query).expect(200);
    return (res.body.items as Item[]).map((p) => p.name);
  };

  it('names the version each environment serves, in environment order', async () => {
    await create({ name: 'served', folder: 'served', status: 'published' });
    await create({ name: 'unserved', folder: 'served' });
    await t.http
      .post('/api/v1/prompts/served/versions')
      .set(t.auth)
      .send({ template: 'Second {{ topic }}', variablesMeta: [{ name: 'topic', type: 'string' }], status: 'published' })
      .expect(201);
    await t.http.put('/api/v1/prompts/served/deployments/prod').set(t.auth).send({ version: 1 }).expect(200);
    await t.http.put('/api/v1/prompts/served/deployments/staging').set(t.auth).send({ version: 2 }).expect(200);

    const res = await list({ folder: 'served', sort: 'name' }).expect(200);
    const [served, unserved] = res.body.items as Item[];
    expect(served.name).toBe('served');
    expect(served.deployments).toEqual([
      { environment: 'staging', version: 2 },
      { environment: 'prod', version: 1 },
    ]);
    expect(unserved.deployments).toEqual([]);
  });

  it('searches name, display name, folder, tags and description, ignoring case', async () => {
    await create({ name: 'srch-name-zebra', displayName: 'One', folder: 'srch', tags: [], description: null });
    await create({ name: 'srch-display', displayName: 'The ZEBRA prompt', folder: 'srch', tags: [] });
    await create({ name: 'srch-folder', folder: 'srch/zebras', tags: [] });
    await create({ name: 'srch-tag', folder: 'srch', tags: ['Zebra-Crossing'] });
    await create({ name: 'srch-desc', folder: 'srch', tags: [], description: 'Answers questions about zebras.' });
    await create({ name: 'srch-none', folder: 'srch', tags: ['horse'], description: 'Nothing striped' });

    expect((await names({ search: 'zEbRa', folder: 'srch', sort: 'name' })).sort()).toEqual(
      ['srch-desc', 'srch-display', 'srch-folder', 'srch-name-zebra', 'srch-tag'].sort(),
    );
    expect(await names({ search: 'crossing', folder: 'srch' })).toEqual(['srch-tag']);
    expect(await names({ search: 'striped', folder: 'srch' })).toEqual(['srch-none']);
  });

  it('matches a search inside tags literally, not the JSON around them', async () => {
    await create({ name: 'lit-pct', folder: 'lit', tags: ['50%_off'] });
    await create({ name: 'lit-plain', folder: 'lit', tags: ['500 off', 'plain'] });
    await create({ name: 'lit-quote', folder: 'lit', tags: ['say "hi"'] });

    expect(await names({ search: '50%_', folder: 'lit' })).toEqual(['lit-pct']);
    expect(await names({ search: '"hi"', folder: 'lit' })).toEqual(['lit-quote']);
    // The separators of the stored JSON array are not text anyone typed.
    expect(await names({ search: '","', folder: 'lit' })).toEqual([]);
    expect(await names({ search: '"plain', folder: 'lit' })).toEqual([]);
  });

  it('filters by one exact tag, whatever characters the tags hold', async () => {
    const tags: Record<string, string[]> = {
      't-a': ['a'],
      't-ab': ['ab'],
      't-upper': ['A'],
      't-both': ['x', 'a'],
      't-quote': ['x","a'],
      't-pct': ['50%'],
      't-pct-like': ['500'],
      't-under': ['a_b'],
      't-under-like': ['axb'],
      't-zh': ['客服'],
      't-backslash': ['back\\slash'],
    };
    for (const [name, promptTags] of Object.entries(tags)) await create({ name, folder: 'tagged', tags: promptTags });

    const byTag = async (tag: string) => (await names({ tag, folder: 'tagged', sort: 'name' })).sort();
    expect(await byTag('a')).toEqual(['t-a', 't-both']);
    expect(await byTag('A')).toEqual(['t-upper']);
    expect(await byTag('ab')).toEqual(['t-ab']);
    expect(await byTag('x","a')).toEqual(['t-quote']);
    expect(await byTag('50%')).toEqual(['t-pct']);
    expect(await byTag('5%')).toEqual([]);
    expect(await byTag('a_b')).toEqual(['t-under']);
    expect(await byTag('客服')).toEqual(['t-zh']);
    expect(await byTag('back\\slash')).toEqual(['t-backslash']);
    expect(await byTag('"a"')).toEqual([]);
    expect(await byTag('')).toEqual([]);
  });

  it('lists a folder with its sub-folders, but not folders that merely start alike', async () => {
    await create({ name: 'f-root', folder: 'support' });
    await create({ name: 'f-child', folder: 'support/billing' });
    await create({ name: 'f-grandchild', folder: 'support/billing/eu' });
    await create({ name: 'f-sibling', folder: 'supportive' });
    await create({ name: 'f-wild', folder: 'sup%rt/x' });

    expect(await names({ folder: 'support', sort: 'name' })).toEqual(['f-child', 'f-grandchild', 'f-root']);
    expect(await names({ folder: 'support/billing', sort: 'name' })).toEqual(['f-child', 'f-grandchild']);
    expect(await names({ folder: 'sup%rt', sort: 'name' })).toEqual(['f-wild']);
  });

  it('sorts by the column asked for, either way, and pages in that order', async () => {
    await create({ name: 'sort-b', displayName: 'Charlie', folder: 'sorting' });
    await create({ name: 'sort-c', displayName: 'alpha', folder: 'sorting' });
    await create({ name: 'sort-a', displayName: 'Bravo', folder: 'sorting' });

    expect(await names({ folder: 'sorting', sort: 'name' })).toEqual(['sort-a', 'sort-b', 'sort-c']);
    expect(await names({ folder: 'sorting', sort: 'name', order: 'desc' })).toEqual(['sort-c', 'sort-b', 'sort-a']);
    expect(await names({ folder: 'sorting', sort: 'createdAt', order: 'asc' })).toEqual(['sort-b', 'sort-c', 'sort-a']);
    // Newest change first when nothing is asked for.
    expect(await names({ folder: 'sorting' })).toEqual(['sort-a', 'sort-c', 'sort-b']);

    await t.http.patch('/api/v1/prompts/sort-b').set(t.auth).send({ description: 'touched' }).expect(200);
    expect(await names({ folder: 'sorting', sort: 'updatedAt' })).toEqual(['sort-b', 'sort-a', 'sort-c']);

    const page2 = await list({ folder: 'sorting', sort: 'name', order: 'desc', page: 2, pageSize: 2 }).expect(200);
    expect(page2.body.total).toBe(3);
    expect(page2.body.items.map((p: Item) => p.name)).toEqual(['sort-a']);
  });

  it('refuses an unknown sort column or order with a problem naming the field', async () => {
    const res = await list({ sort: 'password', order: 'sideways' }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['order', 'sort']);
  });

  it('lists the folders in use with their direct counts, optionally only enabled prompts', async () => {
    await create({ name: 'cnt-1', folder: 'counted' });
    await create({ name: 'cnt-2', folder: 'counted' });
    await create({ name: 'cnt-3', folder: 'counted/deeper' });
    await create({ name: 'cnt-none', folder: '' });
    await t.http.post('/api/v1/prompts/cnt-2/disable').set(t.auth).expect(200);

    const all = await t.http.get('/api/v1/prompt-folders').set(t.auth).expect(200);
    expect(all.body).toEqual(
      expect.arrayContaining([
        { folder: 'counted', count: 2 },
        { folder: 'counted/deeper', count: 1 },
      ]),
    );
    expect(all.body.every((f: { folder: string | null }) => typeof f.folder === 'string' && f.folder)).toBe(true);

    const enabled = await t.http.get('/api/v1/prompt-folders').query({ enabled: true }).set(t.auth).expect(200);
    expect(enabled.body).toEqual(expect.arrayContaining([{ folder: 'counted', count: 1 }]));

    await t.http.get('/api/v1/prompt-folders').query({ enabled: 'maybe' }).set(t.auth).expect(400);
    await t.http.get('/api/v1/prompt-folders').expect(401);
  });
});
