import { DataSource } from 'typeorm';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const floorTo = (ms: number, unit: number): number => Math.floor(ms / unit) * unit;
export const ceilTo = (ms: number, unit: number): number => Math.ceil(ms / unit) * unit;

/**
 * Dates as the driver stores them: better-sqlite3 binds no Date, and TypeORM keeps SQLite
 * datetimes as UTC text `YYYY-MM-DD HH:MM:SS.SSS`; mysql2 (timezone Z) takes a Date.
 */
export function sqlDate(dataSource: DataSource, ms: number): Date | string {
  if (dataSource.options.type === 'mysql') return new Date(ms);
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime as a raw query returns it: a Date from mysql2, UTC text from SQLite. */
export function readDate(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  return Date.parse(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);
}
