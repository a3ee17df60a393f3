import { CreatePromptDto } from '../prompts/dto/create-prompt.dto';

/**
 * The default judge of the evaluation lab's `llm_judge` scorer: rendered with the dataset
 * item's `input`, the model's `output` and the `expected` answer, it asks for a JSON verdict.
 */
export const EVAL_JUDGE_PROMPT: CreatePromptDto = {
  name: 'eval-judge',
  displayName: 'Evaluation judge',
  description:
    'Scores a model output against the expected answer, as JSON {"score": 0..1, "reason": "…"}. The default judge of the llm_judge scorer in experiments.',
  folder: 'evaluation',
  tags: ['judge', 'evaluation'],
  template: [
    "You are a strict and fair evaluator of an AI assistant's answers.",
    '',
    'Compare the OUTPUT with the EXPECTED answer, given the INPUT the assistant received:',
    '- score 1 when the output gives the expected answer (the wording may differ);',
    '- score 0 when it is wrong, missing, or contradicts the expected answer;',
    '- a score in between when it is partly right or right but padded with errors.',
    'When no expected answer is given, score how well the output answers the input.',
    'Judge the content only, not the style or the language it is written in.',
    '',
    'Answer with JSON only, nothing before or after it:',
    '{"score": <a number from 0 to 1>, "reason": "<one short sentence>"}',
    '',
    '<input>',
    '{{ input }}',
    '</input>',
    '<expected>',
    '{% if expected is defined and expected is not none %}{{ expected }}{% else %}(none given){% endif %}',
    '</expected>',
    '<output>',
    '{{ output }}',
    '</output>',
  ].join('\n'),
  variablesMeta: [
    { name: 'input', type: 'json', required: true, description: "The dataset item's variables" },
    { name: 'output', type: 'text', required: true, description: "The model's output being judged" },
    { name: 'expected', type: 'json', required: false, description: 'The expected answer, if the item has one' },
  ],
  modelConfig: { model: 'gpt-4o-mini', temperature: 0, maxTokens: 200 },
  comment: 'First version',
  status: 'published',
};

/** What a newcomer sees on a fresh embedded database: prompts that show the main features, and the default judge. */
export const DEMO_PROMPTS: CreatePromptDto[] = [
  {
    name: 'support-reply',
    displayName: 'Support reply (few-shot)',
    description: 'Answers a customer in the tone of a few example replies. Shows a loop over few-shot examples.',
    folder: 'support',
    tags: ['few-shot', 'support'],
    template: [
      'You are a friendly support agent for {{ product }}.',
      "Answer the customer's message in the same tone as these examples.",
      '{% for example in examples %}',
      'Customer: {{ example.question }}',
      'Agent: {{ example.answer }}',
      '{% endfor %}',
      'Customer: {{ message }}',
      'Agent:',
    ].join('\n'),
    variablesMeta: [
      { name: 'product', type: 'string', required: false, default: 'Acme Cloud', description: 'Product name' },
      {
        name: 'examples',
        type: 'list',
        required: false,
        description: 'Few-shot examples: [{question, answer}]',
        default: [
          {
            question: 'How do I reset my password?',
            answer: 'Happy to help! Click "Forgot password" on the sign-in page and follow the email.',
          },
          {
            question: 'Can I export my data?',
            answer: 'Absolutely: Settings → Export gives you a ZIP of everything, any time.',
          },
        ],
      },
      { name: 'message', type: 'text', required: true, description: "The customer's message" },
    ],
    modelConfig: { model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 400 },
    comment: 'First version',
    status: 'published',
  },
  {
    name: 'product-description',
    displayName: '商品描述 / Product description',
    description:
      'Writes a product description in Chinese or English. Shows multilingual templates and a choice variable.',
    folder: 'marketing',
    tags: ['multilingual', 'zh', 'en'],
    template: [
      '{% if language == "zh" %}',
      '请为下面的产品写一段不超过 {{ max_words }} 字的中文描述，突出「{{ highlight }}」。语气亲切，适合电商详情页。',
      '{% else %}',
      'Write an English product description of at most {{ max_words }} words that highlights "{{ highlight }}". Warm tone, for a shop page.',
      '{% endif %}',
      '产品 / Product: {{ product_name }} ✨',
    ].join('\n'),
    variablesMeta: [
      {
        name: 'language',
        type: 'choice',
        required: false,
        default: 'zh',
        choices: ['zh', 'en'],
        description: 'Output language',
      },
      { name: 'product_name', type: 'string', required: true, description: 'Product name, e.g. 青花瓷茶杯' },
      {
        name: 'highlight',
        type: 'string',
        required: false,
        default: '手工制作 handmade',
        description: 'What to emphasise',
      },
      { name: 'max_words', type: 'int', required: false, default: 120 },
    ],
    modelConfig: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 300 },
    comment: '第一版 / first version',
    status: 'published',
  },
  {
    name: 'meeting-summary',
    displayName: 'Meeting summary',
    description: 'Summarises a transcript. Shows typed variables: int, bool, choice and long text.',
    folder: 'productivity',
    tags: ['summary'],
    template: [
      'Summarise the meeting transcript below in at most {{ max_bullets }} bullet points, in a {{ tone }} tone.',
      '{% if include_action_items %}',
      'Then list the action items, each with its owner and due date if mentioned.',
      '{% endif %}',
      '',
      'Transcript:',
      '"""',
      '{{ transcript }}',
      '"""',
    ].join('\n'),
    variablesMeta: [
      { name: 'transcript', type: 'text', required: true, description: 'The raw transcript' },
      { name: 'max_bullets', type: 'int', required: false, default: 5, description: 'How many bullet points at most' },
      { name: 'include_action_items', type: 'bool', required: false, default: true },
      { name: 'tone', type: 'choice', required: false, default: 'neutral', choices: ['neutral', 'formal', 'casual'] },
    ],
    modelConfig: { model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 500 },
    comment: 'First version',
    status: 'draft',
  },
  EVAL_JUDGE_PROMPT,
];
