import type { MetricsOverviewResponseDto, RunKind } from '@promptops/api-client';
import { Alert, Card, Col, Empty, Row, Segmented, Select, Skeleton, Space, Spin, Statistic, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { formatCost, formatMs } from '../../runs';
import { TopPromptsTable } from '../components/TopPromptsTable';
import { useMetricDimensions } from '../hooks/use-metric-dimensions';
import { useMetricsOverview } from '../hooks/use-metrics-overview';
import { DEFAULT_RANGE, formatCount, formatRate, METRICS_RANGES } from '../monitoring-format';

const MonitoringCharts = lazy(() => import('../components/MonitoringCharts'));

const RUN_SOURCES = ['api', 'webhook', 'playground', 'flow', 'experiment'] as const;
const RUN_KINDS: readonly RunKind[] = ['model', 'flow'];

const URL_SCHEMA = {
  range: urlParam.oneOf(METRICS_RANGES),
  prompt: urlParam.string,
  environment: urlParam.string,
  model: urlParam.string,
  provider: urlParam.string,
  source: urlParam.oneOf(RUN_SOURCES),
  kind: urlParam.oneOf(RUN_KINDS),
};

/**
 * Requests, errors, latency and cost of every prompt over a time range, from the metric rollups:
 * stat cards, charts and the top prompts by cost and by errors. Range and filters live in the URL.
 */
export function MonitoringPage() {
  const { t } = useI18n();
  const [params, setParams] = useUrlFilters(URL_SCHEMA);
  const range = params.range ?? DEFAULT_RANGE;
  const kind = params.kind ?? 'model';
  const overview = useMetricsOverview({ ...params, range, kind });
  const dimensions = useMetricDimensions({ range });
  const options = (values: string[] | undefined, selected: string | undefined) =>
    [...new Set([...(values ?? []), ...(selected ? [selected] : [])])].map((value) => ({ value, label: value }));
  const filter = (key: 'prompt' | 'environment' | 'model' | 'provider', placeholder: string, values?: string[]) => (
    <Select
      allowClear
      showSearch
      placeholder={placeholder}
      value={params[key]}
      onChange={(value?: string) => setParams({ [key]: value ?? null })}
      options={options(values, params[key])}
      style={{ minWidth: 160 }}
      data-testid={`filter-${key}`}
    />
  );

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('monitoring.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('monitoring.subtitle')}</Typography.Text>
        </div>
        <Segmented
          value={range}
          onChange={(value) => setParams({ range: value === DEFAULT_RANGE ? null : (value as typeof range) })}
          options={METRICS_RANGES.map((value) => ({ value, label: t(`monitoring.range.${value}`) }))}
          data-testid="range-picker"
        />
      </div>
      <Space wrap className="monitoring-filters">
        {filter('prompt', t('monitoring.filter.prompt'), dimensions.data?.prompts)}
        {filter('environment', t('monitoring.filter.environment'), dimensions.data?.environments)}
        {filter('model', t('monitoring.filter.model'), dimensions.data?.models)}
        {filter('provider', t('monitoring.filter.provider'), dimensions.data?.providers)}
        <Select
          allowClear
          placeholder={t('monitoring.filter.source')}
          value={params.source}
          onChange={(value?: (typeof RUN_SOURCES)[number]) => setParams({ source: value ?? null })}
          options={RUN_SOURCES.map((value) => ({ value, label: t(`runSource.${value}`) }))}
          style={{ minWidth: 140 }}
          data-testid="filter-source"
        />
        <Segmented
          value={kind}
          onChange={(value) => setParams({ kind: value === 'model' ? null : (value as RunKind) })}
          options={[
            { value: 'model', label: t('monitoring.kind.model') },
            { value: 'flow', label: t('monitoring.kind.flow') },
          ]}
          data-testid="kind-picker"
        />
      </Space>
      {overview.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : overview.isError ? (
        <LoadError error={overview.error} onRetry={overview.refetch} retrying={overview.isFetching} />
      ) : (
        <Spin spinning={overview.isFetching && overview.isPlaceholderData}>
          <Dashboard overview={overview.data} />
        </Spin>
      )}
    </div>
  );
}

function Dashboard({ overview }: { overview: MetricsOverviewResponseDto }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const { totals } = overview;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        data-testid="lag-note"
        message={
          overview.rolledUpUntil
            ? t('monitoring.lag', { until: formatDate(overview.rolledUpUntil) })
            : t('monitoring.lagNever')
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="card-requests">
            <Statistic title={t('monitoring.requests')} value={formatCount(totals.requests)} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="card-error-rate">
            <Statistic
              title={t('monitoring.errorRate')}
              value={formatRate(totals.errorRate)}
              valueStyle={totals.errorRate > 0.05 ? { color: '#cf1322' } : undefined}
            />
            <Typography.Text type="secondary" className="small">
              {t('monitoring.errorCount', { count: totals.errors })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="card-p95">
            <Statistic title={t('monitoring.p95')} value={formatMs(totals.p95Ms)} />
            <Typography.Text type="secondary" className="small">
              p50 {formatMs(totals.p50Ms)} · p99 {formatMs(totals.p99Ms)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" data-testid="card-cost">
            <Statistic title={t('monitoring.cost')} value={formatCost(totals.costUsd)} />
            <Typography.Text type="secondary" className="small">
              {t('monitoring.tokens', { in: formatCount(totals.tokensIn), out: formatCount(totals.tokensOut) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {totals.requests === 0 ? (
        <Card>
          <Empty description={t('monitoring.empty')} data-testid="monitoring-empty" />
        </Card>
      ) : (
        <>
          {totals.errorsByCode.length > 0 && (
            <Typography.Text type="secondary" data-testid="errors-by-code">
              {t('monitoring.errorsByCode')}{' '}
              {totals.errorsByCode.map((e) => `${e.code || '—'} ${formatCount(e.count)}`).join(' · ')}
            </Typography.Text>
          )}
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <MonitoringCharts overview={overview} />
          </Suspense>
          <div className="monitoring-tops">
            <TopPromptsTable
              title={t('monitoring.top.cost')}
              rows={overview.topByCost}
              kind={overview.kind}
              testId="top-by-cost"
            />
            <TopPromptsTable
              title={t('monitoring.top.errors')}
              rows={overview.topByErrors}
              kind={overview.kind}
              testId="top-by-errors"
            />
          </div>
        </>
      )}
    </Space>
  );
}
