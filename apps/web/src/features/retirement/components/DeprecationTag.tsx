import type { PromptDeprecationDto } from '@promptops/api-client';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useFormatDate } from '../../../i18n/use-format-date';
import { isSunsetPassed } from '../sunset';

/** Deprecated (orange) or, once its sunset has passed, Sunset (red); nothing for a prompt in service. */
export function DeprecationTag({ deprecation }: { deprecation: PromptDeprecationDto | null | undefined }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  if (!deprecation) return null;
  const sunset = isSunsetPassed(deprecation);
  const tip = [
    deprecation.successor ? t('retirement.tag.successor', { successor: deprecation.successor }) : null,
    deprecation.sunsetAt ? t('retirement.tag.sunsetAt', { date: formatDate(deprecation.sunsetAt) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip title={tip || undefined}>
      <Tag color={sunset ? 'red' : 'orange'} bordered={false} data-testid="deprecation-tag">
        {sunset ? t('retirement.tag.sunset') : t('retirement.tag.deprecated')}
      </Tag>
    </Tooltip>
  );
}
