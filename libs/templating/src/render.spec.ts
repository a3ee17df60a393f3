import { ErrorCode } from '@promptops/shared';
import {
  TemplateRaisedError,
  TemplateRenderError,
  TemplateSyntaxError,
  UndefinedVariableError,
  checkSyntax,
  compileTemplate,
  renderTemplate,
} from './index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('rendering a prompt like Jinja2 3.1', () => {
  it('fills variables without escaping HTML, because prompts are not web pages', () => {
    expect(renderTemplate('Answer {{ q }} & be brief', { q: '<b>2 & 3</b>' })).toBe('Answer <b>2 & 3</b> & be brief');
  });

  it('drops a single trailing newline of the template, as keep_trailing_newline=False does', () => {
    expect(renderTemplate('Hello {{ name }}\n', { name: 'Ann' })).toBe('Hello Ann');
    expect(renderTemplate('Hello\n\n', {})).toBe('Hello\n');
    expect(renderTemplate('a\r\nb\r\n', {})).toBe('a\nb');
  });

  it('prints Python values the way Python does', () => {
    const out = renderTemplate('{{ yes }} {{ no }} {{ nothing }} {{ tags }} {{ meta }} {{ 0.5 }} {{ 3 }}', {
      yes: true,
      no: false,
      nothing: null,
      tags: ['a', "it's"],
      meta: { k: 1, nested: [true, null] },
    });
    expect(out).toBe(`True False None ['a', "it's"] {'k': 1, 'nested': [True, None]} 0.5 3`);
  });

  it('accepts True/False/None in both Jinja2 spellings', () => {
    expect(renderTemplate('{{ True }} {{ false }} {{ None }} {{ none is none }}', {})).toBe('True False None True');
  });

  it('treats empty lists and dicts as false in conditions', () => {
    const tpl = '{% if examples %}with examples{% else %}zero-shot{% endif %}|{{ opts or "no options" }}';
    expect(renderTemplate(tpl, { examples: [], opts: {} })).toBe('zero-shot|no options');
    expect(renderTemplate(tpl, { examples: [1], opts: { a: 1 } })).toBe("with examples|{'a': 1}");
  });

  it('iterates messages with loop variables, negative indexes and slices', () => {
    const tpl =
      '{% for m in messages[1:] %}{{ loop.index }}.{{ m.role }}{% if not loop.last %},{% endif %}{% endfor %} last={{ messages[-1]["role"] }}';
    const messages = [{ role: 'system' }, { role: 'user' }, { role: 'assistant' }];
    expect(renderTemplate(tpl, { messages })).toBe('1.user,2.assistant last=assistant');
    expect(renderTemplate('{{ "abc"[::-1] }}{{ [1, 2, 3][:2] }}', {})).toBe('cba[1, 2]');
  });

  it('iterates a dict by key and with items(), like Python', () => {
    expect(
      renderTemplate('{% for k in d %}{{ k }};{% endfor %}{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', {
        d: { a: 1, b: 2 },
      }),
    ).toBe('a;b;a=1;b=2;');
  });

  it('does Python arithmetic and string operations', () => {
    expect(
      renderTemplate(
        '{{ "-" * 3 }}{{ [1] + [2] }}{{ "a" ~ 1 ~ true }}{{ 7 // 2 }}{{ -7 % 3 }}{{ "%s has %d" % ("Ann", 3) }}',
        {},
      ),
    ).toBe('---[1, 2]a1True32Ann has 3');
    expect(renderTemplate('{{ [1, 2] == [1, 2] }} {{ "b" in "abc" }} {{ "k" in d }}', { d: { k: 0 } })).toBe(
      'True True True',
    );
  });

  it('offers the common string, list and dict methods', () => {
    expect(
      renderTemplate('{{ s.strip().upper() }}|{{ s.split() }}|{{ d.get("x", "none") }}|{{ "a,b".split(",") }}', {
        s: '  hi there ',
        d: {},
      }),
    ).toBe("HI THERE|['hi', 'there']|none|['a', 'b']");
  });

  it('supports the filters chat templates use', () => {
    const messages = [
      { role: 'system', content: ' Be brief. ' },
      { role: 'user', content: 'Hi <3' },
    ];
    const tpl =
      "{{ (messages|selectattr('role', 'equalto', 'system')|list|last).content|trim }}|{{ messages|map(attribute='role')|join(',') }}|{{ messages[1]|tojson }}|{{ messages|length }}";
    expect(renderTemplate(tpl, { messages })).toBe(
      'Be brief.|system,user|{"content": "Hi \\u003c3", "role": "user"}|2',
    );
  });

  it('supports macros with default arguments and call blocks', () => {
    const tpl =
      '{% macro item(text, bullet="-") %}{{ bullet }} {{ text }}{% endmacro %}{{ item("a") }} {{ item("b", bullet="*") }}';
    expect(renderTemplate(tpl, {})).toBe('- a * b');
    expect(renderTemplate('{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}x{% endcall %}', {})).toBe(
      '[x]',
    );
  });

  it('keeps whitespace control and set blocks', () => {
    expect(renderTemplate('{%- set greeting = "Hi" -%}\n  {{ greeting }}  {{- "!" }}', {})).toBe('Hi!');
    expect(renderTemplate('{% set block %}a{{ 1 + 1 }}{% endset %}{{ block }}', {})).toBe('a2');
  });

  it('renders a compiled template many times with different variables', () => {
    const compiled = compileTemplate('Hi {{ name }}');
    expect(compiled.render({ name: 'Ann' })).toBe('Hi Ann');
    expect(compiled.render({ name: 'Bob' })).toBe('Hi Bob');
  });

  it('lets a template refuse its input with raise_exception', () => {
    const error = thrown(() =>
      renderTemplate(
        "{% if messages[0].role != 'system' %}{{ raise_exception('System message required') }}{% endif %}",
        {
          messages: [{ role: 'user' }],
        },
      ),
    );
    expect(error).toBeInstanceOf(TemplateRaisedError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_RAISED, message: 'System message required' });
  });

  it('reports Python type errors as render errors with a position', () => {
    const error = thrown(() => renderTemplate('line one\n{{ 1 + "a" }}', {}));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_RENDER_ERROR, line: 2 });
    expect((error as Error).message).toBe("unsupported operand type(s) for +: 'int' and 'str'");
  });
});

describe('strict undefined variables (StrictUndefined)', () => {
  it('refuses to render a missing variable and names it', () => {
    const error = thrown(() => renderTemplate('Write about\n  {{ topic }}', {}));
    expect(error).toBeInstanceOf(UndefinedVariableError);
    expect(error).toMatchObject({ code: ErrorCode.MISSING_VARIABLE, variable: 'topic', line: 2, column: 6 });
    expect((error as Error).message).toBe('Missing variable: {{topic}}');
  });

  it('refuses attribute access on a missing variable, naming the variable', () => {
    expect(thrown(() => renderTemplate('{{ user.name }}', {}))).toMatchObject({ variable: 'user' });
  });

  it('refuses a missing attribute of a defined object, naming the path', () => {
    const error = thrown(() => renderTemplate('{{ user.missing }}', { user: { name: 'Ann' } }));
    expect(error).toBeInstanceOf(UndefinedVariableError);
    expect((error as Error).message).toBe('Missing variable: {{user.missing}}');
    expect(thrown(() => renderTemplate('{{ items[5] }}', { items: [1] }))).toMatchObject({ variable: 'items[5]' });
  });

  it('refuses to loop over or test a missing variable', () => {
    expect(thrown(() => renderTemplate('{% for i in items %}{{ i }}{% endfor %}', {}))).toMatchObject({
      variable: 'items',
    });
    expect(thrown(() => renderTemplate('{% if flag %}x{% endif %}', {}))).toMatchObject({ variable: 'flag' });
    expect(thrown(() => renderTemplate('{{ x == 1 }}', {}))).toMatchObject({ variable: 'x' });
  });

  it('allows "is defined", "is undefined" and "default" on missing variables', () => {
    expect(renderTemplate('{{ x is defined }} {{ x is undefined }} {{ x is not defined }}', {})).toBe(
      'False True True',
    );
    expect(
      renderTemplate('{{ x|default("fallback") }} {{ x|d("short") }} {{ user.nick|default(user.name) }}', {
        user: { name: 'Ann' },
      }),
    ).toBe('fallback short Ann');
    expect(renderTemplate('{% if tone is defined and tone %}tone={{ tone }}{% else %}neutral{% endif %}', {})).toBe(
      'neutral',
    );
    expect(renderTemplate('{{ user.nick is defined }}', { user: {} })).toBe('False');
  });

  it('keeps None as a defined value, as Jinja2 does', () => {
    expect(renderTemplate('{{ x is defined }} {{ x|default("d") }} {{ x }}', { x: null })).toBe('True None None');
    expect(renderTemplate('{{ x|default("d", true) }}', { x: '' })).toBe('d');
  });

  it('still refuses attributes of a missing variable under "is defined", like Jinja2', () => {
    expect(thrown(() => renderTemplate('{{ user.name is defined }}', {}))).toMatchObject({ variable: 'user' });
  });
});

describe('syntax errors', () => {
  it('reports line, column and the offending source line', () => {
    const error = thrown(() => compileTemplate('Hello\nworld\n  {{ foo bar }}'));
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error).toMatchObject({
      code: ErrorCode.TEMPLATE_SYNTAX_ERROR,
      line: 3,
      column: 10,
      lineText: '  {{ foo bar }}',
    });
    expect((error as Error).message).toBe('Syntax error at line 3, column 10: expected variable end');
  });

  it('reports an unclosed block at the end of the template', () => {
    const error = checkSyntax('{% if x %}\nyes');
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error?.line).toBe(2);
    expect(error?.message).toBe("Syntax error at line 2, column 4: unexpected end of template, expected 'endif'");
  });

  it('refuses unknown filters and tests when compiling, as Jinja2 does', () => {
    expect(checkSyntax('{{ x|nope }}')?.message).toBe("Syntax error at line 1, column 6: No filter named 'nope'");
    expect(checkSyntax('{{ x is nope }}')?.reason).toBe("No test named 'nope'");
  });

  it('refuses templates that load other templates', () => {
    expect(checkSyntax('{% include "other.txt" %}')?.reason).toMatch(/'include' is not supported/);
  });

  it('answers null for a valid template', () => {
    expect(checkSyntax('{% for x in xs %}{{ x }}{% endfor %}')).toBeNull();
  });
});

describe('errors people can act on', () => {
  it('names the block that is still open at the end of the template', () => {
    const error = checkSyntax('Hello\n{% for x in xs %}\n  {{ x }}');
    expect(error).toMatchObject({ line: 3, column: 10, lineText: '  {{ x }}' });
    expect(error?.message).toBe("Syntax error at line 3, column 10: unexpected end of template, expected 'endfor'");
  });

  it('quotes the line of a missing variable', () => {
    const error = thrown(() =>
      renderTemplate('Hi\n{% for m in messages %}\n  {{ m.content }}\n{% endfor %}', { messages: [{}] }),
    );
    expect(error).toBeInstanceOf(UndefinedVariableError);
    expect(error).toMatchObject({
      message: 'Missing variable: {{m.content}}',
      line: 3,
      column: 7,
      lineText: '  {{ m.content }}',
    });
  });

  it('turns calling a non-callable into a render error with a position', () => {
    const error = thrown(() => renderTemplate('x\n{{ name() }}', { name: 'Ann' }));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({ message: "'str' object is not callable", line: 2, lineText: '{{ name() }}' });
  });

  it('turns bad filter arguments into render errors, never raw JavaScript errors', () => {
    for (const template of [
      "{{ 'x'|truncate(1) }}",
      "{{ 1|round(method='up') }}",
      '{{ [1]|batch(0) }}',
      "{{ 'x'|join(a=1) }}",
      '{{ 5|first }}',
    ]) {
      const error = thrown(() => renderTemplate(template, {}));
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect(error).toMatchObject({ line: 1 });
    }
  });
});
