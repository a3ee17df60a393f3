import { WarningOutlined } from '@ant-design/icons';
import type { RunTotalsDto } from '@promptops/api-client';
import { Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../format';

/** What every run the filter matches adds up to, all pages together. */
export function RunTotals({ totals }: { totals: RunTotalsDto }) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en').format;
  return (
    <div className="run-totals" data-testid="run-totals">
      <Typography.Text strong>{t('runs.total', { total: totals.calls })}</Typography.Text>
      <Typography.Text type="secondary">
        {t('run.tokens', { prompt: number(totals.promptTokens), completion: number(totals.completionTokens) })}
      </Typography.Text>
      <Typography.Text strong>{formatCost(totals.costUsd)}</Typography.Text>
      {totals.unpricedCalls > 0 && (
        <Tooltip title={t('runs.unpricedHelp')}>
          <Typography.Text type="warning" data-testid="unpriced">
            <WarningOutlined /> {t('runs.unpriced', { count: totals.unpricedCalls })}
          </Typography.Text>
        </Tooltip>
      )}
    </div>
  );
}
