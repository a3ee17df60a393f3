import type { Translate } from '../../i18n/i18n-context';
import { en, type MessageKey } from '../../i18n/messages/en';

/** Target types the console knows are translated; a newer one shows as the server names it. */
export function targetLabel(type: string, t: Translate): string {
  const key = `auditTarget.${type}`;
  return key in en ? t(key as MessageKey) : type;
}
