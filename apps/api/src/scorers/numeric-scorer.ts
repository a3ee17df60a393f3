import { ConfigReader, isMissing, NO_EXPECTED } from './scorer-config';
import type { Verdict } from './scorer.types';
import { quote, typeName } from './text-scorers';

export interface NumericConfig {
  /** Absolute difference still counted as right. */
  tolerance: number;
  /** Difference still counted as right, as a share of the expected value (0.05 = 5 %). */
  relativeTolerance: number;
}

export function numericConfig(config: Record<string, unknown>): NumericConfig {
  const read = new ConfigReader(config, ['tolerance', 'relativeTolerance']);
  return {
    tolerance: read.number('tolerance', 0, { min: 0 }),
    relativeTolerance: read.number('relativeTolerance', 0, { min: 0 }),
  };
}

/** A number as written in prose: sign, thousands separators, decimals, exponent. */
const NUMBER = /[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\.\d+/;

/**
 * The first number in a text. Full-width digits (４２, common in Chinese text) are read as
 * digits; "1,234" is one thousand two hundred and thirty-four.
 */
export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text.normalize('NFKC'));
  if (!match) return null;
  const value = Number(match[0].replace(/,/g, '').replace('−', '-'));
  return Number.isFinite(value) ? value : null;
}

/**
 * 1 within the tolerance (the larger of the absolute and the relative one); beyond it, the
 * score falls linearly with the excess relative to the expected value, reaching 0 at 100 %.
 */
export function numeric(config: NumericConfig, output: string, expected: unknown): Verdict {
  if (isMissing(expected)) return { error: NO_EXPECTED };
  const target = typeof expected === 'number' ? expected : typeof expected === 'string' ? firstNumber(expected) : null;
  if (target === null || !Number.isFinite(target)) {
    return {
      error: `expected must be a number, not ${typeof expected === 'string' ? quote(expected) : typeName(expected)}`,
    };
  }
  const found = firstNumber(output);
  if (found === null) return { score: 0, reason: `no number in the output (expected ${target})` };
  const difference = Math.abs(found - target);
  const allowed = Math.max(config.tolerance, config.relativeTolerance * Math.abs(target));
  if (difference <= allowed) {
    return {
      score: 1,
      reason: difference === 0 ? `${found} as expected` : `${found} is within ${allowed} of ${target}`,
    };
  }
  const score = Math.max(0, 1 - (difference - allowed) / Math.max(Math.abs(target), 1));
  return { score, reason: `${found} is off by ${round(difference)} from ${target}` };
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
