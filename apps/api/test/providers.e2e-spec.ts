import { ConsoleLogger } from '@nestjs/common';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { ProvidersService } from '../src/providers/providers.service';

/** Collects everything the app logs, at every level. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  private capture(message: unknown, rest: unknown[]) {
    this.lines.push(
      [message, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '),
    );
  }
  override log(message: unknown, ...rest: unknown[]) {
    this.capture(message, rest);
  }
  override warn(message: unknown, ...rest: unknown[]) {
    this.capture(message, rest);
  }
  override error(message: unknown, ...rest: unknown[]) {
    this.capture(message, rest);
  }
  override debug(message: unknown, ...rest: unknown[]) {
    this.capture(message, rest);
  }
  override verbose(message: unknown, ...rest: unknown[]) {
    this.capture(message, rest);
  }
}

describe('providers: configure where models are called, keys kept secret', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  const logger = new CapturingLogger();
  const bootstrapKey = 'sk-bootstrap-0123456789abcdef';

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp(
      {
        OPENAI_API_KEY: bootstrapKey,
        OPENAI_BASE_URL: `${fake.url}/v1`,
        OLLAMA_BASE_URL: fake.url,
        LOG_LEVEL: 'debug',
      },
      { logger },
    );
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('adds providers from the environment on first start, keeping the key write-only', async () => {
    const list = await t.http.get('/api/v1/providers').set(t.auth).expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['ollama', 'openai']);
    const openai = list.body.items.find((p: { name: string }) => p.name === 'openai');
    expect(openai).toMatchObject({ kind: 'openai', baseUrl: `${fake.url}/v1`, apiKeyLast4: 'cdef', enabled: true });
    expect(openai.models.map((m: { id: string }) => m.id)).toContain('gpt-4o-mini');
    expect(JSON.stringify(list.body)).not.toContain(bootstrapKey);

    // Start-up again (another replica, a restart): the operator's changes are kept.
    await t.http
      .patch('/api/v1/providers/openai')
      .set(t.auth)
      .send({ models: [{ id: 'gpt-4.1' }] })
      .expect(200);
    await t.app.get(ProvidersService).ensureDefaults(t.config.providerDefaults);
    const again = await t.http.get('/api/v1/providers/openai').set(t.auth).expect(200);
    expect(again.body.models).toEqual([{ id: 'gpt-4.1' }]);
  });

  it('creates, reads, updates and deletes a provider, auditing each change', async () => {
    const input = providerInput(fake.url, {
      models: [{ id: 'fake-normal', inputPricePerMTok: 0.5, outputPricePerMTok: 1.5 }],
    });
    const created = await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201);
    expect(created.body).toEqual({
      name: input.name,
      kind: 'openai-compatible',
      baseUrl: `${fake.url}/v1`,
      apiKeyLast4: input.apiKey.slice(-4),
      models: [{ id: 'fake-normal', inputPricePerMTok: 0.5, outputPricePerMTok: 1.5 }],
      enabled: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const dup = await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(409);
    expect(dup.body.code).toBe('PROVIDER_ALREADY_EXISTS');

    const updated = await t.http
      .patch(`/api/v1/providers/${input.name}`)
      .set(t.auth)
      .send({ baseUrl: `${fake.url}/v1/`, apiKey: 'sk-rotated-key-9876', enabled: false })
      .expect(200);
    expect(updated.body).toMatchObject({ baseUrl: `${fake.url}/v1`, apiKeyLast4: '9876', enabled: false });
    const cleared = await t.http
      .patch(`/api/v1/providers/${input.name}`)
      .set(t.auth)
      .send({ apiKey: null })
      .expect(200);
    expect(cleared.body.apiKeyLast4).toBeNull();

    await t.http.delete(`/api/v1/providers/${input.name}`).set(t.auth).expect(204);
    const gone = await t.http.get(`/api/v1/providers/${input.name}`).set(t.auth).expect(404);
    expect(gone.body.code).toBe('PROVIDER_NOT_FOUND');

    const audit = await t.dataSource.query(
      `SELECT action, summary FROM audit_log WHERE target_type = 'provider' AND target_id = ? ORDER BY id`,
      [input.name],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'provider.create',
      'provider.update',
      'provider.update',
      'provider.delete',
    ]);
    expect(JSON.stringify(audit)).not.toContain(input.apiKey);
    expect(JSON.stringify(audit)).not.toContain('sk-rotated-key-9876');
  });

  it('checks what a provider needs before saving it', async () => {
    const noUrl = await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send(providerInput(fake.url, { baseUrl: undefined }))
      .expect(400);
    expect(noUrl.body.errors).toEqual([{ field: 'baseUrl', message: 'an openai-compatible provider needs a baseUrl' }]);
    const noKey = await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send(providerInput(fake.url, { kind: 'anthropic', baseUrl: undefined, apiKey: undefined }))
      .expect(400);
    expect(noKey.body.errors[0].field).toBe('apiKey');
    await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send(providerInput(fake.url, { name: 'Not Valid' }))
      .expect(400);
    await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send(providerInput(fake.url, { kind: 'bedrock' }))
      .expect(400);
    await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send(providerInput(fake.url, { baseUrl: 'ftp://x' }))
      .expect(400);
    await t.http.get('/api/v1/providers').expect(401);
  });

  it('tests a connection with a one-token completion or the model list', async () => {
    const input = providerInput(fake.url, { models: [{ id: 'fake-normal' }] });
    await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201);
    const byModel = await t.http.post(`/api/v1/providers/${input.name}/test`).set(t.auth).send({}).expect(200);
    expect(byModel.body).toMatchObject({ ok: true, model: 'fake-normal', models: null, latencyMs: expect.any(Number) });
    expect(fake.requests.at(-1)!.body).toMatchObject({ model: 'fake-normal', max_tokens: 1 });

    const byList = await t.http.post('/api/v1/providers/ollama/test').set(t.auth).send({}).expect(200);
    expect(byList.body).toMatchObject({ ok: true, model: null, models: ['fake-normal', 'fake-echo'] });

    const refused = await t.http
      .post(`/api/v1/providers/${input.name}/test`)
      .set(t.auth)
      .send({ model: 'fake-401' })
      .expect(502);
    expect(refused.body.code).toBe('PROVIDER_AUTH_FAILED');
  });

  it('never shows a key in answers, the database or the logs, even when the provider quotes it', async () => {
    const secret = 'sk-very-secret-key-do-not-leak-4242';
    const input = providerInput(fake.url, { apiKey: secret, models: [] });
    const bodies: unknown[] = [];
    const record = <T extends { body: unknown; text: string }>(res: T) => {
      bodies.push(res.text);
      return res;
    };
    record(await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201));
    record(await t.http.get('/api/v1/providers').set(t.auth).expect(200));
    record(await t.http.get(`/api/v1/providers/${input.name}`).set(t.auth).expect(200));
    record(await t.http.patch(`/api/v1/providers/${input.name}`).set(t.auth).send({ enabled: true }).expect(200));

    // The fake answers 401 quoting the key it received, as OpenAI does (masked there, not here).
    const prompt = promptInput();
    await t.http.post('/api/v1/prompts').set(t.auth).send(prompt).expect(201);
    const failed = record(
      await t.http
        .post('/api/v1/playground/runs')
        .set(t.auth)
        .send({ prompt: prompt.name, version: 1, variables: { topic: 'x' }, provider: input.name, model: 'fake-401' })
        .expect(502),
    );
    expect(failed.body.detail).toContain('Incorrect API key provided: ***');
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${secret}`);
    const streamed = record(
      await t.http
        .post('/api/v1/playground/runs')
        .set(t.auth)
        .send({
          prompt: prompt.name,
          version: 1,
          variables: { topic: 'x' },
          provider: input.name,
          model: 'fake-401',
          stream: true,
        })
        .expect(200),
    );
    expect(streamed.text).toContain('PROVIDER_AUTH_FAILED');
    const runs = record(await t.http.get('/api/v1/playground/runs').set(t.auth).expect(200));
    record(await t.http.get(`/api/v1/playground/runs/${runs.body.items[0].id}`).set(t.auth).expect(200));

    for (const body of bodies) expect(body).not.toContain(secret);

    const [row] = await t.dataSource.query('SELECT * FROM providers WHERE name = ?', [input.name]);
    expect(row.api_key_encrypted).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    const tables = ['runs', 'audit_log'];
    for (const table of tables) {
      expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM ${table}`))).not.toContain(secret);
    }

    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain(secret);
    expect(logger.lines.join('\n')).not.toContain(bootstrapKey);
  });
});
