import {
  TemplateRenderError,
  UndefinedVariableError,
  extractVariables,
  parseRoleMessages,
  renderChat,
  renderTemplate,
  toPromptflowText,
} from './index';

describe('chat prompts', () => {
  it('splits promptflow role markers into messages', () => {
    const text = renderTemplate('# system:\nYou classify {{ kind }}.\n\n# User:\n\n  {{ q }}\n\n#assistant:\nOK', {
      kind: 'URLs',
      q: 'https://example.com',
    });
    expect(parseRoleMessages(text)).toEqual([
      { role: 'system', content: 'You classify URLs.' },
      { role: 'user', content: '  https://example.com' },
      { role: 'assistant', content: 'OK' },
    ]);
  });

  it('answers null for text without role markers', () => {
    expect(parseRoleMessages('Just a prompt\n# Heading: not alone? no, text follows')).toBeNull();
    expect(parseRoleMessages('# system: inline text is not a marker')).toBeNull();
  });

  it('keeps a tool message and text before the first marker', () => {
    expect(parseRoleMessages('Intro\n# tool:\n{"ok": true}')).toEqual([
      { role: 'user', content: 'Intro' },
      { role: 'tool', content: '{"ok": true}' },
    ]);
  });

  it('renders every message of a chat version with the same variables', () => {
    expect(
      renderChat(
        [
          { role: 'system', template: 'You are {{ persona }}.' },
          { role: 'user', template: '{% for q in questions %}{{ loop.index }}. {{ q }}\n{% endfor %}' },
        ],
        { persona: 'terse', questions: ['a?', 'b?'] },
      ),
    ).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: '1. a?\n2. b?\n' },
    ]);
  });

  it('reports a missing variable of any message', () => {
    expect(() => renderChat([{ role: 'user', template: '{{ nope }}' }], {})).toThrow(UndefinedVariableError);
    expect(() => renderChat([{ role: 'user', template: '{{ 1 + "a" }}' }], {})).toThrow(TemplateRenderError);
  });

  it('discovers the variables of a chat prompt', () => {
    expect(extractVariables([{ role: 'user', template: '{{ a }}{{ b.c }}' }]).map((v) => v.name)).toEqual(['a', 'b']);
  });

  it('writes chat messages as promptflow text that reads back as the same messages', () => {
    const messages = [
      { role: 'system', template: 'Be brief.' },
      { role: 'user', template: 'Summarise {{ doc }}\nin two lines.' },
    ];
    const text = toPromptflowText(messages);
    expect(text).toBe('# system:\nBe brief.\n\n# user:\nSummarise {{ doc }}\nin two lines.');
    expect(parseRoleMessages(text)).toEqual(messages.map((m) => ({ role: m.role, content: m.template })));
  });
});
