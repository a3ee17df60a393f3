import { Transform } from 'class-transformer';

/** A query-string flag: `true` and `false` become booleans; anything else stays, for IsBoolean to refuse. */
export const BooleanQuery = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
