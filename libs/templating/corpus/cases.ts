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

/** A template with variables that once stalled or bloated a render (hostile-seeds.json). */
export interface HostileSeed {
  name: string;
  template: string;
  variables: Record<string, unknown>;
  /** Only the variables are hostile: the template could be an innocent deployed one. */
  deployed?: boolean;
}

/** Expands the generators that keep large values out of the JSON file. */
export function expandSeed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandSeed);
  if (value === null || typeof value !== 'object') return value;
  const spec = value as Record<string, unknown>;
  if (typeof spec.$repeat === 'string') return spec.$repeat.repeat(spec.times as number);
  if (typeof spec.$strings === 'number') return Array.from({ length: spec.$strings }, (_, i) => `k${i}`);
  if (typeof spec.$nested === 'number') {
    let nested: unknown = ['leaf'];
    for (let i = 0; i < spec.$nested; i++) nested = [nested];
    return nested;
  }
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, expandSeed(v)]));
}

export function loadHostileSeeds(): HostileSeed[] {
  const seeds = JSON.parse(readFileSync(join(__dirname, 'hostile-seeds.json'), 'utf8')) as HostileSeed[];
  return seeds.map((seed) => ({ ...seed, variables: expandSeed(seed.variables) as Record<string, unknown> }));
}
