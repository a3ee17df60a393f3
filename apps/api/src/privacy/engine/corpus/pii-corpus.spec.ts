/** Precision and recall of `detect` on the labelled corpus: exact spans (type, start, end), per type and overall. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PII_ENTITY_TYPES } from '@promptops/shared';
import { detect, type RedactionPolicy } from '../redaction-engine';

interface CorpusSample {
  text: string;
  entities: { type: string; start: number; end: number }[];
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const ALL_ON: RedactionPolicy = {
  entities: Object.fromEntries(PII_ENTITY_TYPES.map((t) => [t, 'mask'])),
};

function loadCorpus(): CorpusSample[] {
  return readFileSync(join(__dirname, 'pii-corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusSample);
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : n / d;
}

/** Scores per type and `ALL`; `misses` lists the samples with a false positive or negative. */
function scoreCorpus(samples: CorpusSample[]): { byType: Record<string, Score>; misses: string[] } {
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

describe('the labelled PII corpus', () => {
  const samples = loadCorpus();
  const { byType, misses } = scoreCorpus(samples);

  it('has at least 500 samples, English and Chinese, positives of every type and negatives', () => {
    expect(samples.length).toBeGreaterThanOrEqual(500);
    expect(samples.filter((s) => /[\u4e00-\u9fff]/.test(s.text)).length).toBeGreaterThan(150);
    expect(samples.filter((s) => !/[\u4e00-\u9fff]/.test(s.text)).length).toBeGreaterThan(150);
    expect(samples.filter((s) => s.entities.length === 0).length).toBeGreaterThan(150);
    for (const type of PII_ENTITY_TYPES) {
      expect(samples.filter((s) => s.entities.some((e) => e.type === type)).length).toBeGreaterThan(40);
    }
  });

  it('finds personal data with precision ≥ 0.97 and recall ≥ 0.95 overall', () => {
    const report = Object.entries(byType)
      .map(
        ([type, s]) =>
          `${type.padEnd(15)} P=${s.precision.toFixed(3)} R=${s.recall.toFixed(3)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`,
      )
      .join('\n');
    console.log(`${report}\n\nmisses:\n${misses.join('\n')}`);
    expect(byType.ALL.precision).toBeGreaterThanOrEqual(0.97);
    expect(byType.ALL.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches the same bar for every built-in type on its own', () => {
    for (const type of PII_ENTITY_TYPES) {
      expect({ type, precision: byType[type].precision >= 0.97, recall: byType[type].recall >= 0.95 }).toEqual({
        type,
        precision: true,
        recall: true,
      });
    }
  });
});
