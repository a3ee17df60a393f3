import { distance } from 'fastest-levenshtein';
import { ConfigReader, isMissing, NO_EXPECTED, normalizeText, ScorerConfigProblem } from './scorer-config';
import type { Verdict } from './scorer.types';

export interface ExactMatchConfig {
  trim: boolean;
  ignoreCase: boolean;
}

export function exactMatchConfig(config: Record<string, unknown>): ExactMatchConfig {
  const read = new ConfigReader(config, ['trim', 'ignoreCase']);
  return { trim: read.bool('trim', true), ignoreCase: read.bool('ignoreCase', false) };
}

/** The output is the expected answer, or one of several acceptable ones (a list). */
export function exactMatch(config: ExactMatchConfig, output: string, expected: unknown): Verdict {
  const answers = acceptableAnswers(expected);
  if ('error' in answers) return answers;
  const seen = normalizeText(output, config);
  const hit = answers.list.find((answer) => normalizeText(answer, config) === seen);
  if (hit !== undefined) return { score: 1, reason: `matches ${quote(hit)}` };
  const wanted = answers.list.length === 1 ? quote(answers.list[0]) : `any of ${answers.list.map(quote).join(', ')}`;
  return { score: 0, reason: `expected ${wanted}, got ${quote(output)}` };
}

export interface ContainsConfig {
  /** Substrings to look for; when absent, the item's expected value (a string or a list). */
  values?: string[];
  mode: 'all' | 'any';
  ignoreCase: boolean;
}

export function containsConfig(config: Record<string, unknown>): ContainsConfig {
  const read = new ConfigReader(config, ['values', 'mode', 'ignoreCase']);
  const raw = read.raw('values');
  let values: string[] | undefined;
  if (raw !== undefined) {
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) {
      throw new ScorerConfigProblem('values', 'must be a non-empty string or a list of non-empty strings');
    }
    values = list as string[];
  }
  return {
    ...(values ? { values } : {}),
    mode: read.oneOf('mode', ['all', 'any'] as const, 'all'),
    ignoreCase: read.bool('ignoreCase', false),
  };
}

/**
 * The output contains the substrings: all of them (score = the share found, so a partial
 * answer shows as such) or any one of them.
 */
export function contains(config: ContainsConfig, output: string, expected: unknown): Verdict {
  let needles = config.values;
  if (!needles) {
    const answers = acceptableAnswers(expected);
    if ('error' in answers) return answers;
    needles = answers.list;
  }
  const options = { trim: false, ignoreCase: config.ignoreCase };
  const haystack = normalizeText(output, options);
  const found = needles.filter((needle) => needle !== '' && haystack.includes(normalizeText(needle, options)));
  const missing = needles.filter((needle) => !found.includes(needle));
  if (config.mode === 'any') {
    return found.length > 0
      ? { score: 1, reason: `contains ${quote(found[0])}` }
      : { score: 0, reason: `contains none of ${needles.map(quote).join(', ')}` };
  }
  return {
    score: found.length / needles.length,
    reason: missing.length === 0 ? `contains all ${needles.length}` : `missing ${missing.map(quote).join(', ')}`,
  };
}

export interface LevenshteinConfig {
  trim: boolean;
  ignoreCase: boolean;
}

export function levenshteinConfig(config: Record<string, unknown>): LevenshteinConfig {
  const read = new ConfigReader(config, ['trim', 'ignoreCase']);
  return { trim: read.bool('trim', true), ignoreCase: read.bool('ignoreCase', false) };
}

/**
 * The edit distance takes time in proportion to the product of the lengths (about 60 ms at
 * 5,000 × 5,000 characters): longer pairs are the scorer's error, not a stalled process.
 */
const MAX_EDIT_CELLS = 25_000_000;

/** 1 − edit distance / length of the longer text, counted in characters (an emoji is one). */
export function levenshtein(config: LevenshteinConfig, output: string, expected: unknown): Verdict {
  if (isMissing(expected)) return { error: NO_EXPECTED };
  if (typeof expected !== 'string' && typeof expected !== 'number') {
    return { error: `expected must be a string or a number to compare texts, not ${typeName(expected)}` };
  }
  const [a, b] = sameUnits(normalizeText(output, config), normalizeText(String(expected), config));
  if (a.length * b.length > MAX_EDIT_CELLS) {
    return { error: `texts of ${a.length} and ${b.length} characters are too long to compare by edit distance` };
  }
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return { score: 1, reason: 'both empty' };
  const edits = distance(a, b);
  return { score: 1 - edits / longer, reason: `${edits} edit${edits === 1 ? '' : 's'} over ${longer} characters` };
}

/**
 * fastest-levenshtein compares UTF-16 code units, so an emoji (two units) would count as two
 * edits: when there are any, each distinct character is first mapped to one unit.
 */
function sameUnits(a: string, b: string): [string, string] {
  const astral = /[\uD800-\uDFFF]/;
  if (!astral.test(a) && !astral.test(b)) return [a, b];
  const codes = new Map<string, string>();
  const map = (text: string) =>
    Array.from(text, (char) => {
      let unit = codes.get(char);
      if (unit === undefined) codes.set(char, (unit = String.fromCharCode(0xe000 + codes.size)));
      return unit;
    }).join('');
  return [map(a), map(b)];
}

/** An expected answer as a list of acceptable texts: a string, a number, a boolean, or a list of them. */
function acceptableAnswers(expected: unknown): { list: string[] } | { error: string } {
  if (isMissing(expected)) return { error: NO_EXPECTED };
  const list = Array.isArray(expected) ? expected : [expected];
  if (list.length === 0) return { error: 'expected is an empty list' };
  const texts: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') texts.push(String(item));
    else return { error: `expected must be a string, a number or a list of them, not ${typeName(item)}` };
  }
  return { list: texts };
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A text quoted for a reason, cut short when long. */
export function quote(text: string): string {
  const chars = Array.from(text);
  return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : text);
}
