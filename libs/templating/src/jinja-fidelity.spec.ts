import { ErrorCode } from '@promptops/shared';
import { TemplateRaisedError, TemplateRenderError, UndefinedVariableError, renderTemplate } from './index';

/**
 * Each expected string is what Python Jinja2 3.1 renders for the template with its defaults
 * (autoescape off, StrictUndefined, keep_trailing_newline=False).
 */
type Case = [name: string, template: string, expected: string, variables?: Record<string, unknown>];

function check(cases: Case[]) {
  it.each(cases)('%s', (_name, template, expected, variables = {}) => {
    expect(renderTemplate(template, variables)).toBe(expected);
  });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('Jinja2 3.1 fidelity: loops', () => {
  check([
    [
      'loop.index, first, last, length, revindex',
      "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}",
      '1032TrueFalse3;2121FalseFalse3;3210FalseTrue3;',
    ],
    ['loop.cycle', "{% for x in 'abcd' %}{{ loop.cycle('odd', 'even') }} {% endfor %}", 'odd even odd even '],
    [
      'loop.previtem and loop.nextitem (undefined at the ends)',
      "{% for x in [1, 2, 3] %}{{ loop.previtem|default('-') }}<{{ x }}>{{ loop.nextitem|default('-') }} {% endfor %}",
      '-<1>2 1<2>3 2<3>- ',
    ],
    ['loop.changed', '{% for x in [1, 1, 2, 3, 3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}', '123'],
    [
      'loop.depth is 1 in non-recursive nested loops',
      '{% for a in [1] %}{{ loop.depth }}{% for b in [1] %}{{ loop.depth0 }}{% endfor %}{% endfor %}',
      '10',
    ],
    [
      'for with an if filter: loop.* counts the filtered items',
      '{% for x in [1, 2, 3, 4, 5] if x is odd %}{{ loop.index }}/{{ loop.length }}:{{ x }} {% endfor %}',
      '1/3:1 2/3:3 3/3:5 ',
    ],
    ['for ... else when the list is empty', '{% for x in [] %}{{ x }}{% else %}no items{% endfor %}', 'no items'],
    [
      'for ... else when the filter drops everything',
      '{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}none{% endfor %}',
      'none',
    ],
    [
      'recursive loops with loop(children) and loop.depth',
      '{% for n in tree recursive %}{{ loop.depth }}{{ n.name }}{% if n.children %}[{{ loop(n.children) }}]{% endif %}{% endfor %}',
      '1a[2b2c[3d]]1e',
      {
        tree: [
          {
            name: 'a',
            children: [
              { name: 'b', children: [] },
              { name: 'c', children: [{ name: 'd', children: [] }] },
            ],
          },
          { name: 'e', children: [] },
        ],
      },
    ],
    ['unpacking pairs', "{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", 'a=1;b=2;'],
    ['iterating a dict yields its keys', "{% for k in {'a': 1, 'b': 2} %}{{ k }}{% endfor %}", 'ab'],
    [
      'a set inside a loop does not leak out',
      '{% set x = 1 %}{% for i in [1, 2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}',
      '231',
    ],
  ]);
});

describe('Jinja2 3.1 fidelity: assignments and scopes', () => {
  check([
    [
      'namespace assignment carries values out of a loop',
      '{% set ns = namespace(total=0, seen=false) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% set ns.seen = true %}{% endfor %}{{ ns.total }} {{ ns.seen }}',
      '6 True',
    ],
    [
      'with block scope',
      '{% with a = 1, b = 2 %}{{ a + b }}{% set c = 3 %}{{ c }}{% endwith %}{{ c is defined }}',
      '33False',
    ],
    ['empty with block', '{% with %}{% set a = 5 %}{{ a }}{% endwith %}', '5'],
    ['tuple unpacking in set', '{% set a, b = 1, 2 %}{% set c, d = [3, 4] %}{{ a }}{{ b }}{{ c + d }}', '127'],
    ['set block', '{% set body %}Hi {{ name }}{% endset %}[{{ body }}]', '[Hi Ann]', { name: 'Ann' }],
    ['set block with a filter', '{% set loud | upper %}hi {{ name }}{% endset %}{{ loud }}', 'HI ANN', { name: 'Ann' }],
    ['shadowing a global only inside the template', '{% set range = 3 %}{{ range }}', '3'],
  ]);

  it('refuses to assign attributes of anything but a namespace', () => {
    expect(thrown(() => renderTemplate('{% set d = {} %}{% set d.x = 1 %}', {}))).toMatchObject({
      message: 'cannot assign attribute on non-namespace object',
    });
  });

  it('treats a variable set only in a branch that did not run as missing', () => {
    expect(thrown(() => renderTemplate('{% if false %}{% set y = 1 %}{% endif %}{{ y }}', {}))).toBeInstanceOf(
      UndefinedVariableError,
    );
  });
});

describe('Jinja2 3.1 fidelity: macros', () => {
  check([
    [
      'defaults that use earlier parameters',
      "{% macro m(a, b=a ~ '!') %}{{ b }}{% endmacro %}{{ m('hi') }} {{ m('hi', 'x') }} {{ m(b='y', a=1) }}",
      'hi! x y',
    ],
    [
      'varargs and kwargs',
      '{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1) }}|{{ m(1, 2, 3) }}|{{ m(1, k=2) }}',
      "1(){}|1(2, 3){}|1(){'k': 2}",
    ],
    [
      'caller with arguments',
      '{% macro list(items) %}{% for i in items %}<{{ caller(i) }}>{% endfor %}{% endmacro %}{% call(x) list([1, 2]) %}#{{ x }}{% endcall %}',
      '<#1><#2>',
    ],
    [
      'recursive macros',
      '{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}',
      '120',
    ],
    [
      'macros see template variables',
      '{% macro greet() %}Hi {{ name }}{% endmacro %}{{ greet() }}',
      'Hi Ann',
      { name: 'Ann' },
    ],
  ]);

  it('refuses extra arguments like Jinja2', () => {
    expect(thrown(() => renderTemplate('{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}', {}))).toMatchObject({
      message: "macro 'm' takes not more than 1 argument(s)",
    });
    expect(thrown(() => renderTemplate('{% macro m(a) %}{% endmacro %}{{ m(b=2) }}', {}))).toMatchObject({
      message: "macro 'm' takes no keyword argument 'b'",
    });
  });

  it('raise_exception stops the render with the template message', () => {
    const error = thrown(() => renderTemplate("{{ raise_exception('Only user and assistant roles') }}", {}));
    expect(error).toBeInstanceOf(TemplateRaisedError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_RAISED, message: 'Only user and assistant roles' });
  });
});

describe('Jinja2 3.1 fidelity: tests', () => {
  check([
    [
      'type tests',
      "{{ none is none }}{{ 'a' is string }}{{ 1 is number }}{{ 1 is integer }}{{ 1.5 is float }}{{ 1.0 is integer }}{{ {} is mapping }}{{ [] is iterable }}{{ 'ab' is sequence }}{{ true is boolean }}{{ true is true }}{{ 0 is false }}",
      'TrueTrueTrueTrueTrueFalseTrueTrueTrueTrueTrueFalse',
    ],
    [
      'comparison tests with and without parentheses',
      '{{ 1 is eq 1 }}{{ 1 is equalto(1) }}{{ 1 is ne 2 }}{{ 1 is lt 2 }}{{ 2 is gt 1 }}{{ 1 is le 1 }}{{ 1 is ge 2 }}{{ 2 is in [1, 2] }}',
      'TrueTrueTrueTrueTrueTrueFalseTrue',
    ],
    [
      'number and string tests',
      "{{ 3 is odd }}{{ 4 is even }}{{ 9 is divisibleby 3 }}{{ 'abc' is lower }}{{ 'ABC' is upper }}{{ 'aB' is lower }}",
      'TrueTrueTrueTrueTrueFalse',
    ],
    [
      'defined and undefined under strict mode',
      '{{ x is defined }}{{ x is undefined }}{{ u.name is defined }}',
      'FalseTrueFalse',
      { u: {} },
    ],
    [
      'callable',
      '{% macro m() %}{% endmacro %}{{ m is callable }}{{ range is callable }}{{ 1 is callable }}',
      'TrueTrueFalse',
    ],
    ['tests bind like filters: x + (1 is odd)', '{{ x + 1 is odd }}', '2', { x: 1 }],
    ['tests as select arguments', "{{ [1, 5, 2]|select('>', 1)|list }}{{ [1, 2]|reject('==', 1)|list }}", '[5, 2][2]'],
  ]);
});

describe('Jinja2 3.1 fidelity: filters', () => {
  check([
    [
      'tojson sorts keys and escapes HTML characters',
      "{{ {'b': 1, 'a': '<>&\\''}|tojson }}",
      '{"a": "\\u003c\\u003e\\u0026\\u0027", "b": 1}',
    ],
    [
      'tojson with indent and non-ASCII',
      "{{ {'k': ['é', none, true, 1.5]}|tojson(indent=2) }}",
      '{\n  "k": [\n    "\\u00e9",\n    null,\n    true,\n    1.5\n  ]\n}',
    ],
    [
      'items and dictsort give tuples',
      "{{ {'b': 1, 'a': 2}|items|list }} {{ {'b': 1, 'A': 2}|dictsort }}",
      "[('b', 1), ('a', 2)] [('A', 2), ('b', 1)]",
    ],
    [
      'dictsort by value, reversed',
      "{{ {'x': 1, 'y': 3, 'z': 2}|dictsort(by='value', reverse=true) }}",
      "[('y', 3), ('z', 2), ('x', 1)]",
    ],
    [
      'selectattr, rejectattr and map(attribute=, default=)',
      "{{ users|selectattr('active')|map(attribute='name')|join(', ') }}|{{ users|rejectattr('active')|map(attribute='name')|list }}|{{ users|map(attribute='nick', default='?')|list }}",
      "a|['b']|['?', '?']",
      {
        users: [
          { name: 'a', active: true },
          { name: 'b', active: false },
        ],
      },
    ],
    [
      'selectattr with a test',
      "{{ users|selectattr('age', 'ge', 18)|map(attribute='n')|join }}",
      'y',
      {
        users: [
          { n: 'x', age: 3 },
          { n: 'y', age: 30 },
        ],
      },
    ],
    [
      'map with a filter and arguments',
      "{{ ['a', 'b']|map('upper')|join }}{{ [1.5, 2.5]|map('round')|list }}{{ ['x']|map('replace', 'x', 'y')|first }}",
      'AB[2.0, 2.0]y',
    ],
    [
      'join with attribute',
      "{{ users|join(', ', attribute='name') }}",
      'a, b',
      { users: [{ name: 'a' }, { name: 'b' }] },
    ],
    ['trim and replace', "{{ '  x  '|trim }}|{{ 'xxaxx'|trim('x') }}|{{ 'aaa'|replace('a', 'b', 2) }}", 'x|a|bba'],
    [
      'truncate with the Jinja2 defaults (leeway 5)',
      "{{ 'foo bar baz qux'|truncate(9) }}|{{ 'foo bar baz qux'|truncate(9, True) }}|{{ 'foo bar baz qux'|truncate(11) }}|{{ 'foo bar baz qux'|truncate(11, False, '...', 0) }}",
      'foo...|foo ba...|foo bar baz qux|foo bar...',
    ],
    [
      'indent (width 4, first and blank lines untouched)',
      "{{ 'a\\nb\\n\\nc'|indent }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}|{{ 'a\\nb'|indent('> ') }}",
      'a\n    b\n\n    c|  a\n  b|a\n  \n  b|a\n> b',
    ],
    [
      'wordcount and wordwrap',
      "{{ 'a b,  c'|wordcount }}|{{ 'The quick brown fox jumps'|wordwrap(10) }}|{{ 'abcdefghij'|wordwrap(4) }}",
      '3|The quick\nbrown fox\njumps|abcd\nefgh\nij',
    ],
    [
      'round returns floats and rounds half to even',
      "{{ 2.5|round }}|{{ 3.5|round }}|{{ 2.675|round(2) }}|{{ 42.55|round(1, 'floor') }}|{{ 2.1|round(0, 'ceil') }}|{{ 3|round }}",
      '2.0|4.0|2.67|42.5|3.0|3',
    ],
    [
      'int and float',
      "{{ '3'|int }}|{{ '3.7'|int }}|{{ 'x'|int }}|{{ 'x'|int(5) }}|{{ '0x1A'|int(base=16) }}|{{ 3|float }}|{{ '2.5'|float }}|{{ 'n'|float }}",
      '3|3|0|5|26|3.0|2.5|0.0',
    ],
    [
      'string of Python values',
      "{{ 123|string }}|{{ {'k': 1}|string }}|{{ [1, 'a']|string }}|{{ none|string }}",
      "123|{'k': 1}|[1, 'a']|None",
    ],
    ['format', "{{ '%s-%05.1f'|format('a', 3.14159) }}|{{ '%(n)s!'|format(n=1) }}", 'a-003.1|1!'],
    [
      'batch and slice',
      "{{ [1, 2, 3, 4, 5]|batch(2)|list }}|{{ [1, 2, 3]|batch(2, 'x')|list }}|{{ [1, 2, 3, 4, 5]|slice(2)|list }}|{{ [1, 2, 3, 4]|slice(3, 0)|list }}",
      "[[1, 2], [3, 4], [5]]|[[1, 2], [3, 'x']]|[[1, 2, 3], [4, 5]]|[[1, 2], [3, 0], [4, 0]]",
    ],
    ['unique is case-insensitive by default', "{{ ['a', 'A', 'b', 'a']|unique|list }}", "['a', 'b']"],
    [
      'sum, min, max',
      "{{ [1, 2, 3]|sum }}|{{ [1, 2]|sum(start=10) }}|{{ items|sum(attribute='p') }}|{{ [3, 1, 2]|min }}|{{ ['B', 'a']|max }}|{{ ['B', 'a']|min(case_sensitive=true) }}",
      '6|13|3.5|1|B|B',
      { items: [{ p: 1.5 }, { p: 2 }] },
    ],
    [
      'first, last, length, count, list',
      "{{ [1, 2]|first }}{{ [1, 2]|last }}{{ 'ab'|first }}{{ [1, 2]|length }}{{ 'abc'|count }}{{ 'ab'|list }}",
      "12a23['a', 'b']",
    ],
    [
      'case filters and center',
      "{{ 'hELLo'|lower }}|{{ 'a'|upper }}|{{ \"they're bill's-friends\"|title }}|{{ 'hELLO'|capitalize }}|{{ 'abc'|center(6) }}|",
      "hello|A|They're Bill's-Friends|Hello| abc  |",
    ],
    ['abs and reverse', "{{ -3|abs }}{{ -2.0|abs }}|{{ [1, 2]|reverse|list }}|{{ 'abc'|reverse }}", '32.0|[2, 1]|cba'],
    [
      'sort with attribute, reverse and case',
      "{{ ['b', 'A', 'c']|sort }}|{{ [3, 1, 2]|sort(reverse=true) }}|{{ users|sort(attribute='age')|map(attribute='n')|join }}",
      "['A', 'b', 'c']|[3, 2, 1]|yx",
      {
        users: [
          { n: 'x', age: 3 },
          { n: 'y', age: 1 },
        ],
      },
    ],
    [
      'groupby with attribute access and unpacking',
      "{% for g in users|groupby('city') %}{{ g.grouper }}:{{ g.list|map(attribute='n')|join }};{% endfor %}{% for city, items in users|groupby('city') %}{{ city }}{{ items|length }}{% endfor %}",
      'A:b;B:ac;A1B2',
      {
        users: [
          { n: 'a', city: 'B' },
          { n: 'b', city: 'A' },
          { n: 'c', city: 'B' },
        ],
      },
    ],
    [
      'default with boolean=True',
      "{{ ''|default('d', true) }}|{{ 0|default('d', boolean=true) }}|{{ none|default('d') }}|{{ missing|default('d') }}",
      'd|d|None|d',
    ],
    [
      'escape, safe, striptags, urlencode',
      "{{ '<a href=\"x\">'|e }}|{{ '<a>'|safe }}|{{ '<b>x</b>  <br/>y &amp; z'|striptags }}|{{ 'a b&c/d'|urlencode }}|{{ {'a': 'x y', 'b': 1}|urlencode }}",
      '&lt;a href=&#34;x&#34;&gt;|<a>|x y & z|a%20b%26c/d|a=x+y&b=1',
    ],
  ]);
});

describe('Jinja2 3.1 fidelity: methods, operators and values', () => {
  check([
    [
      'string methods',
      "{{ ' a '.strip() }}{{ 'xa'.lstrip('x') }}{{ 'ax'.rstrip('x') }}|{{ 'a,b'.split(',') }}|{{ 'a b  c'.split() }}|{{ 'ab'.startswith('a') }}{{ 'ab'.endswith(('x', 'b')) }}|{{ 'aa'.replace('a', 'b') }}|{{ 'hi there'.title() }}|{{ '-'.join(['a', 'b']) }}|{{ 'aab'.count('a') }}{{ 'abc'.find('c') }}",
      "aaa|['a', 'b']|['a', 'b', 'c']|TrueTrue|bb|Hi There|a-b|22",
    ],
    [
      'str.format',
      "{{ '{} and {}'.format(1, 'b') }}|{{ '{name}: {score:.1f}'.format(name='A', score=9.25) }}|{{ '{:>4}|{:<3}|{:^5}|{:,}'.format('a', 'b', 'c', 1234567) }}",
      '1 and b|A: 9.2|   a|b  |  c  |1,234,567',
    ],
    [
      'list and dict methods',
      "{% set l = [1] %}{{ l.append(2) }}{{ l }}{{ l.index(2) }}{{ l.count(1) }}|{{ d.items()|list }}{{ d.keys()|list }}{{ d.values()|list }}{{ d.get('z', 0) }}",
      "None[1, 2]11|[('a', 1)]['a'][1]0",
      { d: { a: 1 } },
    ],
    [
      'slicing',
      "{{ 'hello'[1:3] }}{{ [1, 2, 3][::-1] }}{{ 'abc'[-1] }}{{ [1, 2, 3][-2:] }}{{ 'hello'[::2] }}",
      'el[3, 2, 1]c[2, 3]hlo',
    ],
    [
      'percent formatting',
      "{{ '%d%%' % 5 }}|{{ '%.2f' % 3.14159 }}|{{ '%s' % [1] }}|{{ '%(a)s' % {'a': 1} }}|{{ '%5s|%-5s|' % ('a', 'b') }}|{{ '%r' % 'x' }}",
      "5%|3.14|[1]|1|    a|b    ||'x'",
    ],
    [
      'True, False and None in both spellings',
      '{{ True }}{{ false }}{{ None }}{{ none is none }}',
      'TrueFalseNoneTrue',
    ],
    [
      'floats print like Python',
      '{{ 4 / 2 }}|{{ 1.0 }}|{{ 3 // 2 }}|{{ 7 / 2 }}|{{ 2 * 1.5 }}|{{ 1.0 + 1 }}|{{ 10 ** 2 }}|{{ 2 ** -1 }}|{{ 7.0 // 2 }}|{{ 7 % 2.0 }}|{{ -1.0 }}|{{ 1e3 }}|{{ 1e20 }}|{{ 0.1 + 0.2 }}',
      '2.0|1.0|1|3.5|3.0|2.0|100|0.5|3.0|1.0|-1.0|1000.0|1e+20|0.30000000000000004',
    ],
    [
      'Python operator precedence',
      "{{ 7 * 3 // 2 }}|{{ 10 - 2 - 3 }}|{{ -2 ** 2 }}|{{ 2 ** 3 ** 2 }}|{{ 'a' ~ 1 * 2 }}|{{ 1 < 2 < 3 }}",
      '10|5|4|64|a2|True',
    ],
    [
      'Python reprs inside containers',
      "{{ ['a', \"it's\", 'q\"x', 'é\\n'] }}|{{ (1, 'a') }}|{{ (1,) }}|{{ {'k': [1, None, True, 2.0]} }}",
      "['a', \"it's\", 'q\"x', 'é\\n']|(1, 'a')|(1,)|{'k': [1, None, True, 2.0]}",
    ],
    ['Python string escapes in literals', "{{ 'tab\\there' }}|{{ 'x\\x41\\u00e9' }}", 'tab\there|xAé'],
    [
      'Python truthiness and and/or values',
      "{{ [] or 'empty' }}|{{ 0 and 1 }}|{{ 'a' if {} else 'b' }}|{{ 'x' if false }}|",
      'empty|0|b||',
    ],
    ['whitespace control', 'a\n{%- if true %}\nb{% endif -%}\n  c {#- note #} d', 'a\nbc d'],
    ['adjacent string literals concatenate', "{{ 'it' \"'s\" ' ok' }}", "it's ok"],
    ['raw blocks', '{% raw %}{{ x }}{% if %}{% endraw %}', '{{ x }}{% if %}'],
    ['one trailing newline dropped', 'Hello\n\n', 'Hello\n'],
  ]);

  it('turns a Python type error into a render error with the line', () => {
    const error = thrown(() => renderTemplate('a\n{{ "a" + 1 }}', {}));
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({
      message: 'can only concatenate str (not "int") to str',
      line: 2,
      lineText: '{{ "a" + 1 }}',
    });
  });
});
