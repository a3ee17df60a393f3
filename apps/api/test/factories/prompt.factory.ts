import { randomBytes } from 'node:crypto';

let sequence = 0;

/** A valid create-prompt body; override what the test is about. */
export function promptInput(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    name: `prompt-${sequence}-${randomBytes(3).toString('hex')}`,
    displayName: `Prompt ${sequence}`,
    description: 'Made by a test',
    folder: 'tests',
    tags: ['test'],
    template: 'Write a short poem about {{ topic }}.',
    variablesMeta: [{ name: 'topic', type: 'string', required: true }],
    modelConfig: { model: 'gpt-4o-mini', temperature: 0.5 },
    comment: 'first',
    ...overrides,
  };
}
