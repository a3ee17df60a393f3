/**
 * The Jinja2 conformance corpus the tests run: the repository's own cases (jinja2-cases.json,
 * expected outputs from Python Jinja2, see reference.py), plus any cases of a file named by
 * JINJA_CORPUS (the team's shared corpus in CI) that the repository does not have yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusCase {
  id: string;
  case: number;
  source: string;
  template: string;
  variables: Record<string, unknown>;
  /** What Jinja2 renders; absent when Jinja2 refuses the case. */
  expected?: string;
  /** Jinja2's error, when it refuses the case. */
  error?: string;
}

const OWN = join(__dirname, 'jinja2-cases.json');

function read(file: string): CorpusCase[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusCase[];
}

export function loadJinjaCorpus(extra = process.env.JINJA_CORPUS): CorpusCase[] {
  const cases = read(OWN);
  if (extra && existsSync(extra)) {
    const known = new Set(cases.map((c) => `${c.id}#${c.case}`));
    cases.push(...read(extra).filter((c) => !known.has(`${c.id}#${c.case}`)));
  }
  return cases;
}
