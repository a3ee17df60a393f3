import { ErrorCode } from '@promptops/shared';
import { TemplateError, renderPrompt } from './index';

describe('renderPrompt: one way to render a prompt, in the API and the console', () => {
  it('renders a text prompt and splits its role sections', () => {
    const rendered = renderPrompt({ template: '# system:\nBe brief.\n# user:\nAbout {{ topic }}' }, { topic: 'tea' });
    expect(rendered.issues).toEqual([]);
    expect(rendered.text).toBe('# system:\nBe brief.\n# user:\nAbout tea');
    expect(rendered.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'About tea' },
    ]);
  });

  it('renders every message of a chat prompt with declared defaults filled in', () => {
    const rendered = renderPrompt(
      {
        template: '# system:\nYou speak {{ lang }}.\n\n# user:\n{{ question }}',
        messages: [
          { role: 'system', template: 'You speak {{ lang }}.' },
          { role: 'user', template: '{{ question }}' },
        ],
        variablesMeta: [{ name: 'lang', type: 'string', default: '中文' }],
      },
      { question: '为什么天是蓝的？' },
    );
    expect(rendered.messages).toEqual([
      { role: 'system', content: 'You speak 中文.' },
      { role: 'user', content: '为什么天是蓝的？' },
    ]);
    expect(rendered.variables).toEqual({ question: '为什么天是蓝的？', lang: '中文' });
  });

  it('answers variable problems instead of rendering: declared and merely used variables alike', () => {
    const rendered = renderPrompt(
      { template: '{{ a }} {{ b }}', variablesMeta: [{ name: 'a', type: 'int' }] },
      { a: 'not a number' },
    );
    expect(rendered.text).toBeUndefined();
    expect(rendered.issues.map((i) => [i.name, i.code])).toEqual([
      ['a', ErrorCode.INVALID_VARIABLE],
      ['b', ErrorCode.MISSING_VARIABLE],
    ]);
  });

  it('names the chat message whose template fails', () => {
    let error: unknown;
    try {
      renderPrompt(
        {
          template: '',
          messages: [
            { role: 'system', template: 'ok' },
            { role: 'user', template: '{{ 1 / 0 }}' },
          ],
        },
        {},
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ messageIndex: 1, code: ErrorCode.TEMPLATE_RENDER_ERROR });
  });

  it('gives all messages of a chat prompt one budget, not one each', () => {
    // A clock that moves 1 ms each time it is read makes the budget's use deterministic: each
    // message alone stays within the budget, three of them together do not.
    let now = 0;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 1));
    const message = { role: 'user', template: '{% for i in range(1000) %}{% endfor %}ok' };
    try {
      expect(renderPrompt({ template: '', messages: [message] }, {}, { timeoutMs: 100 }).text).toBe('# user:\nok');
      let error: unknown;
      try {
        renderPrompt({ template: '', messages: [message, message, message] }, {}, { timeoutMs: 100 });
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_TIME_LIMIT, messageIndex: 1 });
    } finally {
      clock.mockRestore();
    }
  });
});
