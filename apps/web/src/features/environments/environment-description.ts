import type { EnvironmentResponseDto } from '@promptops/api-client';
import type { Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages/en';

/** The descriptions the first migration gives dev, staging and prod, in the console's language. */
const SEEDED: Record<string, { text: string; key: MessageKey }> = {
  dev: { text: 'Development', key: 'env.seeded.dev' },
  staging: { text: 'Staging', key: 'env.seeded.staging' },
  prod: { text: 'Production: only published versions', key: 'env.seeded.prod' },
};

/** An environment's description as stored, or translated while it is still the seeded one. */
export function environmentDescription(
  environment: Pick<EnvironmentResponseDto, 'name' | 'description'>,
  t: Translate,
): string | null {
  const seeded = SEEDED[environment.name];
  return seeded && environment.description === seeded.text ? t(seeded.key) : environment.description;
}
