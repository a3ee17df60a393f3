import { compileTemplate } from '../render';
import { renderChat } from '../chat';
import { compileBuilderSpec } from './compile';
import type { BuilderProfile, BuilderSpec } from './spec';

const support: BuilderSpec = {
  role: 'You are a support agent for {{ product }}.',
  task: 'Answer the customer question: {{ question }}',
  context: '{% if plan %}The customer is on the {{ plan }} plan.{% endif %}',
  constraints: ['Be brief.', 'Never promise refunds.', '  '],
  outputFormat: { kind: 'text', text: 'Plain text, at most {{ max_words }} words.' },
  examples: [{ input: { question: 'Where is my invoice?' }, output: 'Under Billing > Invoices.' }],
  variables: [
    { name: 'product', type: 'string' },
    { name: 'question', type: 'text' },
    { name: 'plan', type: 'string', required: false },
    { name: 'max_words', type: 'int', default: 50 },
  ],
  profile: 'markdown',
};

const chinese: BuilderSpec = {
  role: '你是一名资深的中文编辑。',
  task: '把下面的文章改写成{{ 风格 | default("简洁") }}的风格：\n{{ article }}',
  constraints: ['保留原意', '不超过 {{ limit }} 字'],
  outputFormat: { kind: 'text', text: '只输出改写后的文章。' },
  examples: [{ input: { article: '今天天气很好，我们去公园散步了。', limit: 20 }, output: '天气晴好，公园散步。' }],
  variables: [
    { name: 'article', type: 'text' },
    { name: 'limit', type: 'int' },
  ],
  profile: 'markdown',
};

const jsonOutput: BuilderSpec = {
  task: 'Extract the order from this email: {{ email }}',
  constraints: [],
  outputFormat: {
    kind: 'json_schema',
    schema: {
      type: 'object',
      properties: { orderId: { type: 'string' }, items: { type: 'array', items: { type: 'string' } } },
      required: ['orderId'],
    },
  },
  examples: [{ input: { email: 'Order {{42}} please' }, output: '{"orderId": "42", "items": []}' }],
  variables: [{ name: 'email', type: 'text' }],
  profile: 'markdown',
};

const minimal: BuilderSpec = {
  task: 'Say hello to {{ name }}.',
  constraints: [],
  outputFormat: { kind: 'text', text: '' },
  examples: [],
  variables: [{ name: 'name', type: 'string' }],
  profile: 'markdown',
};

const specs: Record<string, BuilderSpec> = { support, chinese, jsonOutput, minimal };
const profiles: BuilderProfile[] = ['markdown', 'xml'];

describe('compileBuilderSpec', () => {
  for (const [name, spec] of Object.entries(specs)) {
    for (const profile of profiles) {
      it(`compiles the ${name} spec as text with the ${profile} profile`, () => {
        expect(compileBuilderSpec({ ...spec, profile }, { kind: 'text' }).template).toMatchSnapshot();
      });
      it(`compiles the ${name} spec as chat with the ${profile} profile`, () => {
        expect(compileBuilderSpec({ ...spec, profile }, { kind: 'chat' }).messages).toMatchSnapshot();
      });
    }
  }

  it('gives byte-identical output for the same spec, including a copy through JSON', () => {
    const copy = JSON.parse(JSON.stringify(support)) as BuilderSpec;
    expect(compileBuilderSpec(copy, { kind: 'text' })).toEqual(compileBuilderSpec(support, { kind: 'text' }));
    expect(compileBuilderSpec(copy, { kind: 'chat' })).toEqual(compileBuilderSpec(support, { kind: 'chat' }));
  });

  it('changes the text when only the profile changes', () => {
    const markdown = compileBuilderSpec(support, { kind: 'text' }).template;
    const xml = compileBuilderSpec({ ...support, profile: 'xml' }, { kind: 'text' }).template;
    expect(markdown).toContain('## Task\n');
    expect(xml).toContain('<task>\n');
    expect(xml).not.toEqual(markdown);
  });

  it('renders with our engine to the expected text (user Jinja kept, example text literal)', () => {
    const { template } = compileBuilderSpec(support, { kind: 'text' });
    const text = compileTemplate(template).render({
      product: 'Acme',
      question: 'How do I reset my password?',
      plan: 'Pro',
      max_words: 30,
    });
    expect(text).toBe(
      [
        '## Role\nYou are a support agent for Acme.',
        '## Task\nAnswer the customer question: How do I reset my password?',
        '## Context\nThe customer is on the Pro plan.',
        '## Constraints\n- Be brief.\n- Never promise refunds.',
        '## Output format\nPlain text, at most 30 words.',
        '## Examples\n### Example 1\nInput:\nquestion: Where is my invoice?\nOutput:\nUnder Billing > Invoices.',
      ].join('\n\n'),
    );
  });

  it('renders Chinese XML chat messages, and keeps Jinja-like text in examples literal', () => {
    const { messages } = compileBuilderSpec({ ...chinese, profile: 'xml' }, { kind: 'chat' });
    const rendered = renderChat(messages, { article: '原文', limit: 10 });
    expect(rendered[0]).toEqual({ role: 'system', content: '你是一名资深的中文编辑。' });
    expect(rendered[1].content).toContain('<task>\n把下面的文章改写成简洁的风格：\n原文\n</task>');
    expect(rendered[1].content).toContain('- 不超过 10 字');

    const json = compileTemplate(compileBuilderSpec(jsonOutput, { kind: 'text' }).template).render({ email: 'x' });
    expect(json).toContain('email: Order {{42}} please');
    expect(json).toContain('"required": [\n    "orderId"\n  ]');
  });

  it('emits text containing endraw as a string literal that renders back unchanged', () => {
    const tricky = 'Use {% endraw %} and {{ x }}\n"quoted" \\ backslash';
    const spec: BuilderSpec = { ...minimal, examples: [{ input: { name: 'x' }, output: tricky }] };
    const text = compileTemplate(compileBuilderSpec(spec, { kind: 'text' }).template).render({ name: 'Ann' });
    expect(text).toContain(`Output:\n${tricky}`);
  });
});
