import fc from 'fast-check';
import { loadHostileSeeds } from '../corpus/cases';
import { TemplateError, renderTemplate } from './index';

/**
 * Property: whatever the template and the variables, a render ends within its budget with a
 * text or a TemplateError (never another exception, never a stall). Templates come from a small
 * grammar over Jinja2's filters, methods, operators and statements; variables are hostile (long
 * strings of markup characters, huge numbers, deep and wide lists, keys named like internals).
 * The run is seeded, so a failure reproduces; FUZZ_RUNS and FUZZ_SEED explore further locally.
 */
const BUDGET_MS = 50;
const MAX_OUTPUT = 100_000;
// Far above the budget, so a loaded CI machine does not fail it; an unbounded walk still does.
const ENDS_WITHIN_MS = 1500;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const hostileString = fc.oneof(
  fc
    .constantFrom(
      '<',
      '<!--',
      '%(',
      'a ',
      '{',
      '}',
      '\\',
      "'",
      '\u0000',
      '\ud83d\ude00',
      '上海',
      '<b>x</b>',
      '%s',
      '{0}',
    )
    .chain((piece) => fc.integer({ min: 0, max: 120_000 }).map((times) => piece.repeat(times))),
  fc.string({ maxLength: 40 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, 1e21, 1e308, -1e308, 300_000_000, 0.5, -0),
  fc.integer(),
  fc.double({ noNaN: true }),
);
const nested = fc.integer({ min: 0, max: 150 }).map((depth) => {
  let value: unknown = ['leaf'];
  for (let i = 0; i < depth; i++) value = [value, 'x'];
  return value;
});
const wide = fc.integer({ min: 0, max: 50_000 }).map((n) => Array.from({ length: n }, (_, i) => (i % 3 ? `k${i}` : i)));
const trickyDict = fc.constantFrom(
  { __keywords: true, b: 5 },
  JSON.parse('{"constructor": "K", "toString": "T", "arguments": "A", "__proto__": {"x": 1}}'),
  { items: 1, keys: [1, 2], name: 'n', length: 3 },
);
const variables = fc.record({
  s: hostileString,
  t: hostileString,
  n: hostileNumber,
  l: fc.oneof(wide, nested, fc.array(hostileString, { maxLength: 4 })),
  d: trickyDict,
});

const names = ['s', 't', 'n', 'l', 'd', 'ns.a', 'x'];
const smallArg = fc.oneof(
  fc.constantFrom('1', '2', '-1', '0', '300000000', '100000', "'a'", "''", "'<'", 'n', 's', 't', 'True', 'None'),
);
const FILTERS: [string, number][] = [
  ['unique', 0],
  ['striptags', 0],
  ['sort', 0],
  ['tojson', 0],
  ['pprint', 0],
  ['list', 0],
  ['reverse', 0],
  ['join', 1],
  ['center', 1],
  ['indent', 1],
  ['wordwrap', 1],
  ['truncate', 1],
  ['urlize', 0],
  ['title', 0],
  ['upper', 0],
  ['replace', 2],
  ['format', 1],
  ['batch', 1],
  ['slice', 1],
  ['dictsort', 0],
  ['items', 0],
  ['sum', 0],
  ['max', 0],
  ['min', 0],
  ['first', 0],
  ['last', 0],
  ['length', 0],
  ['string', 0],
  ['trim', 0],
  ['wordcount', 0],
  ['capitalize', 0],
  ['escape', 0],
  ['urlencode', 0],
  ['int', 0],
  ['float', 0],
  ['abs', 0],
  ['round', 1],
  ['filesizeformat', 0],
  ['xmlattr', 0],
  ['random', 0],
];
const METHODS: [string, number][] = [
  ['ljust', 1],
  ['rjust', 1],
  ['center', 1],
  ['zfill', 1],
  ['replace', 2],
  ['split', 0],
  ['split', 2],
  ['strip', 1],
  ['join', 1],
  ['format', 1],
  ['count', 1],
  ['upper', 0],
  ['startswith', 1],
  ['items', 0],
  ['keys', 0],
  ['append', 1],
  ['extend', 1],
  ['index', 1],
  ['title', 0],
  ['splitlines', 0],
];

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...names),
    smallArg,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
    fc
      .tuple(tie('expr'), fc.constantFrom('~', '+', '*', '==', '!=', '<', 'in', '%', 'and', 'or'), tie('expr'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(tie('expr'), fc.constantFrom(...FILTERS), fc.array(smallArg, { maxLength: 2 }))
      .map(([a, [name, arity], args]) => `(${a}|${name}${arity ? `(${args.slice(0, arity).join(', ')})` : ''})`),
    fc
      .tuple(tie('expr'), fc.constantFrom(...METHODS), fc.array(smallArg, { minLength: 2, maxLength: 2 }))
      .map(([a, [name, arity], args]) => `${a}.${name}(${args.slice(0, arity).join(', ')})`),
    fc.tuple(tie('expr'), smallArg).map(([a, i]) => `${a}[${i}]`),
  ),
}));

const statement = fc.oneof(
  fc.constantFrom('text ', '\n', '{{ x }}'),
  expr.map((e) => `{{ ${e} }}`),
  expr.map((e) => `{% set ns.a = ${e} %}`),
  expr.map((e) => `{% set ns.a = [ns.a, ns.a] %}{{ ${e} }}`),
  expr.map((e) => `{% for y in ${e} %}{{ y }}{% endfor %}`),
  expr.map((e) => `{% if ${e} %}yes{% endif %}`),
);
const template = fc
  .array(statement, { minLength: 1, maxLength: 6 })
  .map((parts) => `{% set ns = namespace(a=[1]) %}{% set x = 1 %}${parts.join('')}`);

/** Renders and classifies: the property fails on a stall or on any error that is not a template's. */
function renderBounded(source: string, vars: Record<string, unknown>): void {
  const started = performance.now();
  try {
    renderTemplate(source, vars, { timeoutMs: BUDGET_MS, maxOutputBytes: MAX_OUTPUT });
  } catch (error) {
    if (!(error instanceof TemplateError)) {
      throw new Error(`not a template error: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
  const took = performance.now() - started;
  if (took > ENDS_WITHIN_MS) throw new Error(`render took ${Math.round(took)} ms`);
}

describe('fuzz: every render ends within its budget with a text or a template error', () => {
  it.each(loadHostileSeeds().map((seed) => [seed.name, seed] as const))('seed: %s', (_name, seed) => {
    renderBounded(seed.template, seed.variables);
  });

  it(`holds for ${RUNS} generated templates with hostile variables`, () => {
    fc.assert(
      fc.property(template, variables, (source, vars) => renderBounded(source, vars)),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261202), endOnFailure: true },
    );
  });
});
