/**
 * An option outside its range (alpha, confidence, repetitions). It is a programming error of the
 * caller, never a data problem: data that is too thin answers with nulls or `insufficient_data`.
 * The experiments service validates its DTOs first, so a client never sees this one.
 */
export class StatisticsOptionError extends RangeError {
  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

/** Throws unless `value` lies strictly between 0 and 1 (an alpha or a confidence level). */
export function assertOpenUnitInterval(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value < 1)) {
    throw new StatisticsOptionError(`${name} must lie strictly between 0 and 1, got ${value}`);
  }
}
