import type { RunResponseDto } from '@promptops/api-client';
import { Alert, Descriptions, Drawer, Empty, Skeleton, Space, Typography } from 'antd';
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

function RunDetails({ run }: { run: RunResponseDto }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const p = run.parameters;
  return (
    <Space direction="vertical" size="large" className="full-width run-details">
      {run.error && <Alert type="error" showIcon message={run.error.code} description={run.error.message} />}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('run.status')}>
          <RunStatusTag status={run.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('run.source')}>{t(`runSource.${run.source}`)}</Descriptions.Item>
        <Descriptions.Item label={t('run.prompt')}>
          {run.prompt ? (
            <span className="mono">
              {run.prompt}
              {run.version !== null && ` v${run.version}`}
            </span>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('run.model')}>
          <span className="mono">
            {run.provider}/{run.model}
          </span>
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
    </Space>
  );
}

/** The whole of a logged run: what was sent, what came back, and every number. */
export function RunDrawer({ runId, onClose }: { runId: number | undefined; onClose(): void }) {
  const { t } = useI18n();
  const run = usePlaygroundRun(runId);
  return (
    <Drawer
      open={runId !== undefined}
      onClose={onClose}
      width={720}
      title={runId !== undefined ? t('run.title', { id: runId }) : undefined}
      extra={
        run.data && run.data.status !== 'running' ? (
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
        <RunDetails run={run.data} />
      )}
    </Drawer>
  );
}
