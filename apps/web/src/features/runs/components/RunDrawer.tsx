import type { RunResponseDto } from '@promptops/api-client';
import { Alert, Button, Descriptions, Drawer, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { CodeBlock } from '../../../components/CodeBlock';
import { usePlaygroundRun } from '../../playground/hooks/use-playground-run';
import { ChatBubbles } from '../../prompts/components/ChatBubbles';
import { RenderedOutput } from '../../prompts/components/RenderedOutput';
import { formatCost, formatMs } from '../format';
import { RunStatusTag } from './RunStatusTag';
import { LoadError } from '../../../components/LoadError';
import { AddToDatasetButton } from '../../datasets';

const FlowTimeline = lazy(() => import('./FlowTimeline'));

/** A flow run's inputs, output and steps: a timeline of when each ran, and a link to each step's run. */
function FlowRunSections({ run, onOpenRun }: { run: RunResponseDto; onOpenRun?: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <>
      <section>
        <Typography.Title level={5}>{t('run.flowInputs')}</Typography.Title>
        <CodeBlock code={JSON.stringify(run.variables, null, 2)} />
      </section>
      <section>
        <Typography.Title level={5}>{t('run.flowOutput')}</Typography.Title>
        {run.output ? (
          <RenderedOutput text={run.output} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('run.noOutput')} />
        )}
      </section>
      <section>
        <Typography.Title level={5}>{t('run.steps')}</Typography.Title>
        {run.steps.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('run.noSteps')} />
        ) : (
          <>
            <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
              <FlowTimeline flowStartedAt={run.createdAt} steps={run.steps} onOpenRun={onOpenRun} />
            </Suspense>
            <List
              size="small"
              dataSource={run.steps}
              data-testid="flow-step-list"
              renderItem={(step) => (
                <List.Item
                  extra={
                    <span className="muted small">
                      {formatMs(step.latencyMs)} · {formatCost(step.costUsd)}
                    </span>
                  }
                >
                  <Space>
                    <RunStatusTag status={step.status} />
                    {onOpenRun ? (
                      <Button type="link" size="small" className="mono" onClick={() => onOpenRun(step.id)}>
                        {step.stepId ?? '—'} #{step.id}
                      </Button>
                    ) : (
                      <span className="mono">
                        {step.stepId ?? '—'} #{step.id}
                      </span>
                    )}
                    <span className="mono muted">
                      {step.prompt}
                      {step.version !== null && `@${step.version}`} · {step.model}
                    </span>
                  </Space>
                </List.Item>
              )}
            />
          </>
        )}
      </section>
    </>
  );
}

function RunDetails({ run, onOpenRun }: { run: RunResponseDto; onOpenRun?: (id: number) => void }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const p = run.parameters;
  const isFlow = run.kind === 'flow';
  return (
    <Space direction="vertical" size="large" className="full-width run-details">
      {run.parentRunId !== null && (
        <Alert
          type="info"
          showIcon
          data-testid="step-of-flow"
          message={
            onOpenRun ? (
              <Button type="link" size="small" className="inline-link" onClick={() => onOpenRun(run.parentRunId!)}>
                {t('run.stepOf', { step: run.stepId ?? '—', parent: run.parentRunId })}
              </Button>
            ) : (
              t('run.stepOf', { step: run.stepId ?? '—', parent: run.parentRunId })
            )
          }
        />
      )}
      {run.error && <Alert type="error" showIcon message={run.error.code} description={run.error.message} />}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('run.status')}>
          <RunStatusTag status={run.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('run.source')}>{t(`runSource.${run.source}`)}</Descriptions.Item>
        <Descriptions.Item label={t('run.prompt')}>
          {isFlow && <Tag color="purple">{t('run.kindFlow')}</Tag>}
          {run.prompt ? (
            <span className="mono">
              {run.prompt}
              {run.version !== null && ` v${run.version}`}
            </span>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={isFlow ? t('run.steps') : t('run.model')}>
          {isFlow ? (
            t('run.stepCount', { count: run.stepCount ?? run.steps.length })
          ) : (
            <span className="mono">
              {run.provider}/{run.model}
            </span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('run.environment')}>
          {run.environment ? <span className="mono">{run.environment}</span> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('run.apiKey')}>{run.apiKeyName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('run.parameters')} span={2}>
          <span className="mono">
            {[
              p.temperature !== undefined && `temperature ${p.temperature}`,
              p.maxTokens !== undefined && `maxTokens ${p.maxTokens}`,
              p.topP !== undefined && `topP ${p.topP}`,
              p.stop?.length && `stop ${JSON.stringify(p.stop)}`,
            ]
              .filter(Boolean)
              .join(' · ') || t('run.defaults')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('run.promptTokens')}>
          {run.usage ? `${run.usage.promptTokens}${run.usage.estimated ? ' ≈' : ''}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('run.completionTokens')}>
          {run.usage ? `${run.usage.completionTokens}${run.usage.estimated ? ' ≈' : ''}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('run.ttft')}>{formatMs(run.ttftMs)}</Descriptions.Item>
        <Descriptions.Item label={t('run.latency')}>{formatMs(run.latencyMs)}</Descriptions.Item>
        <Descriptions.Item label={t('run.cost')}>
          <Typography.Text strong>{formatCost(run.costUsd)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('run.when')}>{formatDate(run.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('run.user')}>{run.user ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('run.rerunOf')}>{run.rerunOf ? `#${run.rerunOf}` : '—'}</Descriptions.Item>
      </Descriptions>
      {isFlow ? <FlowRunSections run={run} onOpenRun={onOpenRun} /> : <ModelCallSections run={run} />}
    </Space>
  );
}

/** What a model call was sent and what came back. */
function ModelCallSections({ run }: { run: RunResponseDto }) {
  const { t } = useI18n();
  return (
    <>
      {Object.keys(run.variables).length > 0 && (
        <section>
          <Typography.Title level={5}>{t('run.variables')}</Typography.Title>
          <CodeBlock code={JSON.stringify(run.variables, null, 2)} />
        </section>
      )}
      <section>
        <Typography.Title level={5}>{t('run.input')}</Typography.Title>
        <ChatBubbles messages={run.input} />
      </section>
      <section>
        <Typography.Title level={5}>{t('run.output')}</Typography.Title>
        {run.output ? (
          <RenderedOutput text={run.output} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('run.noOutput')} />
        )}
      </section>
    </>
  );
}

/**
 * The whole of a logged run: what was sent, what came back, and every number; a flow run with
 * its steps. `onOpenRun` lets a flow run link to its steps and a step to its flow run.
 */
export function RunDrawer({
  runId,
  onClose,
  onOpenRun,
}: {
  runId: number | undefined;
  onClose(): void;
  onOpenRun?: (id: number) => void;
}) {
  const { t } = useI18n();
  const run = usePlaygroundRun(runId);
  return (
    <Drawer
      open={runId !== undefined}
      onClose={onClose}
      width={720}
      title={runId !== undefined ? t('run.title', { id: runId }) : undefined}
      extra={
        run.data && run.data.status !== 'running' && run.data.kind === 'model' ? (
          <AddToDatasetButton runId={run.data.id} variables={run.data.variables} output={run.data.output} />
        ) : undefined
      }
      destroyOnHidden
    >
      {run.isPending ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : run.isError ? (
        <LoadError compact error={run.error} onRetry={run.refetch} retrying={run.isFetching} />
      ) : (
        <RunDetails run={run.data} onOpenRun={onOpenRun} />
      )}
    </Drawer>
  );
}
