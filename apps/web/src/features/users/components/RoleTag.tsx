import type { UserRole } from '@promptops/api-client';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

const COLORS: Record<UserRole, string> = {
  admin: 'red',
  prompt_engineer: 'purple',
  editor: 'blue',
  viewer: 'default',
};

export function RoleTag({ role }: { role: UserRole }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[role]} bordered={false}>
      {t(`role.${role}`)}
    </Tag>
  );
}
