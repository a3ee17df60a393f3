import { TemplateSyntaxError, extractVariables } from './index';

describe('discovering the variables a template needs', () => {
  it('lists plain variables in order of first appearance', () => {
    expect(extractVariables('Write a {{ tone }} post about {{ topic|upper }} for {{ audience }}')).toEqual([
      { name: 'tone', kind: 'text', paths: [], required: true },
      { name: 'topic', kind: 'text', paths: [], required: true },
      { name: 'audience', kind: 'text', paths: [], required: true },
    ]);
  });

  it('sees iterated variables as lists, with the attributes used on their items', () => {
    const vars = extractVariables(
      '{% for ex in examples %}Q: {{ ex.input }}\nA: {{ ex.output }}\n{% endfor %}{{ question }}',
    );
    expect(vars).toEqual([
      { name: 'examples', kind: 'list', paths: ['examples[].input', 'examples[].output'], required: true },
      { name: 'question', kind: 'text', paths: [], required: true },
    ]);
  });

  it('sees attribute and subscript access as objects with paths', () => {
    expect(extractVariables('{{ user.name }} ({{ user["email"] }}) {{ settings.get("x") }}')).toEqual([
      { name: 'user', kind: 'object', paths: ['user.name', 'user.email'], required: true },
      { name: 'settings', kind: 'object', paths: [], required: true },
    ]);
  });

  it('sees variables used only as conditions as booleans', () => {
    expect(extractVariables('{% if verbose %}Explain.{% endif %}{% if not brief and formal %}Sir,{% endif %}')).toEqual(
      [
        { name: 'verbose', kind: 'boolean', paths: [], required: true },
        { name: 'brief', kind: 'boolean', paths: [], required: true },
        { name: 'formal', kind: 'boolean', paths: [], required: true },
      ],
    );
  });

  it('marks variables optional when every use is guarded', () => {
    const vars = extractVariables(
      '{% if tone is defined %}Tone: {{ tone }}{% endif %}{{ style|default("plain") }}{{ lang if lang is defined else "en" }}{{ name }}{{ name|d("x") }}',
    );
    expect(vars.map((v) => [v.name, v.required])).toEqual([
      ['tone', false],
      ['style', false],
      ['lang', false],
      ['name', true],
    ]);
  });

  it('leaves out loop variables, set names, macros and their parameters, and globals', () => {
    const tpl = [
      '{% set greeting = "Hi" %}{{ greeting }}',
      '{% for k, v in pairs.items() %}{{ k }}={{ v }} {{ loop.index }}{% endfor %}',
      '{% macro item(text, bullet=default_bullet) %}{{ bullet }} {{ text }} {{ caller() }}{% endmacro %}',
      '{% call item("a") %}{{ extra }}{% endcall %}',
      '{{ range(3) }}{{ True }}{{ none }}{% if x is defined %}{{ raise_exception("no") }}{% endif %}',
    ].join('');
    expect(extractVariables(tpl).map((v) => v.name)).toEqual(['pairs', 'default_bullet', 'extra', 'x']);
  });

  it('follows nested loops and list indexes of chat messages', () => {
    const vars = extractVariables(
      '{% for c in conversations %}{% for m in c.messages %}{{ m.role }}{% endfor %}{% endfor %}{{ messages[-1]["role"] }}',
    );
    expect(vars).toEqual([
      {
        name: 'conversations',
        kind: 'list',
        paths: ['conversations[].messages', 'conversations[].messages[].role'],
        required: true,
      },
      { name: 'messages', kind: 'list', paths: ['messages[].role'], required: true },
    ]);
  });

  it('counts a variable used before it is set as an input', () => {
    expect(extractVariables('{{ title }}{% set title = "x" %}{{ title }}').map((v) => v.name)).toEqual(['title']);
  });

  it('throws a syntax error for an invalid template', () => {
    expect(() => extractVariables('{{ a b }}')).toThrow(TemplateSyntaxError);
  });
});

describe('discovering variables with Jinja2 scoping syntax', () => {
  it('leaves out namespace objects and their attributes', () => {
    const tpl =
      '{% set ns = namespace(count=0) %}{% for m in messages %}{% set ns.count = ns.count + 1 %}{% endfor %}{{ ns.count }} of {{ total }}';
    expect(extractVariables(tpl).map((v) => v.name)).toEqual(['messages', 'total']);
  });

  it('reads the loop filter of for-if with the loop variable', () => {
    expect(extractVariables('{% for m in messages if m.role != system_role %}{{ m.content }}{% endfor %}')).toEqual([
      { name: 'messages', kind: 'list', paths: ['messages[].role', 'messages[].content'], required: true },
      { name: 'system_role', kind: 'text', paths: [], required: true },
    ]);
  });

  it('leaves out names bound by with, but not the values they come from', () => {
    expect(extractVariables('{% with who = user.name %}Hi {{ who }}{% endwith %}')).toEqual([
      { name: 'user', kind: 'object', paths: ['user.name'], required: true },
    ]);
  });

  it('leaves out recursive loop calls and loop variables', () => {
    expect(
      extractVariables('{% for n in tree recursive %}{{ n.name }}{{ loop(n.children) }}{% endfor %}').map(
        (v) => v.name,
      ),
    ).toEqual(['tree']);
  });

  it('merges the variables of all messages of a chat prompt', () => {
    expect(
      extractVariables([
        { role: 'system', template: 'You are {{ persona }}.{% if strict %} Be strict.{% endif %}' },
        { role: 'user', template: '{{ question }} ({{ persona|default("x") }}, {% if strict %}!{% endif %})' },
      ]),
    ).toEqual([
      { name: 'persona', kind: 'text', paths: [], required: true },
      { name: 'strict', kind: 'boolean', paths: [], required: true },
      { name: 'question', kind: 'text', paths: [], required: true },
    ]);
  });
});
