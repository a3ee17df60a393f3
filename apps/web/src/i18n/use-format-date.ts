import { useMemo } from 'react';
import { useI18n } from './use-i18n';

type Style = 'long' | 'short';

/** Formats API timestamps in the console's language; `short` drops the year when it is this year's. */
export function useFormatDate(): (iso: string, style?: Style) => string {
  const { language } = useI18n();
  return useMemo(() => {
    const locale = language === 'zh' ? 'zh-CN' : 'en';
    const long = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const short = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const thisYear = new Date().getFullYear();
    return (iso: string, style: Style = 'long') => {
      const date = new Date(iso);
      return style === 'short' && date.getFullYear() === thisYear ? short.format(date) : long.format(date);
    };
  }, [language]);
}
