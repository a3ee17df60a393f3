import { CaretRightOutlined, StopOutlined } from '@ant-design/icons';
import type { FlowResponseDto, FlowRunResponseDto, FlowStepStatus } from '@promptops/api-client';
import { Alert, Button, Card, Empty, Form, List, Space, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemText } from '../../../lib/use-problem-text';
import { fromVariablesDto, VariableInput } from '../../prompts';
import { dependenciesOf, type FlowDraft } from '../flow-definition';
import { formatCost, formatMs } from '../flow-format';
import { type FlowStepEvent, streamFlowTest } from '../stream-flow-test';
import { FlowGraph } from './FlowGraph';

interface StepState {
  status: FlowStepStatus;
  output: string;
  latencyMs?: number;
  costUsd?: number | null;
  error?: string;
  runId?: number | null;
}

const STATUS_COLORS: Record<FlowStepStatus, string> = {
  pending: 'default',
  running: 'processing',
  success: 'success',
  skipped: 'warning',
  error: 'error',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Runs the latest version (drafts too) with inputs and shows each step as it goes. */
export function FlowTestTab({ flow }: { flow: FlowResponseDto }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [form] = Form.useForm<Record<string, unknown>>();
  const latest = flow.latest;
  const [steps, setSteps] = useState<Record<string, StepState>>({});
  const [result, setResult] = useState<FlowRunResponseDto>();
  const [failure, setFailure] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController>();
  const draft: FlowDraft | undefined = latest ? { inputs: latest.inputs, definition: latest.definition } : undefined;
  const dependencies = useMemo(() => (draft ? dependenciesOf(draft, latest?.graph) : new Map()), [latest]);

  if (!latest || !draft) return <Empty description={t('flow.test.noVersion')} />;

  const patch = (id: string, changes: Partial<StepState>) =>
    setSteps((current) => ({
      ...current,
      [id]: { ...(current[id] ?? { status: 'pending', output: '' }), ...changes },
    }));

  const onStepEvent = (event: string, data: FlowStepEvent) => {
    const id = data.step;
    if (event === 'step.started') patch(id, { status: 'running', output: '' });
    else if (event === 'step.delta')
      setSteps((current) => {
        const step = current[id] ?? { status: 'running', output: '' };
        return { ...current, [id]: { ...step, output: step.output + (data.text ?? '') } };
      });
    else if (event === 'step.completed' || event === 'step.skipped' || event === 'step.failed') {
      const error = data.error as { detail?: string } | undefined;
      patch(id, {
        status: event === 'step.completed' ? 'success' : event === 'step.skipped' ? 'skipped' : 'error',
        ...('output' in data ? { output: show(data.output) } : {}),
        latencyMs: data.latencyMs as number | undefined,
        costUsd: data.costUsd as number | null | undefined,
        runId: data.runId as number | null | undefined,
        error: error?.detail,
      });
    }
  };

  const run = async (inputs: Record<string, unknown>) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setResult(undefined);
    setFailure(undefined);
    setSteps(Object.fromEntries(latest.definition.steps.map((step) => [step.id, { status: 'pending', output: '' }])));
    try {
      const answer = await streamFlowTest(
        flow.name,
        { inputs, version: latest.version },
        controller.signal,
        onStepEvent,
      );
      setResult(answer);
      // The final answer is authoritative: it carries every step's output, timing and cost.
      for (const step of answer.steps) {
        patch(step.id, {
          status: step.status,
          output: show(step.output),
          latencyMs: step.latencyMs,
          costUsd: step.costUsd,
          runId: step.runId,
          error: step.error?.detail,
        });
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') setFailure(error);
    } finally {
      setRunning(false);
    }
  };

  const statuses = Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.status]));
  const inputs = fromVariablesDto(latest.inputs);

  return (
    <div className="flow-test">
      <div className="flow-test__top">
        <Card size="small" title={t('flow.test.inputs', { version: latest.version })} className="flow-test__form">
          <Form
            form={form}
            layout="vertical"
            onFinish={(values) => void run(values)}
            initialValues={Object.fromEntries(inputs.map((input) => [input.name, input.default]))}
          >
            {inputs.length === 0 && <Typography.Text type="secondary">{t('flow.test.noInputs')}</Typography.Text>}
            {inputs.map((input) => (
              <Form.Item
                key={input.name}
                name={input.name}
                label={<span className="mono">{input.name}</span>}
                rules={input.required ? [{ required: true, message: t('flow.test.required') }] : []}
                data-testid={`test-input-${input.name}`}
              >
                <VariableInput meta={input} />
              </Form.Item>
            ))}
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                icon={<CaretRightOutlined />}
                loading={running}
                data-testid="run-flow"
              >
                {t('flow.test.run')}
              </Button>
              {running && (
                <Button icon={<StopOutlined />} onClick={() => abort.current?.abort()}>
                  {t('flow.test.stop')}
                </Button>
              )}
            </Space>
          </Form>
        </Card>
        <div className="flow-test__graph">
          <FlowGraph draft={draft} dependencies={dependencies} issues={[]} statuses={statuses} />
        </div>
      </div>
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          message={t('flow.test.failed')}
          description={problemText(failure)}
          data-testid="test-failure"
        />
      )}
      {result && (
        <Card
          size="small"
          title={t('flow.test.output')}
          data-testid="test-output"
          extra={
            <Space size="middle" wrap>
              <span className="muted small">
                {formatMs(result.latencyMs)} · {formatCost(result.costUsd)}
              </span>
              <Link to={`/runs?run=${result.flowRunId}`} data-testid="flow-run-link">
                {t('flow.test.openRun', { id: result.flowRunId })}
              </Link>
            </Space>
          }
        >
          <pre className="flow-test__output">{show(result.output)}</pre>
        </Card>
      )}
      {Object.keys(steps).length > 0 && (
        <List
          className="flow-test__steps"
          bordered
          size="small"
          dataSource={latest.definition.steps.map((step) => ({ id: step.id, label: step.label, ...steps[step.id] }))}
          renderItem={(step) => (
            <List.Item data-testid={`test-step-${step.id}`} data-status={step.status}>
              <div className="flow-test__step">
                <Space size="middle" wrap>
                  <span className="mono">{step.id}</span>
                  {step.label && <Typography.Text type="secondary">{step.label}</Typography.Text>}
                  <Tag color={STATUS_COLORS[step.status ?? 'pending']}>
                    {t(`flow.status.${step.status ?? 'pending'}`)}
                  </Tag>
                  {step.latencyMs !== undefined && <span className="muted small">{formatMs(step.latencyMs)}</span>}
                  {step.costUsd !== undefined && <span className="muted small">{formatCost(step.costUsd)}</span>}
                </Space>
                {step.error && <Typography.Text type="danger">{step.error}</Typography.Text>}
                {step.output && <pre className="flow-test__output">{step.output}</pre>}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
