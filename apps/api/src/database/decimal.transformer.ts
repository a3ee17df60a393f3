import { ValueTransformer } from 'typeorm';

/** DECIMAL comes back as a string from MySQL and as a number from SQLite. */
export const decimalTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value ?? null,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};
