import { PII_ENTITY_TYPES } from '@promptops/shared';
import { loadCorpus, scoreCorpus } from './score';

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
