import { randomUUID } from 'node:crypto';
import { startApp, TestApp } from './harness';
import { InFlightRuns } from '../src/runs/in-flight-runs';
import { RunInput, RunLog, RunOutcome } from '../src/runs/run-log';

/**
 * The run log as a tree: a flow run and its step runs, logged the way the flow executor logs
 * them (through RunLog), read back through the HTTP API.
 */
describe('the run log tree: flow runs and their step runs', () => {
  let t: TestApp;
  let log: RunLog;
  const flow = `triage-${randomUUID().slice(0, 8)}`;
  const extract = `extract-${randomUUID().slice(0, 8)}`;
  const answer = `answer-${randomUUID().slice(0, 8)}`;
  let flowRunId: number;
  let stepIds: number[];
  let loneCallId: number;

  const list = (query: Record<string, unknown>) => t.http.get('/api/v1/runs').query(query).set(t.auth).expect(200);
  const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, 0, ms));

  /** A model call as the run core logs it; a step names its flow run and step. */
  const call = (promptName: string, extra: Partial<RunInput> = {}): RunInput => ({
    source: 'api',
    promptName,
    promptVersion: 1,
    environment: 'prod',
    variables: { question: 'Where is my refund?' },
    input: [{ role: 'user', content: 'Where is my refund?' }],
    provider: 'house',
    model: 'fake-calc',
    parameters: {},
    ...extra,
  });
  const priced = (cost: number, latencyMs: number): RunOutcome => ({
    status: 'success',
    output: 'ok',
    promptTokens: 10,
    completionTokens: 5,
    costUsd: cost,
    latencyMs,
  });

  beforeAll(async () => {
    t = await startApp();
    log = t.app.get(RunLog);
    flowRunId = await log.nextId();
    stepIds = [await log.nextId(), await log.nextId(), await log.nextId()];
    loneCallId = await log.nextId();
    const step = (stepId: string, promptName: string) =>
      call(promptName, { source: 'flow', parentRunId: flowRunId, stepId });
    await Promise.all([
      // extract, then two answers in parallel (the second one retried its prompt unpriced)
      log.write(stepIds[0], at(0), step('extract', extract), priced(0.001, 100)),
      log.write(stepIds[1], at(100), step('answer_en', answer), priced(0.002, 200)),
      log.write(stepIds[2], at(100), step('answer_zh', answer), { ...priced(0, 150), costUsd: null }),
      log.write(
        flowRunId,
        at(0),
        {
          source: 'api',
          kind: 'flow',
          promptName: flow,
          promptVersion: 2,
          environment: 'prod',
          variables: { question: 'Where is my refund?' },
          input: [],
          provider: '',
          model: '',
          parameters: {},
        },
        { ...priced(0.003, 300), promptTokens: 30, completionTokens: 15 },
      ),
      log.write(loneCallId, at(500), call(answer), priced(0.004, 50)),
    ]);
  });
  afterAll(() => t.close());

  it('lists top-level runs only: the flow run with its step count, not its steps', async () => {
    const res = await list({ topLevel: true, from: at(0).toISOString(), to: at(1000).toISOString() });
    expect(res.body.items.map((run: { id: number }) => run.id)).toEqual([loneCallId, flowRunId]);
    expect(res.body.items[1]).toMatchObject({
      kind: 'flow',
      prompt: flow,
      version: 2,
      parentRunId: null,
      stepId: null,
      stepCount: 3,
      usage: { promptTokens: 30, completionTokens: 15 },
      costUsd: 0.003,
      latencyMs: 300,
    });
    expect(res.body.items[0]).toMatchObject({ kind: 'model', stepCount: null });
    expect(res.body.total).toBe(2);
  });

  it('lists the step runs of one flow run in the order they started', async () => {
    const res = await list({ parentRunId: flowRunId });
    expect(res.body.items.map((run: { stepId: string }) => run.stepId)).toEqual(['extract', 'answer_en', 'answer_zh']);
    expect(res.body.items[0]).toMatchObject({
      id: stepIds[0],
      parentRunId: flowRunId,
      source: 'flow',
      prompt: extract,
    });
  });

  it('answers a flow run with its steps, and a step run with the flow run it belongs to', async () => {
    const res = await t.http.get(`/api/v1/runs/${flowRunId}`).set(t.auth).expect(200);
    expect(res.body).toMatchObject({ kind: 'flow', stepCount: 3, variables: { question: 'Where is my refund?' } });
    expect(res.body.steps.map((run: { id: number }) => run.id)).toEqual(stepIds);
    expect(res.body.steps[1]).toMatchObject({ stepId: 'answer_en', prompt: answer, latencyMs: 200, costUsd: 0.002 });

    const stepRun = await t.http.get(`/api/v1/runs/${stepIds[1]}`).set(t.auth).expect(200);
    expect(stepRun.body).toMatchObject({ kind: 'model', parentRunId: flowRunId, stepId: 'answer_en', steps: [] });
  });

  it("finds a prompt's step runs when the prompt is asked for, even in the top-level list", async () => {
    const res = await list({ prompt: answer, topLevel: true });
    expect(res.body.items.map((run: { id: number }) => run.id).sort()).toEqual(
      [stepIds[1], stepIds[2], loneCallId].sort(),
    );
  });

  it('counts each model call once in the totals: the flow run carries its steps sums, not extra calls', async () => {
    const window = { from: at(0).toISOString(), to: at(1000).toISOString() };
    const expected = { calls: 4, promptTokens: 40, completionTokens: 20, costUsd: 0.007, unpricedCalls: 1 };
    expect((await list({ ...window, topLevel: true })).body.totals).toEqual(expected);
    expect((await list(window)).body.totals).toEqual(expected);
    expect((await list({ parentRunId: flowRunId })).body.totals).toEqual({
      calls: 3,
      promptTokens: 30,
      completionTokens: 15,
      costUsd: 0.003,
      unpricedCalls: 1,
    });
  });

  it('shows a flow run under way like any running run, with the steps it has so far', async () => {
    const inFlight = t.app.get(InFlightRuns);
    const runningFlow = await log.nextId();
    const runningStep = await log.nextId();
    const doneStep = await log.nextId();
    inFlight.add(runningFlow, { ...call(flow), kind: 'flow', provider: '', model: '', input: [] });
    inFlight.add(runningStep, call(answer, { source: 'flow', parentRunId: runningFlow, stepId: 'answer_en' }));
    try {
      await log.write(
        doneStep,
        new Date(),
        call(extract, { source: 'flow', parentRunId: runningFlow, stepId: 'extract' }),
        priced(0.001, 10),
      );
      const res = await list({ topLevel: true, prompt: flow });
      expect(res.body.inFlight).toEqual([
        expect.objectContaining({ id: runningFlow, kind: 'flow', status: 'running', stepCount: 2 }),
      ]);
      const detail = await t.http.get(`/api/v1/runs/${runningFlow}`).set(t.auth).expect(200);
      // In the order they started: the step still under way was started before the one that ended.
      expect(detail.body.steps.map((run: { id: number; status: string }) => [run.id, run.status])).toEqual([
        [runningStep, 'running'],
        [doneStep, 'success'],
      ]);
      expect((await list({ topLevel: true })).body.inFlight.map((run: { id: number }) => run.id)).toEqual([
        runningFlow,
      ]);
    } finally {
      inFlight.remove(runningStep);
      inFlight.remove(runningFlow);
    }
  });

  it('exports the kind, the parent flow run and the step of each run', async () => {
    const res = await t.http
      .get('/api/v1/runs/export')
      .query({ prompt: extract, parentRunId: flowRunId })
      .set(t.auth)
      .expect(200);
    const [header, row] = res.text.trimEnd().split('\n');
    expect(header.split(',').slice(-3)).toEqual(['kind', 'parentRunId', 'stepId']);
    expect(row.split(',').slice(-3)).toEqual(['model', String(flowRunId), 'extract']);
  });
});
