import { RE2JS } from 're2js';
import type { CustomRecognizer, Detection } from '../types';
import type { Recognizer } from './recognizer';

/** Longest pattern source accepted; a policy is configuration, not a program. */
export const MAX_CUSTOM_PATTERN_LENGTH = 1000;
/** Matches kept per custom recognizer and text; beyond this the text is not worth scanning further. */
export const MAX_CUSTOM_MATCHES = 1000;
/** Characters searched on each side of a match for a context word when `contextWindow` is not set. */
export const DEFAULT_CONTEXT_WINDOW = 40;
const MAX_CONTEXT_WINDOW = 1000;

/** Why a custom recognizer cannot be used (bad name, pattern RE2 refuses, …); the policy layer maps it. */
export class InvalidCustomRecognizerError extends Error {
  constructor(
    readonly recognizer: string,
    readonly reason: string,
  ) {
    super(`custom recognizer ${recognizer}: ${reason}`);
    this.name = 'InvalidCustomRecognizerError';
  }
}

/** Names become placeholders (`<EMPLOYEE_ID_1>`), so they must fit the placeholder grammar. */
const NAME = /^[A-Z][A-Z0-9_]{0,39}$/;

const compiledCache = new Map<string, RE2JS | string>();

/** The compiled pattern, or why it cannot be compiled; cached per source (policies repeat). */
function compilePattern(pattern: string): RE2JS | string {
  const cached = compiledCache.get(pattern);
  if (cached !== undefined) return cached;
  let result: RE2JS | string;
  try {
    result = RE2JS.compile(pattern);
    if (result.matches('')) result = 'pattern matches the empty string';
  } catch (error) {
    result = `pattern is not a supported regular expression (${(error as Error).message})`;
  }
  if (compiledCache.size >= 256) compiledCache.delete(compiledCache.keys().next().value as string);
  compiledCache.set(pattern, result);
  return result;
}

/**
 * Why `recognizer` cannot be used, or undefined when it can. Patterns are compiled with re2js (RE2:
 * matching time linear in the input, so no catastrophic backtracking); RE2 refuses backreferences
 * and lookaround, and we refuse patterns that match the empty string.
 */
export function customRecognizerProblem(recognizer: CustomRecognizer): string | undefined {
  if (!NAME.test(recognizer.name)) return 'name must be upper-case letters, digits and _ (at most 40)';
  if (!recognizer.pattern || recognizer.pattern.length > MAX_CUSTOM_PATTERN_LENGTH) {
    return `pattern must be 1–${MAX_CUSTOM_PATTERN_LENGTH} characters`;
  }
  const compiled = compilePattern(recognizer.pattern);
  if (typeof compiled === 'string') return compiled;
  const window = recognizer.contextWindow;
  if (window !== undefined && (!Number.isInteger(window) || window < 1 || window > MAX_CONTEXT_WINDOW)) {
    return `contextWindow must be an integer from 1 to ${MAX_CONTEXT_WINDOW}`;
  }
  if (recognizer.contextWords?.some((w) => w.trim() === '')) return 'context words must not be empty';
  return undefined;
}

/** A recognizer for an instance's custom entity; throws InvalidCustomRecognizerError if it is unusable. */
export function customRecognizer(recognizer: CustomRecognizer): Recognizer {
  const problem = customRecognizerProblem(recognizer);
  if (problem) throw new InvalidCustomRecognizerError(recognizer.name, problem);
  const pattern = compilePattern(recognizer.pattern) as RE2JS;
  const words = (recognizer.contextWords ?? []).map((w) => w.toLowerCase());
  const window = recognizer.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  return {
    type: recognizer.name,
    find(text: string): Detection[] {
      const found: Detection[] = [];
      const lower = words.length > 0 ? text.toLowerCase() : '';
      const matcher = pattern.matcher(text);
      while (found.length < MAX_CUSTOM_MATCHES && matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end === start) continue;
        if (words.length > 0) {
          const around = lower.slice(Math.max(0, start - window), Math.min(text.length, end + window));
          if (!words.some((w) => around.includes(w))) continue;
        }
        found.push({ type: recognizer.name, start, end, value: text.slice(start, end) });
      }
      return found;
    },
  };
}
