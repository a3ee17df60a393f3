import type { PromptDeprecationDto } from '@promptops/api-client';
import type { Language } from '../../i18n/i18n-context';

/** Past the sunset: the server decides per request; the console follows the clock too. */
export function isSunsetPassed(deprecation: PromptDeprecationDto, now: number = Date.now()): boolean {
  return deprecation.sunsetPassed || (deprecation.sunsetAt !== null && Date.parse(deprecation.sunsetAt) <= now);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/** "in 29 days" / "29天后", "3 hours ago" / "3小时前": the largest whole unit. */
export function relativeTime(iso: string, language: Language, now: number = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(language === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const diff = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, 'minute');
}
