import type { Permission } from '../../../lib/permissions';
import { hasPermission } from '../../../lib/permissions';
import { useI18n } from '../../../i18n/use-i18n';
import { useCurrentUser } from './use-current-user';

/** Whether the signed-in user holds `permission`. */
export function useCan(permission: Permission): boolean {
  const { data: user } = useCurrentUser();
  return hasPermission(user, permission);
}

/** Why the signed-in user may not do something that needs `permission`; undefined when they may. */
export function useDeniedReason(): (permission: Permission) => string | undefined {
  const { t } = useI18n();
  const { data: user } = useCurrentUser();
  return (permission) =>
    hasPermission(user, permission) || !user
      ? undefined
      : t('permission.denied', { permission, role: t(`role.${user.role}`) });
}
