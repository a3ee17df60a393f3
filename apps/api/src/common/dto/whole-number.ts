import { Transform } from 'class-transformer';

/**
 * A whole number from the query string, written as digits only: `1.0`, `1e3`, `0x10` or `20abc`
 * stay strings and fail the `@IsInt()` that follows, instead of being read as numbers.
 */
export function WholeNumber(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));
}
