import { Table, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../../runs';
import type { RadarRow } from '../radar-rows';

/** Cheapest first; a model without a price sorts as the dearest. */
function byCost(a: RadarRow, b: RadarRow): number {
  if (a.costUsd === b.costUsd) return 0;
  if (a.costUsd === null) return 1;
  if (b.costUsd === null) return -1;
  return a.costUsd - b.costUsd;
}

/** The same prompt on every configured model: tokens, worst-case cost, whether it fits. */
export function ModelComparisonTable({ rows, selected }: { rows: RadarRow[]; selected?: string }) {
  const { t } = useI18n();
  return (
    <Table<RadarRow>
      size="small"
      rowKey="key"
      data-testid="radar-table"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('radar.noModels') }}
      columns={[
        {
          title: t('radar.model'),
          key: 'model',
          render: (_v, row) => (
            <Typography.Text className="mono small" strong={row.key === selected}>
              {row.provider ? `${row.provider}/` : ''}
              {row.model}
            </Typography.Text>
          ),
        },
        {
          title: t('radar.promptTokens'),
          key: 'tokens',
          align: 'right',
          render: (_v, row) => (
            <span data-testid="radar-row-tokens">
              {row.promptTokens ?? '…'}{' '}
              <Typography.Text type="secondary" className="small">
                {row.tokenizer === 'approximate' ? t('radar.approx') : t('radar.exact')}
              </Typography.Text>
            </span>
          ),
        },
        {
          title: t('radar.worstCase'),
          key: 'cost',
          align: 'right',
          sorter: byCost,
          showSorterTooltip: false,
          render: (_v, row) => (
            <span data-testid="radar-row-cost">
              {row.costUsd === null ? t('radar.priceUnknownShort') : formatCost(row.costUsd)}
            </span>
          ),
        },
        {
          title: t('radar.fits'),
          key: 'fits',
          align: 'center',
          render: (_v, row) =>
            row.fits === undefined ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : row.fits ? (
              <Tag color="green">{t('radar.yes')}</Tag>
            ) : (
              <Tag color="red">{t('radar.no')}</Tag>
            ),
        },
      ]}
    />
  );
}
