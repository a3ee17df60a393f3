import { CreateDatasetDto } from '../datasets/dto/create-dataset.dto';

/**
 * Cases for the demo `support-reply` prompt, so that a first experiment needs only a provider:
 * each message with what a good reply must say (for the `eval-judge` or `contains` scorers).
 */
export const DEMO_DATASETS: CreateDatasetDto[] = [
  {
    name: 'support-messages',
    description: 'Customer messages for the support-reply prompt, with what a good reply must say.',
    inputSchema: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
    items: [
      { input: { message: 'How do I reset my password?' }, expected: 'Forgot password' },
      { input: { message: 'Can I export all my data?' }, expected: 'Export' },
      { input: { message: 'I was charged twice this month.' }, expected: 'refund' },
      { input: { message: 'Do you offer a discount for non-profits?' }, expected: 'discount' },
      { input: { message: '我忘记密码了，怎么办？' }, expected: 'Forgot password' },
      { input: { message: 'How do I invite a teammate?' }, expected: 'invite' },
      { input: { message: 'Is my data stored in the EU?' }, expected: 'EU' },
      { input: { message: 'Can I cancel my subscription at any time?' }, expected: 'cancel' },
    ],
  },
];
