import { FlowDefinition, FlowStep } from '@promptops/shared';
import { renderTemplate } from '@promptops/templating';
import { FlowSchedulerEvent, parseStepJson, runFlowSteps, StepCall, StepHost } from './flow-scheduler';

class TemplateError extends Error {}
class ProviderError extends Error {}
class TimeoutError extends Error {}

/** A host whose "model" answers what each step's script says, after a delay, honouring aborts. */
function fakeHost(script: Record<string, { answers?: string[]; delayMs?: number; fail?: 'provider' }>) {
  const calls: Array<{ step: string; variables: Record<string, unknown>; at: number }> = [];
  const seen = new Map<string, number>();
  const host: StepHost = {
    async mapInputs(step, context) {
      const out: Record<string, unknown> = {};
      for (const [name, template] of Object.entries(step.inputs)) {
        try {
          out[name] = renderTemplate(template, context as unknown as Record<string, unknown>);
        } catch (error) {
          throw new TemplateError((error as Error).message);
        }
      }
      return out;
    },
    async test(expression, context) {
      return (
        renderTemplate(`{% if ${expression} %}1{% endif %}`, context as unknown as Record<string, unknown>) === '1'
      );
    },
    call(step, variables, signal, onDelta) {
      const n = (seen.get(step.id) ?? 0) + 1;
      seen.set(step.id, n);
      calls.push({ step: step.id, variables, at: Date.now() });
      const plan = script[step.id] ?? {};
      return new Promise<StepCall>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (plan.fail === 'provider') return reject(new ProviderError(`${step.id} failed`));
          const output = plan.answers?.[Math.min(n, plan.answers.length) - 1] ?? `${step.id}-out`;
          onDelta(output);
          resolve({
            output,
            runId: n,
            promptVersion: 1,
            promptTokens: 2,
            completionTokens: 3,
            usageEstimated: false,
            costUsd: 0.5,
            latencyMs: plan.delayMs ?? 0,
          });
        }, plan.delayMs ?? 1);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      });
    },
    retryable: (error) => error instanceof ProviderError || error instanceof TimeoutError,
    failedCall: () => null,
    timeoutError: (step, ms) => new TimeoutError(`${step.id} took longer than ${ms} ms`),
    parseError: (step) => new TemplateError(`${step.id}: not JSON`),
  };
  return { host, calls };
}

const step = (id: string, inputs: Record<string, string> = {}, extra: Partial<FlowStep> = {}): FlowStep => ({
  id,
  prompt: { name: 'p' },
  inputs,
  ...extra,
});

describe('flow scheduler', () => {
  it('runs independent steps of a diamond at the same time and the join after both', async () => {
    const definition: FlowDefinition = {
      steps: [
        step('a'),
        step('b', { x: '{{ steps.a.output }}' }),
        step('c', { x: '{{ steps.a.output }}' }),
        step('d', { x: '{{ steps.b.output }}+{{ steps.c.output }}' }),
      ],
      output: '',
    };
    const { host, calls } = fakeHost({ b: { delayMs: 150 }, c: { delayMs: 150 } });
    const events: FlowSchedulerEvent[] = [];
    const started = Date.now();
    const outcome = await runFlowSteps(definition, {}, host, { onEvent: (e) => events.push(e) });
    expect(outcome.status).toBe('success');
    expect(Date.now() - started).toBeLessThan(290);
    expect(calls.find((c) => c.step === 'd')!.variables).toEqual({ x: 'b-out+c-out' });
    const order = events.filter((e) => e.type !== 'step.delta').map((e) => `${e.type}:${e.step}`);
    expect(order.indexOf('step.started:d')).toBeGreaterThan(order.indexOf('step.completed:b'));
    expect(order.indexOf('step.started:d')).toBeGreaterThan(order.indexOf('step.completed:c'));
    expect(order.indexOf('step.started:c')).toBeLessThan(order.indexOf('step.completed:b'));
  });

  it('keeps to the concurrency cap', async () => {
    const definition: FlowDefinition = { steps: [step('a'), step('b'), step('c')], output: '', concurrency: 1 };
    const { host } = fakeHost({ a: { delayMs: 60 }, b: { delayMs: 60 }, c: { delayMs: 60 } });
    const started = Date.now();
    await runFlowSteps(definition, {}, host);
    expect(Date.now() - started).toBeGreaterThanOrEqual(170);
  });

  it('skips a step whose condition is false, and its dependents see none', async () => {
    const definition: FlowDefinition = {
      steps: [step('a', {}, { when: 'inputs.go' }), step('b', { x: '{{ steps.a.output is none }}' })],
      output: '',
    };
    const { host, calls } = fakeHost({});
    const outcome = await runFlowSteps(definition, { go: false }, host);
    expect(outcome.steps.map((s) => s.status)).toEqual(['skipped', 'success']);
    expect(calls).toEqual([expect.objectContaining({ step: 'b', variables: { x: 'True' } })]);
  });

  it('fails the flow on a failing step with onError fail and starts nothing after it', async () => {
    const definition: FlowDefinition = {
      steps: [step('a'), step('slow'), step('b', { x: '{{ steps.a.output }}' })],
      output: '',
    };
    const { host, calls } = fakeHost({ a: { fail: 'provider' }, slow: { delayMs: 2000 } });
    const outcome = await runFlowSteps(definition, {}, host);
    expect(outcome).toMatchObject({ status: 'error', failedStep: 'a' });
    expect(outcome.steps.map((s) => s.status)).toEqual(['error', 'error', 'pending']);
    expect(calls.map((c) => c.step).sort()).toEqual(['a', 'slow']);
  });

  it('goes on after a failing step with skip (output none) or fallback (the value)', async () => {
    const definition: FlowDefinition = {
      steps: [
        step('a', {}, { onError: { mode: 'skip' } }),
        step('b', {}, { onError: { mode: 'fallback', value: 'sorry' } }),
        step('c', { x: '{{ steps.a.output }}/{{ steps.b.output }}' }),
      ],
      output: '',
    };
    const { host, calls } = fakeHost({ a: { fail: 'provider' }, b: { fail: 'provider' } });
    const outcome = await runFlowSteps(definition, {}, host);
    expect(outcome.status).toBe('success');
    expect(outcome.steps.map((s) => [s.status, s.output])).toEqual([
      ['error', null],
      ['error', 'sorry'],
      ['success', 'c-out'],
    ]);
    expect(calls.at(-1)!.variables).toEqual({ x: 'None/sorry' });
  });

  it('retries provider failures and timeouts, never a template error', async () => {
    const { host, calls } = fakeHost({ a: { fail: 'provider' }, t: { delayMs: 500 } });
    const outcome = await runFlowSteps(
      {
        steps: [
          step('a', {}, { retries: 2, onError: { mode: 'skip' } }),
          step('t', {}, { retries: 1, timeoutMs: 50, onError: { mode: 'skip' } }),
          step('m', { x: '{{ nope }}' }, { retries: 3, onError: { mode: 'skip' } }),
        ],
        output: '',
      },
      {},
      host,
    );
    expect(outcome.steps.map((s) => s.attempts)).toEqual([3, 2, 0]);
    expect(outcome.steps[1].error).toBeInstanceOf(TimeoutError);
    expect(outcome.steps[2].error).toBeInstanceOf(TemplateError);
    expect(calls.filter((c) => c.step === 'm')).toHaveLength(0);
  });

  it('parses JSON output, fenced or not, and a parse failure is a step error', async () => {
    expect(parseStepJson('Here:\n```json\n{"a": [1]}\n```')).toEqual({ a: [1] });
    const { host } = fakeHost({ j: { answers: ['{"n": 2}'] }, bad: { answers: ['no json'] } });
    const outcome = await runFlowSteps(
      {
        steps: [step('j', {}, { parseJson: true }), step('bad', {}, { parseJson: true, onError: { mode: 'skip' } })],
        output: '',
      },
      {},
      host,
    );
    expect(outcome.steps[0].output).toEqual({ n: 2 });
    expect(outcome.steps[1]).toMatchObject({ status: 'error', output: null });
  });

  it('stops everything when the whole flow is aborted', async () => {
    const { host } = fakeHost({ a: { delayMs: 1000 } });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 30);
    const outcome = await runFlowSteps({ steps: [step('a')], output: '' }, {}, host, { signal: abort.signal });
    expect(outcome.status).toBe('aborted');
  });

  it('sums tokens and cost over the attempts', async () => {
    const { host } = fakeHost({});
    const outcome = await runFlowSteps({ steps: [step('a')], output: '' }, {}, host);
    expect(outcome.steps[0]).toMatchObject({ promptTokens: 2, completionTokens: 3, costUsd: 0.5, attempts: 1 });
  });
});
