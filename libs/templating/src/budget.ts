/**
 * The work budget of the render in progress. Rendering is synchronous, so one module-level
 * slot holds the budget of the render running now; everything a render does that grows with
 * its input (walking values for `==`, printing, `tojson`, `in`, sorting, hashing, filters,
 * methods and loops) spends from it, and the clock is read every few hundred units. Code that
 * builds a string or list asks `assertSize` first, so nothing is allocated past the output
 * budget. Outside a render (variable checks, previews of metadata) nothing is metered.
 */
import { ErrorCode } from '@promptops/shared';
import { TemplateLimitError, TemplateRenderError } from './errors';

export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1_000_000;

export interface WorkBudget {
  /** `Date.now()` past which the render stops with TEMPLATE_TIME_LIMIT. */
  readonly deadline: number;
  /** Largest string or list a render may build, and its largest output (UTF-8 bytes). */
  readonly maxOutputBytes: number;
  /** Units spent so far; a unit is about one value visited (tens of nanoseconds). */
  spent: number;
  /** When `spent` reaches this, the clock is read. */
  nextCheck: number;
}

/** Reading the clock costs about as much as 25 units; every 256 units keeps it under 1 %. */
const CHECK_EVERY = 256;

let active: WorkBudget | undefined;

export function createBudget(timeoutMs = DEFAULT_TIMEOUT_MS, maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES): WorkBudget {
  return { deadline: Date.now() + timeoutMs, maxOutputBytes, spent: 0, nextCheck: CHECK_EVERY };
}

/**
 * Makes `budget` the running render's budget and answers the one it replaces, which the caller
 * gives back to `leaveBudget` in a `finally` (no closure per render).
 */
export function enterBudget(budget: WorkBudget): WorkBudget | undefined {
  const previous = active;
  active = budget;
  return previous;
}

export function leaveBudget(previous: WorkBudget | undefined): void {
  active = previous;
}

export function timeLimitError(): TemplateLimitError {
  return new TemplateLimitError(ErrorCode.TEMPLATE_TIME_LIMIT, 'Template rendering took too long');
}

/** Spends `units` of work; throws TEMPLATE_TIME_LIMIT once the render is past its deadline. */
export function spend(units = 1): void {
  const budget = active;
  if (budget === undefined) return;
  budget.spent += units;
  if (budget.spent < budget.nextCheck) return;
  budget.nextCheck = budget.spent + CHECK_EVERY;
  if (Date.now() > budget.deadline) throw timeLimitError();
}

/** Work proportional to `length` items done by native code (copying, splitting, searching). */
export function spendLinear(length: number): void {
  spend(1 + (length >>> 5));
}

/** The largest string (in UTF-16 units) or list the running render may build. */
export function sizeLimit(): number {
  return active?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
}

/** Raised by size guards; the runtime turns it into TEMPLATE_OUTPUT_LIMIT. */
export class TemplateSizeError extends TemplateRenderError {
  constructor(
    readonly size: number,
    readonly maxLength: number,
  ) {
    super(`result would have ${size} items, more than the ${maxLength} allowed`);
  }
}

/**
 * Guards operations that build strings or lists: refuses before allocating. Spends nothing:
 * joining two strings is O(1) in V8; operations that copy call `spendLinear` themselves.
 */
export function assertSize(size: number, maxLength = sizeLimit()): void {
  if (size > maxLength) throw new TemplateSizeError(size, maxLength);
}
