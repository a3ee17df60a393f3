/** Precision and recall of `detect` against the labelled corpus: exact spans, per type and overall. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PII_ENTITY_TYPES } from '@promptops/shared';
import { detect, type RedactionPolicy } from '../redaction-engine';

export interface CorpusSample {
  text: string;
  entities: { type: string; start: number; end: number }[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export const ALL_ON: RedactionPolicy = {
  entities: Object.fromEntries(PII_ENTITY_TYPES.map((t) => [t, 'mask'])),
};

export function loadCorpus(): CorpusSample[] {
  return readFileSync(join(__dirname, 'pii-corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusSample);
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

/** Scores per type and `ALL`; `misses` lists the samples with a false positive or negative. */
export function scoreCorpus(samples: CorpusSample[]): { byType: Record<string, Score>; misses: string[] } {
  const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
  const bump = (type: string, key: 'tp' | 'fp' | 'fn') => {
    for (const t of [type, 'ALL']) {
      counts[t] ??= { tp: 0, fp: 0, fn: 0 };
      counts[t][key]++;
    }
  };
  const misses: string[] = [];
  for (const sample of samples) {
    const key = (e: { type: string; start: number; end: number }) => `${e.type}:${e.start}:${e.end}`;
    const expected = new Set(sample.entities.map(key));
    const found = detect(sample.text, ALL_ON);
    const got = new Set(found.map(key));
    for (const d of found) bump(d.type, expected.has(key(d)) ? 'tp' : 'fp');
    for (const e of sample.entities) if (!got.has(key(e))) bump(e.type, 'fn');
    if (found.some((d) => !expected.has(key(d))) || sample.entities.some((e) => !got.has(key(e)))) {
      misses.push(
        `${sample.text}\n  expected ${[...expected].join(', ')}\n  found    ${found.map((d) => `${key(d)}=${d.value}`).join(', ')}`,
      );
    }
  }
  const byType: Record<string, Score> = {};
  for (const [type, c] of Object.entries(counts)) {
    byType[type] = { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) };
  }
  return { byType, misses };
}
