import { ExperimentSummaryResponseDto } from './dto/experiment-summary.dto';
import { Experiment } from './experiment.entity';

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (value: number | null, digits = 3) => (value === null ? '–' : value.toFixed(digits));
const interval = (ci: [number, number] | null) => (ci ? `[${num(ci[0])}, ${num(ci[1])}]` : '');

/**
 * JUnit XML for CI test reports: one test case per variant and scorer (failing when a
 * candidate is significantly worse than the baseline), one per gate condition.
 */
export function junitReport(experiment: Experiment, summary: ExperimentSummaryResponseDto): string {
  const cases: string[] = [];
  let failures = 0;
  for (const variant of summary.variants) {
    for (const scorer of variant.scorers) {
      const comparison = summary.comparisons.find((c) => c.candidate === variant.index && c.scorer === scorer.scorer);
      const worse = comparison?.verdict === 'worse';
      if (worse) failures++;
      const name = `${variant.label} · ${scorer.scorer}: mean ${num(scorer.mean)} ${interval(scorer.ci95)}, pass rate ${num(scorer.passRate)}`;
      cases.push(
        `    <testcase classname="${xml(experiment.name)}" name="${xml(name)}">` +
          (worse ? `<failure message="${xml(comparison.verdictText)}"/>` : '') +
          (comparison && !worse ? `<system-out>${xml(comparison.verdictText)}</system-out>` : '') +
          `</testcase>`,
      );
    }
  }
  for (const check of summary.gate?.checks ?? []) {
    if (!check.passed) failures++;
    cases.push(
      `    <testcase classname="${xml(experiment.name)}.gate" name="${xml(check.condition)}">` +
        (check.passed ? '' : `<failure message="${xml(check.actual)}"/>`) +
        `</testcase>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="PromptOps experiment ${experiment.id}" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="${xml(experiment.name)}" tests="${cases.length}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A Markdown summary for a pull request comment or a CI job summary. */
export function markdownReport(experiment: Experiment, summary: ExperimentSummaryResponseDto): string {
  const lines = [
    `## Experiment ${experiment.id}: ${experiment.name}`,
    '',
    `Dataset **${experiment.dataset?.name ?? experiment.datasetId}** v${experiment.datasetVersion} · ${experiment.repetitions} repetition(s) · status **${experiment.status}**`,
    '',
  ];
  if (summary.gate) {
    lines.push(`### Gate: ${summary.gate.passed ? '✅ passed' : '❌ failed'}`, '');
    for (const check of summary.gate.checks)
      lines.push(`- ${check.passed ? '✅' : '❌'} ${check.condition} (${check.actual})`);
    lines.push('');
  }
  lines.push(
    '| Variant | Scorer | Mean [95% CI] | Pass rate | Cost (USD) | p50 latency |',
    '| --- | --- | --- | --- | ---: | ---: |',
  );
  for (const variant of summary.variants) {
    for (const scorer of variant.scorers) {
      lines.push(
        `| ${variant.label} | ${scorer.scorer} | ${num(scorer.mean)} ${interval(scorer.ci95)} | ${num(scorer.passRate)} | ${variant.costUsd.toFixed(4)} | ${variant.latencyP50Ms === null ? '–' : `${Math.round(variant.latencyP50Ms)} ms`} |`,
      );
    }
  }
  if (summary.comparisons.length > 0) {
    lines.push('', '### Comparisons (paired on items)', '');
    for (const comparison of summary.comparisons) lines.push(`- ${comparison.verdictText}`);
  }
  lines.push('');
  return lines.join('\n');
}
