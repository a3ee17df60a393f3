import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../../runs';
import type { RadarRow } from '../radar-rows';

/** The most one call can cost, with the formula behind it. */
export function CostTag({ row, testId = 'radar-cost' }: { row: RadarRow; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tooltip
      title={
        row.price
          ? t('radar.costHelp', {
              input: row.price.inputPerMTok,
              output: row.price.outputPerMTok,
              max: row.maxOutputTokens ?? '—',
            })
          : t('radar.priceUnknown')
      }
    >
      <Tag bordered={false} color={row.costUsd === null ? 'default' : 'gold'} data-testid={testId}>
        {row.promptTokens === undefined
          ? '…'
          : row.costUsd === null
            ? t('radar.priceUnknownShort')
            : t('radar.atMost', { cost: formatCost(row.costUsd) })}
      </Tag>
    </Tooltip>
  );
}
