import { loadJinjaCorpus } from '../../../libs/templating/corpus/cases';
import { startApp, TestApp } from './harness';

/** The repository's Jinja2 conformance corpus (libs/templating/corpus), plus JINJA_CORPUS's extra cases. */
const cases = loadJinjaCorpus();

describe('Jinja2 conformance corpus through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('finds the corpus in the repository', () => {
    expect(cases.length).toBeGreaterThanOrEqual(16);
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
