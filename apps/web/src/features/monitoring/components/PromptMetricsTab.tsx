import type { MetricsRange, VersionMetricsDto } from '@promptops/api-client';
import { Empty, Segmented, Select, Skeleton, Space, Spin, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { LoadError } from '../../../components/LoadError';
import { useI18n } from '../../../i18n/use-i18n';
import { useEnvironments } from '../../environments';
import { formatCost, formatMs } from '../../runs';
import { usePromptMetrics } from '../hooks/use-prompt-metrics';
import { DEFAULT_RANGE, formatCount, formatRate, METRICS_RANGES } from '../monitoring-format';

const PromptMetricsCharts = lazy(() => import('./PromptMetricsCharts'));

/** A prompt's versions side by side on live traffic: requests, errors, latency, cost and tokens. */
export function PromptMetricsTab({ name }: { name: string }) {
  const { t } = useI18n();
  const [range, setRange] = useState<MetricsRange>(DEFAULT_RANGE);
  const [environment, setEnvironment] = useState<string>();
  const environments = useEnvironments();
  const metrics = usePromptMetrics(name, { range, environment });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="prompt-metrics">
      <Space wrap>
        <Segmented
          value={range}
          onChange={(value) => setRange(value as MetricsRange)}
          options={METRICS_RANGES.map((value) => ({ value, label: t(`monitoring.range.${value}`) }))}
          data-testid="prompt-metrics-range"
        />
        <Select
          allowClear
          placeholder={t('monitoring.allEnvironments')}
          value={environment}
          onChange={(value?: string) => setEnvironment(value)}
          options={(environments.data ?? []).map((e) => ({ value: e.name, label: e.name }))}
          style={{ minWidth: 180 }}
          data-testid="prompt-metrics-environment"
        />
        <Typography.Text type="secondary" className="small">
          {t('monitoring.lagShort')}
        </Typography.Text>
      </Space>
      {metrics.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : metrics.isError ? (
        <LoadError error={metrics.error} onRetry={metrics.refetch} retrying={metrics.isFetching} compact />
      ) : metrics.data.totals.requests === 0 ? (
        <Empty description={t('monitoring.empty')} data-testid="prompt-metrics-empty" />
      ) : (
        <Spin spinning={metrics.isFetching && metrics.isPlaceholderData}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Table<VersionMetricsDto>
              size="small"
              rowKey="version"
              pagination={false}
              dataSource={metrics.data.versions}
              data-testid="prompt-metrics-versions"
              columns={[
                {
                  title: t('monitoring.version'),
                  dataIndex: 'version',
                  render: (v: number) => (v === 0 ? t('monitoring.version.none') : `v${v}`),
                },
                { title: t('monitoring.requests'), dataIndex: 'requests', align: 'right', render: formatCount },
                {
                  title: t('monitoring.errorRate'),
                  dataIndex: 'errorRate',
                  align: 'right',
                  render: (rate: number, row) => `${formatRate(rate)} (${formatCount(row.errors)})`,
                },
                { title: 'p50', dataIndex: 'p50Ms', align: 'right', render: (v: number | null) => formatMs(v) },
                { title: 'p95', dataIndex: 'p95Ms', align: 'right', render: (v: number | null) => formatMs(v) },
                {
                  title: t('monitoring.cost'),
                  dataIndex: 'costUsd',
                  align: 'right',
                  render: (v: number) => formatCost(v),
                },
                {
                  title: t('monitoring.tokensColumn'),
                  key: 'tokens',
                  align: 'right',
                  render: (_: unknown, row) => `${formatCount(row.tokensIn)} / ${formatCount(row.tokensOut)}`,
                },
              ]}
            />
            <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
              <PromptMetricsCharts metrics={metrics.data} />
            </Suspense>
          </Space>
        </Spin>
      )}
    </Space>
  );
}
