import { ErrorCode } from '@promptops/shared';

/** Something wrong with one field of a scorer's config; ScorersService names the scorer. */
export class ScorerConfigProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: ErrorCode = ErrorCode.SCORER_CONFIG_INVALID,
  ) {
    super(message);
  }
}

/** Reads a scorer's free-form config, refusing unknown keys and values of the wrong type. */
export class ConfigReader {
  constructor(
    private readonly config: Record<string, unknown>,
    known: string[],
  ) {
    const unknown = Object.keys(config).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      throw new ScorerConfigProblem(unknown[0], `unknown setting; this kind takes ${known.join(', ') || 'none'}`);
    }
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.config[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw new ScorerConfigProblem(key, 'must be true or false');
    return value;
  }

  number(key: string, fallback: number, check: { min?: number } = {}): number {
    const value = this.config[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ScorerConfigProblem(key, 'must be a number');
    if (check.min !== undefined && value < check.min)
      throw new ScorerConfigProblem(key, `must be at least ${check.min}`);
    return value;
  }

  optionalInt(key: string): number | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ScorerConfigProblem(key, 'must be a whole number from 1');
    }
    return value;
  }

  string(key: string): string | undefined {
    const value = this.config[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      throw new ScorerConfigProblem(key, 'must be a non-empty string');
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw new ScorerConfigProblem(key, 'is required');
    return value;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.config[key];
    if (value === undefined) return fallback;
    if (!choices.includes(value as T)) throw new ScorerConfigProblem(key, `must be one of ${choices.join(', ')}`);
    return value as T;
  }

  raw(key: string): unknown {
    return this.config[key];
  }
}

/** Text compared the way a reader sees it: composed Unicode (é typed or pasted is one é). */
export function normalizeText(text: string, options: { trim: boolean; ignoreCase: boolean }): string {
  let result = text.normalize('NFC');
  if (options.trim) result = result.trim();
  if (options.ignoreCase) result = result.toLowerCase();
  return result;
}

/** A dataset item's expected value, for scorers that need one. */
export const NO_EXPECTED = 'this item has no expected value';

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}
