import type { TestApp } from '../harness';
import { promptInput } from './prompt.factory';

/** A published prompt deployed to prod; answers its name. */
export async function deployedPrompt(t: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const input = promptInput({ status: 'published', ...overrides });
  await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
  await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
  return input.name;
}

/** A new API key's secret. */
export async function apiKey(t: TestApp, scopes: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const created = await t.http
    .post('/api/v1/api-keys')
    .set(t.auth)
    .send({ name: 'svc', scopes, rateLimitPerMinute: 1000, ...extra })
    .expect(201);
  return created.body.key as string;
}
