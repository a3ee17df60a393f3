import { randomBytes } from 'node:crypto';

let sequence = 0;

/** A create-provider body for an OpenAI-compatible server (the fake one in tests); override what the test is about. */
export function providerInput(baseUrl: string, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    name: `provider-${sequence}-${randomBytes(3).toString('hex')}`,
    kind: 'openai-compatible',
    baseUrl: `${baseUrl}/v1`,
    apiKey: `sk-test-${randomBytes(12).toString('hex')}`,
    models: [],
    ...overrides,
  };
}
