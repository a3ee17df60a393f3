import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, TestApp } from './harness';

interface CorpusCase {
  id: string;
  case: number;
  source: string;
  template: string;
  variables: Record<string, unknown>;
  expected?: string;
  error?: string;
}

/** The shared Jinja2 conformance corpus sits beside the repository (see its README); JINJA_CORPUS overrides. */
const CORPUS = process.env.JINJA_CORPUS ?? join(__dirname, '../../../../shared/jinja-corpus/cases.json');
const cases: CorpusCase[] = existsSync(CORPUS) ? JSON.parse(readFileSync(CORPUS, 'utf8')) : [];

describe('Jinja2 conformance corpus through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('finds the corpus', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.id} #${c.case}`, c] as const))('%s renders as Jinja2 does', async (_label, c) => {
    const res = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({ template: c.template, variables: c.variables });
    if (c.error !== undefined) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.detail).toEqual(expect.any(String));
    } else {
      expect(res.status).toBe(200);
      expect(res.body.text).toBe(c.expected);
    }
  });
});
