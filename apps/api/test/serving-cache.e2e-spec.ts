import { cacheKeys, ServingCache } from '../src/cluster/serving-cache';
import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

/** What a backend service sees right after an operator changes a prompt in the console. */
describe('serving: every change that affects what is served is seen at once', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startApp();
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'svc', scopes: ['render', 'read'], rateLimitPerMinute: 100_000 })
      .expect(201);
    key = created.body.key;
  });
  afterAll(() => t.close());

  /** A prompt whose draft version 1 is deployed in dev. */
  async function draftInDev(): Promise<string> {
    const input = promptInput({ template: 'Hello {{ topic }}' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/dev`).set(t.auth).send({ version: 1 }).expect(200);
    return input.name;
  }
  const render = (name: string) =>
    t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ environment: 'dev', variables: { topic: 'tea' } })
      .expect(200);
  const resolved = (name: string, etag?: string) => {
    const req = t.http.get(`/api/v1/prompts/${name}/resolved?environment=dev`).set('X-API-Key', key);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  it('shows a service the new status of the deployed version as soon as it is published or archived', async () => {
    const name = await draftInDev();
    expect((await render(name)).body).toMatchObject({ text: 'Hello tea', version: 1, environment: 'dev' });
    const draft = await resolved(name).expect(200);
    expect(draft.body).toMatchObject({ version: 1, status: 'draft' });

    await t.http.post(`/api/v1/prompts/${name}/versions/1/publish`).set(t.auth).expect(200);
    const published = await resolved(name, draft.headers.etag).expect(200);
    expect(published.body).toMatchObject({ version: 1, status: 'published' });
    expect(published.headers.etag).not.toBe(draft.headers.etag);
    await resolved(name, published.headers.etag).expect(304);

    await t.http.post(`/api/v1/prompts/${name}/versions/1/archive`).set(t.auth).expect(200);
    expect((await resolved(name).expect(200)).body).toMatchObject({ version: 1, status: 'archived' });
    expect((await render(name)).body).toMatchObject({ text: 'Hello tea', version: 1 });
  });

  it('drops what serving cached of a prompt when its metadata changes or another version becomes latest', async () => {
    const name = await draftInDev();
    const cache = t.app.get(ServingCache);
    const cached = () => cache.get(cacheKeys.resolved(name, 'dev'));
    await render(name);
    expect(cached()).toBeDefined();

    await t.http.patch(`/api/v1/prompts/${name}`).set(t.auth).send({ displayName: 'Renamed' }).expect(200);
    expect(cached()).toBeUndefined();

    await t.http.post(`/api/v1/prompts/${name}/versions`).set(t.auth).send({ template: 'Hi {{ topic }}' }).expect(201);
    await render(name);
    expect(cached()).toBeDefined();
    await t.http.post(`/api/v1/prompts/${name}/versions/1/make-latest`).set(t.auth).expect(200);
    expect(cached()).toBeUndefined();
    expect((await render(name)).body).toMatchObject({ text: 'Hello tea', version: 1 });
  });

  it('stops serving a disabled prompt at once and serves it again once it is enabled', async () => {
    const name = await draftInDev();
    await render(name);
    await t.http.post(`/api/v1/prompts/${name}/disable`).set(t.auth).expect(200);
    const gone = await resolved(name).expect(410);
    expect(gone.body.code).toBe('PROMPT_RETIRED');
    await t.http.post(`/api/v1/prompts/${name}/enable`).set(t.auth).expect(200);
    expect((await resolved(name).expect(200)).body).toMatchObject({ version: 1, status: 'draft' });
  });
});
