/**
 * What a CI pipeline requires of an experiment's candidate variant. Every condition given must
 * hold for the gate to pass; the candidate is the last variant unless named.
 */
export interface GateSpec {
  /** The scorer the gate looks at. */
  scorer: string;
  /** Index of the variant under test (default: the last one). */
  candidate?: number;
  /** Mean score at least this. */
  minMean?: number;
  /** Pass rate at least this. */
  minPassRate?: number;
  /** Not significantly worse (paired test) than this variant, e.g. 0 = the deployed version. */
  notWorseThan?: number;
}
