import { ErrorCode } from '@promptops/shared';
import { TemplateError, TemplateLimitError, TemplateSecurityError, compileTemplate, renderTemplate } from './index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('sandbox: a template reaches only its data', () => {
  const attacks: [string, string, Record<string, unknown>?][] = [
    ['string constructor chain', '{{ "".constructor.constructor("return process")() }}'],
    ['global function constructor', '{{ range.constructor("return process")() }}'],
    ['computed attribute name', '{{ x["con" ~ "structor"] }}', { x: {} }],
    ['__proto__ of data', '{{ x.__proto__ }}', { x: {} }],
    ['prototype of a global', '{{ cycler.prototype }}'],
    ['attribute of a macro', '{% macro m() %}{% endmacro %}{{ m.constructor }}'],
    ['filter attribute path', '{{ [""]|map(attribute="constructor")|list }}'],
    ['sort by a prototype path', '{{ [x]|sort(attribute="__proto__.x") }}', { x: {} }],
  ];

  it.each(attacks)('refuses %s', (_name, template, variables = {}) => {
    const error = thrown(() => renderTemplate(template, variables));
    expect(error).toBeInstanceOf(TemplateSecurityError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_SECURITY_VIOLATION });
  });

  it('does not find host globals by name', () => {
    for (const name of ['process', 'require', 'global', 'globalThis', 'constructor', 'toString']) {
      const error = thrown(() => renderTemplate(`{{ ${name} }}`, {}));
      expect(error).toBeInstanceOf(TemplateError);
      expect(error).toMatchObject({ code: ErrorCode.MISSING_VARIABLE });
    }
  });

  it('does not call functions smuggled in through the variables', () => {
    const error = thrown(() => renderTemplate('{{ fn() }}', { fn: () => 'called' }));
    expect(error).toBeInstanceOf(TemplateSecurityError);
  });

  it('does not read inherited properties of data', () => {
    expect(thrown(() => renderTemplate('{{ x.hasOwnProperty }}', { x: {} }))).toBeInstanceOf(TemplateSecurityError);
    expect(renderTemplate('{{ x.length is defined }}', { x: [1] })).toBe('False');
  });
});

describe('limits', () => {
  it('stops a runaway nested loop at the time limit', () => {
    const started = Date.now();
    const error = thrown(() =>
      renderTemplate(
        '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}',
        {},
        { timeoutMs: 200 },
      ),
    );
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(error).toMatchObject({ code: ErrorCode.TEMPLATE_TIME_LIMIT });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops recursion that never ends', () => {
    const error = thrown(() => renderTemplate('{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}', {}));
    expect(error).toBeInstanceOf(TemplateLimitError);
    expect(['TEMPLATE_TIME_LIMIT', 'TEMPLATE_RECURSION_LIMIT']).toContain((error as TemplateLimitError).code);
  });

  it('refuses a huge range before allocating it', () => {
    expect(thrown(() => renderTemplate('{{ range(1000000)|length }}', {}))).toMatchObject({
      code: ErrorCode.TEMPLATE_RANGE_LIMIT,
    });
    expect(renderTemplate('{{ range(3) }} {{ range(5, 0, -2) }}', {})).toBe('[0, 1, 2] [5, 3, 1]');
  });

  it('refuses output bigger than maxOutputBytes, counting UTF-8 bytes', () => {
    const compiled = compileTemplate('{% for i in range(n) %}{{ text }}{% endfor %}');
    expect(compiled.render({ n: 3, text: 'é' }, { maxOutputBytes: 6 })).toBe('ééé');
    expect(thrown(() => compiled.render({ n: 4, text: 'é' }, { maxOutputBytes: 6 }))).toMatchObject({
      code: ErrorCode.TEMPLATE_OUTPUT_LIMIT,
    });
    expect(thrown(() => renderTemplate('{{ "x" * 2000000 }}', {}))).toBeInstanceOf(TemplateError);
    expect(thrown(() => compiled.render({ n: 100000, text: 'abcdefghij' }, { maxOutputBytes: 1000 }))).toMatchObject({
      code: ErrorCode.TEMPLATE_OUTPUT_LIMIT,
    });
  });
});
