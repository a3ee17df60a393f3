import type { ExperimentSummaryResponseDto, ScorerSummaryDto, VariantSummaryDto } from '@promptops/api-client';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost, formatMs } from '../../runs';
import { formatInterval, formatMeanCi, formatPercent, formatScore } from '../experiment-format';
import { PassAtK } from './PassAtK';

interface SummaryRow {
  key: string;
  variant: VariantSummaryDto;
  scorer: ScorerSummaryDto | undefined;
  /** Rows of one variant share its cells (cost, latency, failures): the first spans them. */
  span: number;
}

function rows(summary: ExperimentSummaryResponseDto): SummaryRow[] {
  return summary.variants.flatMap((variant) => {
    const scorers = variant.scorers.length > 0 ? variant.scorers : [undefined];
    return scorers.map((scorer, i) => ({
      key: `${variant.index}-${scorer?.scorer ?? ''}`,
      variant,
      scorer,
      span: i === 0 ? scorers.length : 0,
    }));
  });
}

const percentOf = (v: number) => formatPercent(v);

/** Per variant and scorer: mean ± 95 % CI, pass rate (Wilson), pass@k; per variant: cost, latency, failures. */
export function SummaryTable({ summary }: { summary: ExperimentSummaryResponseDto }) {
  const { t } = useI18n();
  const spanned = (row: SummaryRow) => ({ rowSpan: row.span });
  const columns: ColumnsType<SummaryRow> = [
    {
      title: t('experiments.variant'),
      onCell: spanned,
      render: (_, { variant }) => (
        <span>
          {variant.label}
          {variant.index === 0 && (
            <Tag bordered={false} color="blue" className="variant-card__baseline">
              {t('experiments.baseline')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('experiments.scorer'),
      render: (_, { scorer }) => <span className="mono">{scorer?.scorer ?? '—'}</span>,
    },
    {
      title: t('experiments.summary.mean'),
      align: 'right',
      render: (_, { scorer }) =>
        scorer ? (
          <Tooltip
            title={
              scorer.ci95
                ? t('experiments.summary.ciHelp', { interval: formatInterval(scorer.ci95, formatScore) })
                : undefined
            }
          >
            <span className="mono">{formatMeanCi(scorer.mean, scorer.ci95)}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: t('experiments.summary.passRate'),
      align: 'right',
      render: (_, { scorer }) =>
        scorer ? (
          <span className="mono">
            {formatPercent(scorer.passRate)}
            {scorer.passRateCi95 && (
              <span className="muted small"> {formatInterval(scorer.passRateCi95, percentOf)}</span>
            )}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('experiments.summary.passAtK'), render: (_, { scorer }) => <PassAtK values={scorer?.passAtK ?? []} /> },
    {
      title: t('experiments.cost'),
      align: 'right',
      onCell: spanned,
      render: (_, { variant }) => <span className="mono">{formatCost(variant.costUsd)}</span>,
    },
    {
      title: t('experiments.summary.latency'),
      align: 'right',
      onCell: spanned,
      render: (_, { variant }) => (
        <span className="mono small">
          {formatMs(variant.latencyP50Ms)} / {formatMs(variant.latencyP95Ms)}
        </span>
      ),
    },
    {
      title: t('experiments.summary.failures'),
      align: 'right',
      onCell: spanned,
      render: (_, { variant }) => (
        <Typography.Text type={variant.failed > 0 ? 'danger' : undefined}>
          {variant.failed} / {variant.results}
        </Typography.Text>
      ),
    },
    {
      title: t('experiments.summary.scorerErrors'),
      align: 'right',
      render: (_, { scorer }) => (
        <Typography.Text type={scorer && scorer.scorerErrors > 0 ? 'warning' : undefined}>
          {scorer?.scorerErrors ?? 0}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<SummaryRow>
      size="small"
      rowKey="key"
      pagination={false}
      columns={columns}
      dataSource={rows(summary)}
      scroll={{ x: 900 }}
      data-testid="experiment-summary"
    />
  );
}
