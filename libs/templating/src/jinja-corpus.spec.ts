import { loadJinjaCorpus } from '../corpus/cases';
import { TemplateError, renderTemplate } from './index';

/** Real chat and prompt templates with the output Python Jinja2 3.1 gives for them (corpus/README.md). */
const cases = loadJinjaCorpus();

/** Cases we knowingly do not match yet, by `id#case`, each with the reason. */
const KNOWN_GAPS: Record<string, string> = {};

describe('Jinja2 conformance corpus', () => {
  it('has the repository’s cases, tool-calling templates included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(16);
    expect(cases.map((c) => c.id)).toContain('hermes-tool-calls');
  });

  const runnable = cases.filter((c) => !KNOWN_GAPS[`${c.id}#${c.case}`]);
  it.each(runnable.map((c) => [`${c.id}#${c.case}`, c] as const))('%s renders like Jinja2', (_name, c) => {
    if (c.error !== undefined) {
      expect(() => renderTemplate(c.template, c.variables)).toThrow(TemplateError);
    } else {
      expect(renderTemplate(c.template, c.variables)).toBe(c.expected);
    }
  });
});
