import { LinkOutlined } from '@ant-design/icons';
import type { ExperimentGridRowDto, ExperimentResponseDto, ExperimentResultDto } from '@promptops/api-client';
import { Empty, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost, formatMs } from '../../runs';
import { formatDelta, formatScore } from '../experiment-format';
import { describeValue, itemMean, resultMark, resultScores } from '../experiment-grid';
import { useExperimentGrid } from '../hooks/use-experiment-grid';

export const GRID_FILTERS = ['all', 'regressions', 'improvements', 'errors'] as const;
export type GridFilter = (typeof GRID_FILTERS)[number];
export const GRID_PAGE_SIZE = 20;

export interface GridParams {
  filter: GridFilter;
  scorer: string | undefined;
  baseline: number;
  candidate: number;
  page: number;
}

interface ResultsGridProps {
  experiment: ExperimentResponseDto;
  live: boolean;
  params: GridParams;
  onChange(changes: Partial<GridParams>): void;
}

/** Items × variants: each variant's outputs side by side, the per-item delta, filters to what changed. */
export function ResultsGrid({ experiment, live, params, onChange }: ResultsGridProps) {
  const { t } = useI18n();
  const { filter, scorer, baseline, candidate, page } = params;
  const grid = useExperimentGrid(
    experiment.id,
    {
      filter,
      scorer,
      baseline,
      candidate,
      page,
      pageSize: GRID_PAGE_SIZE,
    },
    { live },
  );
  const chosenScorer = grid.data?.scorer ?? scorer ?? experiment.scorers[0]?.name ?? null;
  const compared = experiment.variants.length > 1;
  const variantOptions = experiment.variants.map((v) => ({ value: v.index, label: v.label }));

  const columns: ColumnsType<ExperimentGridRowDto> = [
    {
      title: t('experiments.grid.item'),
      fixed: 'left',
      width: 240,
      render: (_, row) => <ItemCell row={row} />,
    },
    ...experiment.variants.map<ColumnsType<ExperimentGridRowDto>[number]>((variant) => ({
      key: `variant-${variant.index}`,
      title: (
        <span>
          {variant.label}
          {variant.index === baseline && compared && (
            <Tag bordered={false} color="blue" className="variant-card__baseline">
              {t('experiments.baseline')}
            </Tag>
          )}
        </span>
      ),
      width: 280,
      render: (_, row) => (
        <OutputCell
          results={row.cells[variant.index] ?? []}
          mean={itemMean(row, variant.index)}
          scorer={chosenScorer}
        />
      ),
    })),
  ];
  if (compared) {
    columns.push({
      title: (
        <Tooltip
          title={t('experiments.grid.deltaHelp', {
            candidate: variantOptions[candidate]?.label ?? '',
            baseline: variantOptions[baseline]?.label ?? '',
          })}
        >
          Δ
        </Tooltip>
      ),
      dataIndex: 'delta',
      width: 80,
      align: 'right',
      fixed: 'right',
      render: (delta: number | null) => (
        <span
          className={`mono delta ${delta === null || Math.abs(delta) < 0.005 ? '' : delta > 0 ? 'delta--up' : 'delta--down'}`}
        >
          {formatDelta(delta)}
        </span>
      ),
    });
  }

  return (
    <div className="results-grid" data-testid="results-grid">
      <div className="toolbar">
        <Segmented<GridFilter>
          value={filter}
          onChange={(next) => onChange({ filter: next, page: 1 })}
          options={GRID_FILTERS.filter((f) => compared || f === 'all' || f === 'errors').map((f) => ({
            value: f,
            label: t(`experiments.grid.filter.${f}`),
          }))}
        />
        <Space wrap>
          <Select
            aria-label={t('experiments.scorer')}
            value={chosenScorer ?? undefined}
            onChange={(next: string) => onChange({ scorer: next, page: 1 })}
            options={experiment.scorers.map((s) => ({ value: s.name, label: s.name }))}
            popupMatchSelectWidth={false}
            prefix={t('experiments.scorer')}
          />
          {compared && (
            <>
              <Select
                aria-label={t('experiments.grid.baseline')}
                value={baseline}
                onChange={(next: number) => onChange({ baseline: next, page: 1 })}
                options={variantOptions}
                prefix={t('experiments.grid.baseline')}
                popupMatchSelectWidth={false}
              />
              <Select
                aria-label={t('experiments.grid.candidate')}
                value={candidate}
                onChange={(next: number) => onChange({ candidate: next, page: 1 })}
                options={variantOptions}
                prefix={t('experiments.grid.candidate')}
                popupMatchSelectWidth={false}
              />
            </>
          )}
        </Space>
      </div>
      {grid.isError ? (
        <LoadError error={grid.error} onRetry={grid.refetch} retrying={grid.isFetching} compact />
      ) : (
        <Table<ExperimentGridRowDto>
          rowKey="itemId"
          size="small"
          columns={columns}
          dataSource={grid.data?.items}
          loading={grid.isPending || (grid.isFetching && grid.isPlaceholderData)}
          scroll={{ x: 240 + experiment.variants.length * 280 + (compared ? 80 : 0) }}
          expandable={{
            expandedRowRender: (row) => <ItemDetails row={row} experiment={experiment} scorer={chosenScorer} />,
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filter === 'all' ? t('experiments.grid.noResults') : t(`experiments.grid.none.${filter}`)}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize: GRID_PAGE_SIZE,
            total: grid.data?.total,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (next) => onChange({ page: next }),
          }}
        />
      )}
    </div>
  );
}

function ItemCell({ row }: { row: ExperimentGridRowDto }) {
  const { t } = useI18n();
  const expected: unknown = row.expected;
  return (
    <div className="grid-item">
      <Typography.Text type="secondary" className="small mono" title={row.itemKey}>
        {row.itemKey.length > 12 ? `${row.itemKey.slice(0, 8)}…` : row.itemKey}
      </Typography.Text>
      <dl className="grid-item__vars">
        {Object.entries(row.input).map(([name, value]) => (
          <div key={name}>
            <dt className="mono">{name}</dt>
            <dd>{describeValue(value)}</dd>
          </div>
        ))}
        {expected !== null && expected !== undefined && (
          <div className="grid-item__expected">
            <dt>{t('experiments.grid.expected')}</dt>
            <dd>{describeValue(expected)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function Dot({ result, scorer }: { result: ExperimentResultDto; scorer: string | null }) {
  const { t } = useI18n();
  const mark = resultMark(result, scorer);
  const dot = <span className={`result-dot result-dot--${mark}`} data-mark={mark} />;
  const title = `#${result.repetition} · ${t(`experiments.grid.mark.${mark}`)}`;
  return (
    <Tooltip title={title}>
      {result.runId !== null ? (
        <Link to={`/runs?run=${result.runId}`} aria-label={title}>
          {dot}
        </Link>
      ) : (
        dot
      )}
    </Tooltip>
  );
}

/** The first repetition's output, one dot per repetition (pass, fail, error), the mean. */
function OutputCell({
  results,
  mean,
  scorer,
}: {
  results: ExperimentResultDto[];
  mean: number | null;
  scorer: string | null;
}) {
  const { t } = useI18n();
  if (results.length === 0) return <Typography.Text type="secondary">{t('experiments.grid.pending')}</Typography.Text>;
  const first = results[0];
  return (
    <div className="grid-output">
      <Typography.Paragraph
        ellipsis={{ rows: 3 }}
        className="grid-output__text"
        type={first.status === 'error' ? 'danger' : undefined}
      >
        {first.status === 'error' ? (first.errorMessage ?? first.errorCode) : first.output}
      </Typography.Paragraph>
      <div className="grid-output__foot">
        <span className="result-dots" data-testid="result-dots">
          {results.map((r) => (
            <Dot key={r.id} result={r} scorer={scorer} />
          ))}
        </span>
        <span className="mono small">{formatScore(mean)}</span>
      </div>
    </div>
  );
}

/** Every repetition of an item on every variant, with each scorer's verdict and a link to its run. */
function ItemDetails({
  row,
  experiment,
  scorer,
}: {
  row: ExperimentGridRowDto;
  experiment: ExperimentResponseDto;
  scorer: string | null;
}) {
  const { t } = useI18n();
  return (
    <div
      className="grid-details"
      style={{ gridTemplateColumns: `repeat(${experiment.variants.length}, minmax(260px, 1fr))` }}
    >
      {experiment.variants.map((variant) => (
        <div key={variant.index} className="grid-details__variant">
          <Typography.Text strong>{variant.label}</Typography.Text>
          {(row.cells[variant.index] ?? []).map((r) => (
            <div key={r.id} className="grid-details__result">
              <div className="grid-details__head">
                <Dot result={r} scorer={scorer} />
                <span>{t('experiments.grid.repetition', { n: r.repetition })}</span>
                <span className="muted small">
                  {formatMs(r.latencyMs)} · {formatCost(r.costUsd)}
                </span>
                {r.runId !== null && (
                  <Link to={`/runs?run=${r.runId}`} className="small">
                    <LinkOutlined /> {t('experiments.grid.openRun', { id: r.runId })}
                  </Link>
                )}
              </div>
              {r.status === 'error' ? (
                <Typography.Text type="danger">
                  {r.errorCode}: {r.errorMessage}
                </Typography.Text>
              ) : (
                <pre className="grid-details__output">{r.output}</pre>
              )}
              <ul className="plain-list small">
                {resultScores(r).map(([name, s]) => (
                  <li key={name}>
                    <span className="mono">{name}</span>{' '}
                    {s.error ? <Typography.Text type="warning">{s.error}</Typography.Text> : formatScore(s.score)}
                    {s.pass !== null && !s.error && (
                      <Tag bordered={false} color={s.pass ? 'success' : 'error'} className="grid-details__pass">
                        {s.pass ? t('experiments.grid.mark.pass') : t('experiments.grid.mark.fail')}
                      </Tag>
                    )}
                    {s.reason && <Typography.Text type="secondary"> {s.reason}</Typography.Text>}
                    {s.runId ? (
                      <Link to={`/runs?run=${s.runId}`} className="small">
                        {' '}
                        <LinkOutlined /> {t('experiments.grid.judgeRun')}
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
