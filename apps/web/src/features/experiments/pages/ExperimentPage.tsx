import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ExperimentResponseDto } from '@promptops/api-client';
import { Alert, Card, Descriptions, Empty, Result, Skeleton, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { invalidateOperations } from '../../../lib/query-keys';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { ExperimentActions } from '../components/ExperimentActions';
import { ExperimentProgress } from '../components/ExperimentProgress';
import { ExperimentStatusTag } from '../components/ExperimentStatusTag';
import { GRID_FILTERS, type GridParams, ResultsGrid } from '../components/ResultsGrid';
import { SummaryTable } from '../components/SummaryTable';
import { VerdictBanners } from '../components/VerdictBanners';
import { isUnderWay } from '../experiment-status';
import { useExperiment } from '../hooks/use-experiment';
import { useExperimentEvents } from '../hooks/use-experiment-events';
import { useExperimentGrid } from '../hooks/use-experiment-grid';
import { useExperimentSummary } from '../hooks/use-experiment-summary';

// The charting library is large: it loads only when an experiment's charts are shown.
const ExperimentCharts = lazy(() => import('../components/ExperimentCharts'));

/** Items whose means make the charts' distributions (one page of the grid, the API's largest). */
const CHART_ITEMS = 100;

const URL_SCHEMA = {
  filter: urlParam.oneOf(GRID_FILTERS),
  scorer: urlParam.string,
  baseline: urlParam.int,
  candidate: urlParam.int,
  page: urlParam.int,
};

/** One experiment: its progress live, the verdicts, the numbers per variant, charts and every result. */
export default function ExperimentPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const experiment = useExperiment(id);

  if (experiment.isPending) {
    return (
      <div className="page">
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }
  if (experiment.isError) {
    if (isProblem(experiment.error) && experiment.error.status === 404) {
      return (
        <Result
          status="404"
          title={t('experiments.notFound')}
          extra={<Link to="/experiments">{t('experiments.backToList')}</Link>}
        />
      );
    }
    return <LoadError error={experiment.error} onRetry={experiment.refetch} retrying={experiment.isFetching} />;
  }
  return <ExperimentView experiment={experiment.data} />;
}

function ExperimentView({ experiment }: { experiment: ExperimentResponseDto }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const live = isUnderWay(experiment.status);
  useExperimentEvents(experiment.id, live);
  const summary = useExperimentSummary(experiment.id, { live });
  const [params, setParams] = useUrlFilters(URL_SCHEMA);
  const compared = experiment.variants.length > 1;
  // The URL's variant indexes count from 1 (0 would read as absent); the API's from 0.
  const gridParams: GridParams = {
    filter: params.filter ?? 'all',
    scorer: params.scorer,
    baseline: (params.baseline ?? 1) - 1,
    candidate: (params.candidate ?? (compared ? 2 : 1)) - 1,
    page: params.page ?? 1,
  };
  const chartScorer = params.scorer ?? experiment.scorers[0]?.name;
  const chartGrid = useExperimentGrid(
    experiment.id,
    { scorer: chartScorer, page: 1, pageSize: CHART_ITEMS },
    { enabled: experiment.progress.done > 0, live },
  );
  const labels = experiment.variants.map((v) => v.label);
  const queryClient = useQueryClient();
  const done = experiment.progress.done;
  const seenDone = useRef(done);
  // Results that land once it has ended (calls under way at a cancel) change the numbers too.
  useEffect(() => {
    if (done === seenDone.current) return;
    seenDone.current = done;
    if (!live) void invalidateOperations(queryClient, ['getExperimentSummary', 'getExperimentGrid']);
  }, [done, live, queryClient]);

  return (
    <div className="page experiment-page" data-testid="experiment-page" data-status={experiment.status}>
      <div className="page__header">
        <div>
          <Link to="/experiments" className="back-link">
            <ArrowLeftOutlined /> {t('experiments.title')}
          </Link>
          <Typography.Title level={3}>
            {experiment.name} <ExperimentStatusTag status={experiment.status} />
          </Typography.Title>
          {experiment.description && (
            <Typography.Paragraph type="secondary">{experiment.description}</Typography.Paragraph>
          )}
        </div>
        <ExperimentActions experiment={experiment} />
      </div>

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('experiments.dataset')}>
            <span className="mono">
              {experiment.dataset}@{experiment.datasetVersion}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('experiments.repetitions')}>{experiment.repetitions}</Descriptions.Item>
          <Descriptions.Item label={t('experiments.createdBy')}>
            {[experiment.createdBy, formatDate(experiment.createdAt)].filter(Boolean).join(' · ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('experiments.scorers')}>
            {experiment.scorers.map((s) => (
              <Tag key={s.name} bordered={false}>
                <span className="mono">{s.name}</span> · {t(`scorerKind.${s.kind}`)}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('experiments.variants')} span="filled">
            <span className="variant-tags">
              {experiment.variants.map((v) => (
                <Tag key={v.index} bordered={false} color={v.index === 0 ? 'blue' : undefined}>
                  {v.label}:{' '}
                  <span className="mono">
                    {v.prompt} v{v.version}
                  </span>
                  {v.environment && ` (${t('experiments.form.whatServes', { environment: v.environment })})`} ·{' '}
                  <span className="mono">
                    {v.provider}/{v.model}
                  </span>
                </Tag>
              ))}
            </span>
          </Descriptions.Item>
        </Descriptions>
        <ExperimentProgress experiment={experiment} />
        {experiment.error && (
          <Alert
            className="experiment-page__error"
            type={experiment.status === 'failed' ? 'error' : 'warning'}
            showIcon
            message={t(`experiments.stopped.${experiment.status}` as 'experiments.stopped.failed')}
            description={experiment.error}
          />
        )}
      </Card>

      {summary.isError ? (
        <LoadError error={summary.error} onRetry={summary.refetch} retrying={summary.isFetching} />
      ) : !summary.data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : experiment.progress.done === 0 ? (
        <Card>
          <Empty description={live ? t('experiments.waitingForResults') : t('experiments.noResults')} />
        </Card>
      ) : (
        <>
          {compared && (
            <VerdictBanners
              comparisons={summary.data.comparisons}
              labels={labels}
              provisional={live}
              scorer={chartScorer}
            />
          )}
          <Card size="small" title={t('experiments.summary.title')}>
            <SummaryTable summary={summary.data} />
          </Card>
          <Suspense
            fallback={
              <Card>
                <Skeleton active />
              </Card>
            }
          >
            <ExperimentCharts
              summary={summary.data}
              rows={chartGrid.data?.items ?? []}
              totalItems={chartGrid.data?.total ?? 0}
              scorer={chartGrid.data?.scorer ?? chartScorer ?? null}
            />
          </Suspense>
        </>
      )}

      <Card size="small" title={t('experiments.grid.title')}>
        <ResultsGrid
          experiment={experiment}
          live={live}
          params={gridParams}
          onChange={(changes) => {
            // Only the keys given change: an absent key would clear its parameter.
            const next: Parameters<typeof setParams>[0] = {};
            if (changes.filter !== undefined) next.filter = changes.filter === 'all' ? null : changes.filter;
            if (changes.scorer !== undefined) next.scorer = changes.scorer;
            if (changes.baseline !== undefined) next.baseline = changes.baseline + 1;
            if (changes.candidate !== undefined) next.candidate = changes.candidate + 1;
            if (changes.page !== undefined) next.page = changes.page === 1 ? null : changes.page;
            setParams(next);
          }}
        />
      </Card>
    </div>
  );
}
