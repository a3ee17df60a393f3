/** Cosine similarity of two vectors of the same length; 0 when either is all zeros. */
export function cosineSimilarity(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`vectors of different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}

/**
 * A similarity as a score: negative cosines (opposed meanings, rare with text embeddings)
 * count as unrelated, 0; rounding can push identical texts a hair above 1.
 */
export function similarityScore(cosine: number): number {
  return Math.min(1, Math.max(0, cosine));
}
