import { cosineSimilarity, similarityScore } from './vectors';

describe('cosine similarity', () => {
  it('is 1 for vectors pointing the same way, 0 for orthogonal ones, −1 for opposite ones', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1, 12);
  });

  it('matches a worked example: (1,2,3)·(4,5,6) / (|a||b|) = 32 / √1078', () => {
    expect(cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(32 / Math.sqrt(1078), 12);
  });

  it('is 0 against a zero vector, and refuses vectors of different lengths', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow('vectors of different lengths');
  });

  it('scores negative similarity as 0 and never above 1', () => {
    expect(similarityScore(-0.4)).toBe(0);
    expect(similarityScore(1.0000001)).toBe(1);
    expect(similarityScore(0.83)).toBe(0.83);
  });
});
