import { ErrorCode } from '@promptops/shared';
import { RE2JS } from 're2js';
import { ConfigReader, ScorerConfigProblem } from './scorer-config';
import type { Verdict } from './scorer.types';

/** Longer patterns are refused: RE2 is linear in the text, but its program grows with the pattern. */
const MAX_PATTERN_LENGTH = 2000;

export interface RegexConfig {
  pattern: string;
  /** `i` (ignore case), `m` (^ and $ at line ends), `s` (. matches line breaks). */
  flags: string;
  /** Pass when the pattern is NOT found (an apology, a leaked secret…). */
  negate: boolean;
}

export function regexConfig(config: Record<string, unknown>): RegexConfig {
  const read = new ConfigReader(config, ['pattern', 'flags', 'negate']);
  const pattern = read.requiredString('pattern');
  const flags = read.string('flags') ?? '';
  if (!/^[ims]*$/.test(flags) || new Set(flags).size !== flags.length) {
    throw new ScorerConfigProblem('flags', 'takes i, m and s, each at most once', ErrorCode.SCORER_REGEX_INVALID);
  }
  const pinned = { pattern, flags: [...flags].sort().join(''), negate: read.bool('negate', false) };
  compileRegex(pinned);
  return pinned;
}

/**
 * Compiled with re2js, a pure-JS port of RE2: matching time is linear in the output, whatever
 * the pattern, so an operator's regex cannot stall the process on a hostile model output (a
 * backtracking engine takes exponential time on `(a+)+$` and 30 a's). The price: no
 * backreferences or lookarounds, which the pin step reports as an invalid pattern.
 */
export function compileRegex(config: Pick<RegexConfig, 'pattern' | 'flags'>): RE2JS {
  if (config.pattern.length > MAX_PATTERN_LENGTH) {
    throw new ScorerConfigProblem(
      'pattern',
      `is longer than ${MAX_PATTERN_LENGTH} characters`,
      ErrorCode.SCORER_REGEX_INVALID,
    );
  }
  let flags = 0;
  if (config.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (config.flags.includes('m')) flags |= RE2JS.MULTILINE;
  if (config.flags.includes('s')) flags |= RE2JS.DOTALL;
  try {
    return RE2JS.compile(config.pattern, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ScorerConfigProblem(
      'pattern',
      `is not a valid regular expression (RE2 syntax: no backreferences or lookarounds): ${message}`,
      ErrorCode.SCORER_REGEX_INVALID,
    );
  }
}

/** The pattern is found anywhere in the output (anchor it with ^…$ to require the whole output). */
export function regexMatch(config: RegexConfig, regex: RE2JS, output: string): Verdict {
  const matcher = regex.matcher(output);
  const found = matcher.find();
  const match = found ? matcher.group() : null;
  if (config.negate) {
    return found
      ? { score: 0, reason: `found ${JSON.stringify(match)}, which must not appear` }
      : { score: 1, reason: 'pattern not found, as required' };
  }
  return found ? { score: 1, reason: `found ${JSON.stringify(match)}` } : { score: 0, reason: 'pattern not found' };
}
