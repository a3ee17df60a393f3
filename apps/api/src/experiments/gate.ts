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

export interface GateCheck {
  condition: string;
  passed: boolean;
  actual: string;
}

export interface GateResult {
  passed: boolean;
  scorer: string;
  candidate: number;
  checks: GateCheck[];
}

/** What the gate needs to know of the candidate: its summary on the scorer and the paired comparison. */
export interface GateFacts {
  mean: number | null;
  passRate: number | null;
  /** Against `notWorseThan`: the verdict and its p-value. */
  comparison?: { verdict: string; pValue: number | null; meanDifference: number | null; baselineLabel: string };
}

const fixed = (value: number | null) => (value === null ? 'none' : value.toFixed(3));

/** Every condition given must hold; a gate without conditions passes when the experiment completed. */
export function evaluateGate(gate: GateSpec, candidate: number, facts: GateFacts): GateResult {
  const checks: GateCheck[] = [];
  if (gate.minMean !== undefined) {
    checks.push({
      condition: `mean ${gate.scorer} ≥ ${gate.minMean}`,
      passed: facts.mean !== null && facts.mean >= gate.minMean,
      actual: `mean ${fixed(facts.mean)}`,
    });
  }
  if (gate.minPassRate !== undefined) {
    checks.push({
      condition: `pass rate ${gate.scorer} ≥ ${gate.minPassRate}`,
      passed: facts.passRate !== null && facts.passRate >= gate.minPassRate,
      actual: `pass rate ${fixed(facts.passRate)}`,
    });
  }
  if (gate.notWorseThan !== undefined && facts.comparison) {
    const { verdict, pValue, meanDifference, baselineLabel } = facts.comparison;
    checks.push({
      condition: `not significantly worse than ${baselineLabel} on ${gate.scorer}`,
      passed: verdict !== 'worse',
      actual: `${verdict.replace(/_/g, ' ')}, difference ${fixed(meanDifference)}, p ${fixed(pValue)}`,
    });
  }
  return { passed: checks.every((c) => c.passed), scorer: gate.scorer, candidate, checks };
}
