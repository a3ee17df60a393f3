import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { startApp, TestApp } from './harness';
import { Tracing } from '../src/telemetry/tracing';

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values: OtlpValue[] };
};
interface OtlpExport {
  resourceSpans?: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number };
}

/** A collector in the test: receives OTLP/HTTP JSON export requests and keeps them. */
class OtlpReceiver {
  readonly requests: Array<{ path: string; contentType?: string; body: OtlpExport }> = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => {
        receiver.requests.push({
          path: request.url ?? '',
          contentType: request.headers['content-type'],
          body: JSON.parse(text),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  spans(): Array<OtlpSpan & { service?: string }> {
    return this.requests.flatMap((r) =>
      (r.body.resourceSpans ?? []).flatMap((rs) => {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, service })));
      }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A span's attributes as plain values. */
function attributes(span: OtlpSpan): Record<string, unknown> {
  const plain = (v: OtlpValue): unknown =>
    v.stringValue ??
    (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
    v.doubleValue ??
    v.arrayValue?.values.map(plain);
  return Object.fromEntries(span.attributes.map((a) => [a.key, plain(a.value)]));
}

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let fake: FakeLlmServer;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  describe('when set', () => {
    let t: TestApp;
    let provider: string;
    let prompt: string;
    let key: string;

    beforeAll(async () => {
      t = await startApp({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'promptops-test' });
      const created = providerInput(fake.url);
      await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
      provider = created.name;
      const input = promptInput({
        modelConfig: { provider, model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 64 },
        status: 'published',
      });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      prompt = input.name;
      key = await apiKey(t, ['run', 'render']);
    });
    afterAll(() => t.close());

    /** The spans exported since `before` requests, once the app has flushed them. */
    async function exportedSince(before: number) {
      await t.app.get(Tracing).flush();
      return receiver.spans().slice(before);
    }

    it('continues the caller’s trace: a server span per run call and a child span per model call', async () => {
      const before = receiver.spans().length;
      const traceId = randomBytes(16).toString('hex');
      const parentId = randomBytes(8).toString('hex');
      const res = await t.http
        .post(`/api/v1/run/${prompt}`)
        .set('X-API-Key', key)
        .set('traceparent', `00-${traceId}-${parentId}-01`)
        .send({ variables: { topic: 'rain' } })
        .expect(200);

      const spans = await exportedSince(before);
      expect(receiver.requests.at(-1)).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
      const server = spans.find((s) => s.name === 'POST /api/v1/run/:name')!;
      expect(server).toMatchObject({ traceId, parentSpanId: parentId, kind: SERVER, service: 'promptops-test' });
      expect(attributes(server)).toMatchObject({
        'http.request.method': 'POST',
        'http.route': '/api/v1/run/:name',
        'http.response.status_code': 200,
        'promptops.prompt.name': prompt,
      });
      const model = spans.find((s) => s.name === 'chat gpt-4o-mini')!;
      expect(model).toMatchObject({ traceId, parentSpanId: server.spanId, kind: CLIENT });
      expect(attributes(model)).toEqual({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai-compatible',
        'gen_ai.provider.name': 'openai-compatible',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.request.temperature': 0.3,
        'gen_ai.request.max_tokens': 64,
        'gen_ai.usage.input_tokens': FAKE_USAGE.prompt_tokens,
        'gen_ai.usage.output_tokens': FAKE_USAGE.completion_tokens,
        'gen_ai.response.finish_reasons': ['stop'],
        'promptops.provider': provider,
        'promptops.prompt.name': prompt,
        'promptops.prompt.version': 1,
        'promptops.environment': 'prod',
        'promptops.run.id': res.body.runId,
      });
    });

    it('traces the console’s run route, renders and webhooks the same way (Nest routes)', async () => {
      const before = receiver.spans().length;
      await t.http
        .post(`/api/v1/run/${prompt}`)
        .set(t.auth)
        .send({ variables: { topic: 'a' } })
        .expect(200);
      await t.http
        .post(`/api/v1/prompts/${prompt}/render`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'b' } })
        .expect(200);
      const { secret } = (
        await t.http.post(`/api/v1/prompts/${prompt}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
      ).body;
      await t.http.post(`/api/webhooks/${secret}`).send({ topic: 'c' }).expect(200);

      const spans = await exportedSince(before);
      const names = spans.filter((s) => s.kind === SERVER).map((s) => s.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'POST /api/v1/run/:name',
          'POST /api/v1/prompts/:name/render',
          'POST /api/webhooks/:secret',
        ]),
      );
      // The webhook's secret is in no span.
      expect(JSON.stringify(receiver.requests)).not.toContain(secret);
      const webhook = spans.find((s) => s.name === 'POST /api/webhooks/:secret')!;
      const child = spans.find((s) => s.kind === CLIENT && s.parentSpanId === webhook.spanId)!;
      expect(child.traceId).toBe(webhook.traceId);
      expect(attributes(child)['promptops.prompt.name']).toBe(prompt);
    });

    it('traces a flow execution with a model-call span per step', async () => {
      const step = promptInput({
        template: 'Say {{ text }}',
        variablesMeta: [],
        modelConfig: { provider, model: 'gpt-4o-mini' },
        status: 'published',
      });
      await t.http.post('/api/v1/prompts').set(t.auth).send(step).expect(201);
      await t.http.put(`/api/v1/prompts/${step.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      const flow = `flow-${randomBytes(3).toString('hex')}`;
      const definition = {
        steps: [{ id: 'a', prompt: { name: step.name, version: 1 }, inputs: { text: 'hi' } }],
        output: '{{ steps.a.output }}',
      };
      await t.http
        .post('/api/v1/flows')
        .set(t.auth)
        .send({ name: flow, displayName: 'Traced flow', inputs: [], definition, status: 'published' })
        .expect(201);
      await t.http.put(`/api/v1/prompts/${flow}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      const before = receiver.spans().length;
      await t.http.post(`/api/v1/flows/${flow}/execute`).set('X-API-Key', key).send({}).expect(200);

      const spans = await exportedSince(before);
      const server = spans.find((s) => s.name === 'POST /api/v1/flows/:name/execute')!;
      expect(attributes(server)).toMatchObject({ 'promptops.prompt.name': flow, 'http.response.status_code': 200 });
      const model = spans.find((s) => s.kind === CLIENT && s.traceId === server.traceId)!;
      expect(model.parentSpanId).toBe(server.spanId);
      expect(attributes(model)['promptops.prompt.name']).toBe(step.name);
    });

    it('marks a failed model call and its serving call as errors', async () => {
      const input = promptInput({ modelConfig: { provider, model: 'fake-500' }, status: 'published' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      const before = receiver.spans().length;
      await t.http
        .post(`/api/v1/run/${input.name}`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'x' } })
        .expect(502);

      const spans = await exportedSince(before);
      const model = spans.find((s) => s.name === 'chat fake-500')!;
      expect(model.status?.code).toBe(ERROR);
      expect(attributes(model)['error.type']).toBe('PROVIDER_ERROR');
      const server = spans.find((s) => s.spanId === model.parentSpanId)!;
      expect(server.status?.code).toBe(ERROR);
      expect(attributes(server)['http.response.status_code']).toBe(502);
    });

    it('exports nothing from an app without the variable, even beside a traced one', async () => {
      const untraced = await startApp();
      try {
        const created = providerInput(fake.url);
        await untraced.http.post('/api/v1/providers').set(untraced.auth).send(created).expect(201);
        const input = promptInput({
          modelConfig: { provider: created.name, model: 'gpt-4o-mini' },
          status: 'published',
        });
        await untraced.http.post('/api/v1/prompts').set(untraced.auth).send(input).expect(201);
        await untraced.http
          .put(`/api/v1/prompts/${input.name}/deployments/prod`)
          .set(untraced.auth)
          .send({ version: 1 })
          .expect(200);
        const key = await apiKey(untraced, ['run']);
        await untraced.http
          .post(`/api/v1/run/${input.name}`)
          .set('X-API-Key', key)
          .set('traceparent', `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`)
          .send({ variables: { topic: 'rain' } })
          .expect(200);
        expect(untraced.app.get(Tracing).enabled).toBe(false);
        await untraced.stop();
        // Spans go through this process's one context manager, but only the traced app exports.
        await t.app.get(Tracing).flush();
        expect(JSON.stringify(receiver.requests)).not.toContain(input.name);
      } finally {
        await untraced.close();
      }
    });
  });
});
