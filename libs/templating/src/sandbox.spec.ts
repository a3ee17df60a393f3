import { ErrorCode } from '@promptops/shared';
import {
  TemplateError,
  TemplateLimitError,
  TemplateSecurityError,
  UndefinedVariableError,
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

describe('sandbox: a template reaches only its data', () => {
  const refused: [string, string, Record<string, unknown>?][] = [
    ['the constructor of a string, by attribute', '{{ "".constructor.constructor("return process")() }}'],
    ['a constructor name built at run time', '{{ x["con" ~ "structor"] }}', { x: {} }],
    ['the Function constructor through range()', '{{ range.constructor("return process")() }}'],
    ['a method of a cycler', '{{ cycler("a").next.constructor("return 1")() }}'],
    ['the function made by joiner()', '{{ joiner().constructor }}'],
    ['a namespace prototype', '{{ namespace().constructor }}'],
    ['reading __proto__ of a namespace', '{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}'],
    ['a _private attribute of a namespace', '{% set ns = namespace(_a=1) %}{{ ns._a }}'],
    ['an attribute of a macro', '{% macro m() %}{% endmacro %}{{ m.constructor }}'],
    ['an attribute of caller', '{% macro m() %}{{ caller.constructor }}{% endmacro %}{% call m() %}{% endcall %}'],
    ['the loop object', '{% for x in [1] %}{{ loop.cycle.constructor("return 1")() }}{% endfor %}'],
    ['a function returned by a filter', '{{ ([1]|map("attr", "constructor")|first)("return 1")() }}'],
    ['__proto__ of data', '{{ x.__proto__ }}', { x: {} }],
    ['prototype of a global', '{{ cycler.prototype }}'],
    ['toString of data', '{{ x.toString() }}', { x: {} }],
    ['valueOf of data', '{{ x.valueOf }}', { x: {} }],
    ['a Python-style class walk', '{% set x = "" %}{{ x.__class__.__mro__[1].__subclasses__() }}'],
    ['__class__ of a string literal', "{{ ''.__class__ }}"],
    ['map(attribute=constructor)', '{{ [""]|map(attribute="constructor")|list }}'],
    ['the attr() filter', '{{ ""|attr("constructor") }}'],
    ['globals of lipsum', '{{ lipsum.__globals__ }}'],
    [
      'a getter on an object passed as a variable',
      '{{ obj.secret }}',
      { obj: Object.defineProperty({}, 'secret', { get: () => 's', enumerable: true }) },
    ],
    ['a function passed as a variable', '{{ fn() }}', { fn: () => 'called' }],
    ['a method of an object passed as a variable', '{{ d.fn() }}', { d: { fn: () => 'called' } }],
    ['a host object passed as a variable', '{{ when.getTime() }}', { when: new Date(0) }],
    ['sorting by a prototype path', '{{ [x]|sort(attribute="__proto__.x") }}', { x: {} }],
    ['a format field that walks to the constructor', '{{ "{0.constructor}".format("") }}'],
  ];

  it.each(refused)('refuses %s', (_name, template, variables = {}) => {
    const error = thrown(() => renderTemplate(template, variables));
    expect(error).toBeInstanceOf(TemplateSecurityError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_SECURITY_VIOLATION });
  });

  it('reads keys named like JavaScript internals as the data they are, as Jinja2 does', () => {
    const d = JSON.parse(
      '{"arguments":"A","name":"N","call":"C","apply":"P","bind":"B","length":3,"toString":"T","valueOf":"V",' +
        '"constructor":"K","caller":"R","_x":"X","__y":"Y","__proto__":"Z"}',
    );
    const names = ['arguments', 'name', 'call', 'apply', 'bind', 'length', 'toString', 'valueOf'];
    const more = ['constructor', 'caller', '_x', '__y', '__proto__'];
    const byAttribute = [...names, ...more].map((n) => `{{ d.${n} }}`).join(' ');
    expect(renderTemplate(byAttribute, { d })).toBe('A N C P B 3 T V K R X Y Z');
    const byItem = [...names, ...more].map((n) => `{{ d["${n}"] }}`).join(' ');
    expect(renderTemplate(byItem, { d })).toBe('A N C P B 3 T V K R X Y Z');
    expect(renderTemplate('{{ calls|map(attribute="arguments")|join(",") }}', { calls: [d, d] })).toBe('A,A');
  });

  it('keeps keys written by templates as data, never as prototypes', () => {
    expect(renderTemplate('{{ {"__proto__": 1, "constructor": 2} }}')).toBe("{'__proto__': 1, 'constructor': 2}");
    expect(renderTemplate('{{ {"__proto__": 1}.__proto__ }}')).toBe('1');
    expect(
      renderTemplate('{% set d = {} %}{{ d.update(x) }}{{ d.__proto__ }} {{ d.a is defined }}', {
        x: JSON.parse('{"__proto__": {"a": 1}}'),
      }),
    ).toBe("None{'a': 1} False");
    expect(renderTemplate('{% set d = dict(x) %}{{ d.setdefault("__proto__", 5) }}{{ d }}', { x: {} })).toBe(
      "5{'__proto__': 5}",
    );
  });

  it('never takes data for keyword arguments', () => {
    const x = { __keywords: true, b: 5 };
    expect(renderTemplate('{% macro m(a, b=2) %}{{ a }}|{{ b }}{% endmacro %}{{ m(x) }}', { x })).toBe(
      "{'__keywords': True, 'b': 5}|2",
    );
    expect(renderTemplate('{{ "{}".format(x) }}', { x })).toBe("{'__keywords': True, 'b': 5}");
    expect(renderTemplate('{{ [1, 2]|join(y) }}', { y: { __keywords: true, attribute: 'a' } })).toBe(
      "1{'__keywords': True, 'attribute': 'a'}2",
    );
    expect(renderTemplate('{{ x|tojson }}', { x })).toBe('{"__keywords": true, "b": 5}');
    expect(renderTemplate('{% macro m(a, b=2) %}{{ a }}|{{ b }}{% endmacro %}{{ m(1, b=3) }}')).toBe('1|3');
  });

  it('does not find host globals by name', () => {
    for (const name of ['process', 'require', 'global', 'globalThis', 'this', 'constructor', 'toString', 'Function']) {
      const error = thrown(() => renderTemplate(`{{ ${name} }}`, {}));
      expect(error).toBeInstanceOf(UndefinedVariableError);
      expect(error).toMatchObject({ code: ErrorCode.MISSING_VARIABLE });
    }
  });

  it('never runs a getter of the variables, not even when printing the object', () => {
    let calls = 0;
    const obj = Object.defineProperty({ a: 1 }, 'secret', {
      get: () => {
        calls += 1;
        return 's';
      },
      enumerable: true,
    });
    expect(renderTemplate('{{ obj }} {{ obj|tojson }} {{ obj.items()|list }}', { obj })).toBe(
      "{'a': 1, 'secret': None} {\"a\": 1, \"secret\": null} [('a', 1), ('secret', None)]",
    );
    expect(calls).toBe(0);
  });

  it('lets a template shadow a global only for itself', () => {
    expect(renderTemplate('{% set range = 1 %}{{ range }}', {})).toBe('1');
    expect(renderTemplate('{{ range(2) }}', {})).toBe('[0, 1]');
  });

  it('does not read inherited properties of data', () => {
    expect(thrown(() => renderTemplate('{{ x.hasOwnProperty }}', { x: {} }))).toBeInstanceOf(TemplateSecurityError);
    expect(renderTemplate('{{ x.length is defined }}', { x: [1] })).toBe('False');
  });

  it('keeps one render from changing what the next one sees', () => {
    const compiled = compileTemplate('{% set ns = namespace(n=0) %}{% set ns.n = ns.n + 1 %}{{ ns.n }}');
    expect(compiled.render({})).toBe('1');
    expect(compiled.render({})).toBe('1');
  });
});

describe('limits', () => {
  function limitCode(fn: () => unknown): string | undefined {
    const error = thrown(fn);
    expect(error).toBeInstanceOf(TemplateLimitError);
    return (error as TemplateLimitError).code;
  }

  it('stops a runaway nested loop at the time limit', () => {
    const started = Date.now();
    expect(
      limitCode(() =>
        renderTemplate(
          '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}',
          {},
          { timeoutMs: 200 },
        ),
      ),
    ).toBe(ErrorCode.TEMPLATE_TIME_LIMIT);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops macro recursion that never ends', () => {
    expect(limitCode(() => renderTemplate('{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}', {}))).toBe(
      ErrorCode.TEMPLATE_RECURSION_LIMIT,
    );
  });

  it('stops a recursive loop that never ends', () => {
    expect(limitCode(() => renderTemplate('{% for i in t recursive %}{{ loop(t) }}{% endfor %}', { t: [1] }))).toBe(
      ErrorCode.TEMPLATE_RECURSION_LIMIT,
    );
  });

  it('refuses a huge range before allocating it', () => {
    expect(limitCode(() => renderTemplate('{{ range(1000000)|length }}', {}))).toBe(ErrorCode.TEMPLATE_RANGE_LIMIT);
    expect(renderTemplate('{{ range(3) }} {{ range(5, 0, -2) }}', {})).toBe('[0, 1, 2] [5, 3, 1]');
  });

  it('refuses output bigger than maxOutputBytes, counting UTF-8 bytes', () => {
    const compiled = compileTemplate('{% for i in range(n) %}{{ text }}{% endfor %}');
    expect(compiled.render({ n: 3, text: 'é' }, { maxOutputBytes: 6 })).toBe('ééé');
    expect(limitCode(() => compiled.render({ n: 4, text: 'é' }, { maxOutputBytes: 6 }))).toBe(
      ErrorCode.TEMPLATE_OUTPUT_LIMIT,
    );
    expect(limitCode(() => compiled.render({ n: 100000, text: 'abcdefghij' }, { maxOutputBytes: 1000 }))).toBe(
      ErrorCode.TEMPLATE_OUTPUT_LIMIT,
    );
  });

  it.each([
    ['string repetition', "{{ 'x' * 10**9 }}"],
    ['list repetition', '{{ [1, 2] * 10**9 }}'],
    ['concatenation with ~', "{{ ('x' * 900000) ~ ('y' * 900000) }}"],
    ['concatenation with +', "{{ ('x' * 900000) + ('y' * 900000) }}"],
    ['join of big strings', "{% set s = 'x' * 500000 %}{{ [s, s, s]|join }}"],
    ['batch padding', "{{ [1]|batch(10**9, 'x')|list }}"],
    ['slice count', '{{ [1]|slice(10**9)|list }}'],
    ['center width', "{{ 'a'|center(10**9) }}"],
    ['replace growth', "{% set s = 'a' * 100000 %}{{ s|replace('a', 'bbbbbbbbbbbbbbbbbbbbb') }}"],
    ['wordwrap of a huge string', "{{ ('ab ' * 400000)|wordwrap(5, wrapstring='-------') }}"],
  ])('refuses %s before allocating gigabytes', (_name, template) => {
    expect(limitCode(() => renderTemplate(template, {}))).toBe(ErrorCode.TEMPLATE_OUTPUT_LIMIT);
  });

  it('reports every limit as a TemplateError with a stable code', () => {
    expect(thrown(() => renderTemplate("{{ 'x' * 2000000 }}", {}))).toBeInstanceOf(TemplateError);
  });
});
