import { randomBytes } from 'node:crypto';

let sequence = 0;

/** A valid create-dataset body; override what the test is about. */
export function datasetInput(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    name: `dataset-${sequence}-${randomBytes(3).toString('hex')}`,
    description: 'Made by a test',
    items: [
      { input: { question: 'How do I reset my password?', tone: 'friendly' }, expected: 'Use the reset link.' },
      { input: { question: 'Can I pay by invoice?' }, expected: { answer: 'yes' }, metadata: { source: 'sales' } },
    ],
    ...overrides,
  };
}
