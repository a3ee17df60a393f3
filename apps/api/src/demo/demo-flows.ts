import { CreateFlowDto } from '../flows/dto/create-flow.dto';

/**
 * A flow over the published demo prompts: the Chinese and English descriptions are written in
 * parallel, then a support agent announces the product from both. Steps pin version 1 so that
 * the flow runs wherever the demo prompts' models are set up, deployed or not.
 */
export const DEMO_FLOWS: CreateFlowDto[] = [
  {
    name: 'product-launch',
    displayName: 'Product launch (flow)',
    description:
      'Writes the Chinese and English product descriptions in parallel, then an announcement from both. Shows a flow with a parallel branch.',
    folder: 'marketing',
    tags: ['flow', 'multilingual'],
    inputs: [
      { name: 'product_name', type: 'string', required: true, description: 'Product name, e.g. 青花瓷茶杯' },
      {
        name: 'highlight',
        type: 'string',
        required: false,
        default: '手工制作 handmade',
        description: 'What to emphasise',
      },
    ],
    definition: {
      steps: [
        {
          id: 'zh',
          label: '中文描述',
          prompt: { name: 'product-description', version: 1 },
          inputs: { language: 'zh', product_name: '{{ inputs.product_name }}', highlight: '{{ inputs.highlight }}' },
        },
        {
          id: 'en',
          label: 'English description',
          prompt: { name: 'product-description', version: 1 },
          inputs: { language: 'en', product_name: '{{ inputs.product_name }}', highlight: '{{ inputs.highlight }}' },
        },
        {
          id: 'announce',
          label: 'Announcement',
          prompt: { name: 'support-reply', version: 1 },
          inputs: {
            product: '{{ inputs.product_name }}',
            message:
              'Please announce our new product to customers, using these descriptions:\n{{ steps.en.output }}\n{{ steps.zh.output }}',
          },
        },
      ],
      output: '{{ steps.announce.output }}',
    },
    comment: 'First version',
    status: 'published',
  },
];
