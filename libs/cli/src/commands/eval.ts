import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError } from 'commander';
import { parse } from 'yaml';
import type { ExperimentStatus } from '@promptops/shared';
import { collect, jsonOption, positiveInt, type Context } from '../cli';
import type { ApiClient } from '../client';
import { BadArgumentsError, CheckFailedError, UsageError } from '../errors';

interface EvalOptions {
  config?: string;
  name?: string;
  dataset?: string;
  variant?: string[];
  scorer?: string[];
  repetitions?: number;
  gateScorer?: string;
  minMean?: number;
  minPassRate?: number;
  notWorseThan?: number;
  budget?: number;
  timeout: number;
  junit?: string;
  markdown?: string;
  json?: boolean;
}

interface Experiment {
  id: number;
  status: ExperimentStatus;
  error: string | null;
  progress: { total: number; done: number; failed: number; costUsd: number };
}

interface Summary {
  variants: {
    index: number;
    label: string;
    scorers: { scorer: string; mean: number | null; passRate: number | null }[];
  }[];
  comparisons: { verdictText: string }[];
  gate: {
    passed: boolean;
    scorer: string;
    candidate: number;
    checks: { condition: string; passed: boolean; actual: string }[];
  } | null;
}

const ENDED: ExperimentStatus[] = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

const POLL_MS = 500;

export function registerEvalCommand(program: Command, context: Context): void {
  program
    .command('eval')
    .description(
      'run an experiment and gate on it (docs/evaluations.md): exit 1 when the gate fails (API keys: scope eval)',
    )
    .option(
      '--config <file>',
      'the experiment as YAML or JSON: the body of POST /api/v1/experiments (flags below override it)',
    )
    .option('--name <name>', 'the experiment name (default: "promptops eval")')
    .option('--dataset <name>', 'the dataset')
    .option(
      '--variant <prompt[@version|:environment]>',
      'a variant (repeatable; the first is the baseline, the last the candidate)',
      collect,
    )
    .option('--scorer <name:kind>', 'a scorer with its defaults, e.g. exact:exact_match (repeatable)', collect)
    .option('--repetitions <n>', 'runs per item and variant', positiveInt)
    .option('--gate-scorer <name>', 'the scorer the gate looks at (default: the first)')
    .option('--min-mean <x>', 'gate: mean score at least this (0–1)', unitInterval)
    .option('--min-pass-rate <x>', 'gate: pass rate at least this (0–1)', unitInterval)
    .option('--not-worse-than <index>', 'gate: not significantly worse than this variant (0 = the first)', wholeNumber)
    .option('--budget <usd>', 'stop once model calls cost this much', nonNegative)
    .option('--timeout <seconds>', 'give up waiting after this long (the experiment keeps running)', positiveInt, 1800)
    .option('--junit <file>', 'write the JUnit XML report here')
    .option('--markdown <file>', 'write the Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)')
    .addOption(jsonOption())
    .action(async (options: EvalOptions) => {
      const client = context.client();
      const body = experimentBody(context, options);
      const started = await client.json<Experiment>('POST', '/api/v1/experiments', { body });
      context.progress(`experiment ${started.id} on ${client.url}: ${started.progress.total} run(s)`);
      const experiment = await waitForEnd(context, client, started, options.timeout);
      for (const [format, file] of [
        ['junit', options.junit],
        ['markdown', options.markdown],
      ] as const) {
        if (!file) continue;
        const report = await client.text('GET', `/api/v1/experiments/${experiment.id}/report`, {
          query: { format },
          accept: format === 'junit' ? 'application/xml' : 'text/markdown',
        });
        writeFileSync(context.path(file), report, 'utf8');
        context.progress(`wrote ${file}`);
      }
      if (experiment.status !== 'completed') {
        throw new Error(
          `experiment ${experiment.id} ended ${experiment.status}${experiment.error ? `: ${experiment.error}` : ''}`,
        );
      }
      const summary = await client.json<Summary>('GET', `/api/v1/experiments/${experiment.id}/summary`);
      context.print(options, { experiment, summary }, () => summaryLines(summary));
      if (summary.gate && !summary.gate.passed) throw new CheckFailedError(`the gate on ${summary.gate.scorer} failed`);
    });
}

async function waitForEnd(
  context: Context,
  client: ApiClient,
  started: Experiment,
  timeoutSeconds: number,
): Promise<Experiment> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let experiment = started;
  let shown = '';
  while (!ENDED.includes(experiment.status)) {
    if (Date.now() > deadline) {
      throw new UsageError(
        `experiment ${experiment.id} still ${experiment.status} after ${timeoutSeconds} s (it keeps running)`,
      );
    }
    await sleep(POLL_MS);
    experiment = await client.json<Experiment>('GET', `/api/v1/experiments/${experiment.id}`);
    const { done, total, failed, costUsd } = experiment.progress;
    const line = `${experiment.status}: ${done}/${total} done${failed ? `, ${failed} failed` : ''}, $${costUsd.toFixed(4)}`;
    if (line !== shown) context.progress((shown = line));
  }
  return experiment;
}

function summaryLines(summary: Summary): string[] {
  const lines = summary.variants.map((variant) => {
    const scores = variant.scorers.map((s) => `${s.scorer} mean ${fixed(s.mean)}, pass rate ${fixed(s.passRate)}`);
    return `${variant.label}: ${scores.join('; ')}`;
  });
  lines.push(...summary.comparisons.map((c) => c.verdictText));
  if (!summary.gate) {
    lines.push('no gate in this experiment');
    return lines;
  }
  lines.push(`gate ${summary.gate.passed ? 'passed' : 'FAILED'} (${summary.gate.scorer}):`);
  lines.push(...summary.gate.checks.map((c) => `  ${c.passed ? 'ok  ' : 'FAIL'} ${c.condition} (${c.actual})`));
  return lines;
}

const fixed = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** The experiment to create: the config file's, with the flags given on top. */
function experimentBody(context: Context, options: EvalOptions): Record<string, unknown> {
  const body: Record<string, unknown> = options.config ? readConfig(context.path(options.config)) : {};
  if (options.name) body.name = options.name;
  body.name ??= 'promptops eval';
  if (options.dataset) body.dataset = options.dataset;
  if (options.variant) body.variants = options.variant.map(variantOf);
  if (options.scorer) body.scorers = options.scorer.map(scorerOf);
  if (options.repetitions) body.repetitions = options.repetitions;
  if (options.budget !== undefined) body.budgetUsd = options.budget;
  const gateFlags = {
    minMean: options.minMean,
    minPassRate: options.minPassRate,
    notWorseThan: options.notWorseThan,
  };
  if (options.gateScorer || Object.values(gateFlags).some((v) => v !== undefined)) {
    const gate = { ...((body.gate as Record<string, unknown>) ?? {}) };
    for (const [key, value] of Object.entries(gateFlags)) if (value !== undefined) gate[key] = value;
    const scorers = (body.scorers as { name?: string }[] | undefined) ?? [];
    gate.scorer = options.gateScorer ?? gate.scorer ?? scorers[0]?.name;
    body.gate = gate;
  }
  for (const field of ['dataset', 'variants', 'scorers']) {
    if (body[field] === undefined)
      throw new BadArgumentsError(`no ${field}: give --config or --${field.replace(/s$/, '')}`);
  }
  return body;
}

function readConfig(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`--config ${path} must hold an object`);
  return parsed as Record<string, unknown>;
}

/** `support-reply`, `support-reply@3` (a version) or `support-reply:prod` (what prod serves). */
function variantOf(text: string): Record<string, unknown> {
  const match = /^([^@:]+)(?:@(\d+)|:(.+))?$/.exec(text);
  if (!match) throw new BadArgumentsError(`--variant ${text}: write prompt, prompt@version or prompt:environment`);
  const [, prompt, version, environment] = match;
  return { prompt, ...(version ? { version: Number(version) } : {}), ...(environment ? { environment } : {}) };
}

function scorerOf(text: string): Record<string, unknown> {
  const [name, kind] = text.split(':');
  if (!name || !kind) throw new BadArgumentsError(`--scorer ${text}: write name:kind, e.g. exact:exact_match`);
  return { name, kind };
}

function unitInterval(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number >= 0 && number <= 1)) throw new InvalidArgumentError('Not a number from 0 to 1.');
  return number;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Not a whole number.');
  return Number(value);
}

function nonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number >= 0)) throw new InvalidArgumentError('Not a number of at least 0.');
  return number;
}
