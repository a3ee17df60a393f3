import type { PromptResponseDto } from '@promptops/api-client';
import { Alert, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useFormatDate } from '../../../i18n/use-format-date';
import { isSunsetPassed, relativeTime } from '../sunset';

/** At the top of a deprecated prompt or flow: where callers should go, and how long they have. */
export function DeprecationBanner({ prompt }: { prompt: Pick<PromptResponseDto, 'type' | 'deprecation'> }) {
  const { t, language } = useI18n();
  const formatDate = useFormatDate();
  const deprecation = prompt.deprecation;
  if (!deprecation) return null;
  const sunset = isSunsetPassed(deprecation);
  const successor = deprecation.successor && (
    <Link to={`/${prompt.type === 'flow' ? 'flows' : 'prompts'}/${encodeURIComponent(deprecation.successor)}`}>
      <span className="mono">{deprecation.successor}</span>
    </Link>
  );
  let when: string;
  if (!deprecation.sunsetAt) when = t('retirement.banner.noSunset');
  else {
    const params = { date: formatDate(deprecation.sunsetAt), relative: relativeTime(deprecation.sunsetAt, language) };
    if (!sunset) when = t('retirement.banner.sunsetIn', params);
    else if (deprecation.afterSunset === 'serve_successor') when = t('retirement.banner.servingSuccessor', params);
    else when = t('retirement.banner.gone', params);
  }
  return (
    <Alert
      type={sunset ? 'error' : 'warning'}
      showIcon
      className="deprecation-banner"
      data-testid="deprecation-banner"
      message={
        <span>
          {sunset ? t('retirement.banner.titleSunset') : t('retirement.banner.title')}
          {successor && (
            <>
              {' '}
              {t('retirement.banner.moveTo')} {successor}
            </>
          )}
        </span>
      }
      description={
        <>
          <div data-testid="deprecation-countdown">{when}</div>
          {deprecation.note && <Typography.Text type="secondary">{deprecation.note}</Typography.Text>}
        </>
      }
    />
  );
}
