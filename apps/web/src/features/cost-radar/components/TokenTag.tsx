import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import type { RadarRow } from '../radar-rows';

/** The prompt's token count, marked approximate when the model's tokenizer does not run in the browser. */
export function TokenTag({ row }: { row: RadarRow }) {
  const { t } = useI18n();
  const approximate = row.tokenizer === 'approximate';
  return (
    <Tooltip title={approximate ? t('radar.approximateHelp') : t('radar.exactHelp', { encoding: row.tokenizer })}>
      <Tag bordered={false} color={approximate ? 'orange' : 'geekblue'} data-testid="radar-tokens">
        {row.promptTokens === undefined
          ? '…'
          : approximate
            ? t('radar.tokensApprox', { count: row.promptTokens })
            : t('radar.tokens', { count: row.promptTokens })}
      </Tag>
    </Tooltip>
  );
}
