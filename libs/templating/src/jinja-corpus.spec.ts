import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError, renderTemplate } from './index';

/**
 * Real chat and prompt templates with the output Python Jinja2 3.1 gives for them
 * (/work/shared/jinja-corpus, see its README). Every case must render exactly like Jinja2.
 */
interface CorpusCase {
  id: string;
  case: number;
  source: string;
  template: string;
  variables: Record<string, unknown>;
  expected?: string;
  error?: string;
}

/** The corpus lives outside the repository (shared with the reference runs); JINJA_CORPUS overrides its path. */
const CORPUS = process.env.JINJA_CORPUS ?? join(__dirname, '../../../../shared/jinja-corpus/cases.json');
const cases: CorpusCase[] = existsSync(CORPUS) ? JSON.parse(readFileSync(CORPUS, 'utf8')) : [];

/** Cases we knowingly do not match yet, by `id#case`, each with the reason. */
const KNOWN_GAPS: Record<string, string> = {};

describe('Jinja2 conformance corpus', () => {
  it(`is available at ${CORPUS}`, () => {
    expect(cases.length).toBeGreaterThan(0);
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
