import { ErrorCode } from '@promptops/shared';
import { TemplateError, renderTemplate } from './index';
import { removeDelimited } from './filters';

/** Renders with a small budget; answers the output, or the error code, and how long it took. */
function timed(template: string, variables: Record<string, unknown> = {}, timeoutMs = 50) {
  const started = performance.now();
  let outcome: string;
  try {
    outcome = renderTemplate(template, variables, { timeoutMs });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    outcome = error.code;
  }
  return { outcome, ms: performance.now() - started };
}

/** Two lists that each hold the one before them twice: 2^40 leaves in 40 small allocations. */
const doubled =
  '{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(40) %}' +
  '{% set ns.a = [ns.a, ns.a] %}{% set ns.b = [ns.b, ns.b] %}{% endfor %}';

// Generous: the budget is 50 ms; the margin absorbs a loaded CI machine, not an unbounded walk.
const WITHIN_BUDGET_MS = 1000;

describe('the work budget covers every walk over values, not only loops', () => {
  const walks: [string, string][] = [
    ['comparing two exponentially shared lists', `${doubled}{{ ns.a == ns.b }}`],
    ['printing one', `${doubled}{{ ns.a }}`],
    ['tojson of one', `${doubled}{{ ns.a|tojson }}`],
    ['pprint of one', `${doubled}{{ ns.a|pprint }}`],
    ['string formatting of one', `${doubled}{{ "%s"|format(ns.a) }}{{ "{}".format(ns.a) }}`],
    ['`in` over them', `${doubled}{{ ns.a in [ns.b] }}`],
    ['sorting them', `${doubled}{{ [ns.a, ns.b]|sort|length }}`],
    ['counting one in a list', `${doubled}{{ [ns.a].count(ns.b) }}`],
    ['loop.changed over them', `${doubled}{% for x in [ns.a, ns.b] %}{{ loop.changed(x) }}{% endfor %}`],
    ['max of them', `${doubled}{{ [ns.a, ns.b]|max|length }}`],
  ];

  it.each(walks)('stops %s within the budget', (_name, template) => {
    const { outcome, ms } = timed(template);
    expect([ErrorCode.TEMPLATE_TIME_LIMIT, ErrorCode.TEMPLATE_OUTPUT_LIMIT]).toContain(outcome);
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });
});

describe('built-ins stay linear on hostile variables, like Jinja2', () => {
  it('unique over 100,000 distinct strings', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => `k${i}`);
    const { outcome, ms } = timed('{{ xs|unique|length }}', { xs }, 1000);
    expect(outcome).toBe('100000');
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });

  it('unique follows Python hashing: 1, 1.0 and True are one; lists are unhashable', () => {
    expect(renderTemplate('{{ [1, 1.0, True, "1"]|unique|list }}')).toBe("[1, '1']");
    expect(renderTemplate('{{ [(1, 2), (1, 2), (1, 3)]|unique|list }}')).toBe('[(1, 2), (1, 3)]');
    expect(renderTemplate('{{ ["A", "a", "b"]|unique|list }}')).toBe("['A', 'b']");
    expect(() => renderTemplate('{{ [1, [1]]|unique|list }}')).toThrow("unhashable type: 'list'");
  });

  it.each([
    ['300,000 "<"', '<'.repeat(300_000)],
    ['75,000 unclosed comments', '<!--'.repeat(75_000)],
    ['100,000 tags', '<b>x</b>'.repeat(100_000)],
  ])('striptags over %s', (_name, s) => {
    const { outcome, ms } = timed('{{ s|striptags|length }}', { s }, 1000);
    expect(Number(outcome)).toBeGreaterThan(0);
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });

  it('striptags removes exactly what markupsafe removes, cuts that form new markers included', () => {
    // markupsafe 2.1's loop, written plainly: the reference for the linear version.
    const reference = (value: string, open: string, close: string) => {
      for (;;) {
        const start = value.indexOf(open);
        if (start < 0) return value;
        const end = value.indexOf(close, start);
        if (end < 0) return value;
        value = value.slice(0, start) + value.slice(end + close.length);
      }
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['<', '!', '-', '>', 'a', ' ', '<!--', '-->'];
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * 8)]).join('');
      expect(removeDelimited(text, '<!--', '-->')).toBe(reference(text, '<!--', '-->'));
      expect(removeDelimited(text, '<', '>')).toBe(reference(text, '<', '>'));
    }
    expect(removeDelimited('<!<!-- x -->-- y -->z', '<!--', '-->')).toBe('z');
  });

  it.each([
    ['str.ljust', '{{ s.ljust(n)|length }}'],
    ['str.rjust', '{{ s.rjust(n)|length }}'],
    ['str.center', '{{ s.center(n)|length }}'],
    ['str.zfill', '{{ s.zfill(n)|length }}'],
    ['the center filter', '{{ s|center(n)|length }}'],
    ['str.format padding', '{{ ("{:>" ~ n ~ "}").format(s)|length }}'],
    ['printf-style padding', '{{ (("%" ~ n ~ "s") % s)|length }}'],
    ['tojson indent', '{{ [1]|tojson(indent=n)|length }}'],
  ])('%s refuses a 300,000,000-character result before allocating it', (_name, template) => {
    const { outcome, ms } = timed(template, { s: 'a', n: 300_000_000 });
    expect(outcome).toBe(ErrorCode.TEMPLATE_OUTPUT_LIMIT);
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });

  it.each([
    [
      'str.replace with a long replacement',
      '{{ s.replace("a", r)|length }}',
      { s: 'a'.repeat(100_000), r: 'b'.repeat(100_000) },
    ],
    [
      'indent with a long indent string',
      '{{ s|indent(w)|length }}',
      { s: 'a\n'.repeat(100_000), w: 'x'.repeat(100_000) },
    ],
    ['str.join of long items', '{{ "".join([s] * 20) }}', { s: 'x'.repeat(100_000) }],
    ['a list that extends itself', '{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}', {}],
    ['repeated format fields', '{{ ("{0}" * 50000).format(s) }}', { s: 'x'.repeat(1000) }],
  ])('%s stops at the size limit', (_name, template, variables) => {
    const { outcome, ms } = timed(template, variables, 1000);
    expect([ErrorCode.TEMPLATE_OUTPUT_LIMIT, ErrorCode.TEMPLATE_TIME_LIMIT]).toContain(outcome);
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });

  it.each([
    ['unclosed %( keys', '{{ (s % {})|length }}', { s: '%('.repeat(150_000) }],
    ['split with a large maxsplit', '{{ s.split(None, 100000)|length }}', { s: 'a '.repeat(150_000) }],
    ['strip with many characters', '{{ s.strip(c)|length }}', { s: 'ab'.repeat(150_000), c: 'c'.repeat(150_000) }],
    ['urlize over one long word', '{{ s|urlize|length }}', { s: 'http://.'.repeat(40_000) }],
    ['trim of inner whitespace', '{{ s|trim|length }}', { s: `a${' '.repeat(300_000)}a` }],
  ])('%s stays linear', (_name, template, variables) => {
    const { outcome, ms } = timed(template, variables, 1000);
    expect(outcome).toMatch(/^\d+$/);
    expect(ms).toBeLessThan(WITHIN_BUDGET_MS);
  });
});
