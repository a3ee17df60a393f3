import { Box, Scatter } from '@ant-design/charts';
import type { ExperimentGridRowDto, ExperimentSummaryResponseDto } from '@promptops/api-client';
import { Card, Empty, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../../runs';
import { itemMean } from '../experiment-grid';

interface ExperimentChartsProps {
  summary: ExperimentSummaryResponseDto;
  /** Grid rows on `scorer`: their per-variant item means make the distributions. */
  rows: ExperimentGridRowDto[];
  /** How many items there are in all (the rows may be the first page only). */
  totalItems: number;
  scorer: string | null;
}

/**
 * The score distribution of each variant (a box plot of item means) and what each costs for the
 * score it gets. Loaded on its own (React.lazy): the charting library stays out of the main bundle.
 */
export default function ExperimentCharts({ summary, rows, totalItems, scorer }: ExperimentChartsProps) {
  const { t } = useI18n();
  const labels = summary.variants.map((v) => v.label);
  const distribution = rows.flatMap((row) =>
    labels.flatMap((variant, index) => {
      const score = itemMean(row, index);
      return score === null ? [] : [{ variant, score }];
    }),
  );
  const costScore = summary.variants.flatMap((v) => {
    const mean = v.scorers.find((s) => s.scorer === scorer)?.mean ?? null;
    return mean === null ? [] : [{ variant: v.label, cost: v.costUsd, score: mean }];
  });

  return (
    <div className="experiment-charts" data-testid="experiment-charts">
      <Card
        size="small"
        title={t('experiments.charts.distribution', { scorer: scorer ?? '—' })}
        extra={
          rows.length < totalItems ? (
            <Typography.Text type="secondary" className="small">
              {t('experiments.charts.sample', { shown: rows.length, total: totalItems })}
            </Typography.Text>
          ) : null
        }
      >
        {distribution.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experiments.charts.noScores')} />
        ) : (
          <Box
            data={distribution}
            xField="variant"
            yField="score"
            colorField="variant"
            boxType="boxplot"
            height={260}
            scale={{ y: { domain: [0, 1] } }}
            legend={false}
          />
        )}
      </Card>
      <Card size="small" title={t('experiments.charts.costScore', { scorer: scorer ?? '—' })}>
        {costScore.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experiments.charts.noScores')} />
        ) : (
          <Scatter
            data={costScore}
            xField="cost"
            yField="score"
            colorField="variant"
            sizeField={() => 8}
            shapeField="point"
            height={260}
            scale={{ y: { domain: [0, 1] }, size: { range: [8, 8] } }}
            axis={{
              x: { title: t('experiments.charts.costAxis'), labelFormatter: (v: number) => formatCost(v) },
              y: { title: t('experiments.charts.scoreAxis') },
            }}
            label={{ text: 'variant', position: 'top', dy: -14 }}
            tooltip={{
              items: [
                { channel: 'x', name: t('experiments.cost'), valueFormatter: (v: number) => formatCost(v) },
                { channel: 'y', name: t('experiments.summary.mean'), valueFormatter: (v: number) => v.toFixed(2) },
              ],
            }}
          />
        )}
      </Card>
    </div>
  );
}
