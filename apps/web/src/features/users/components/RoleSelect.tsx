import type { UserRole } from '@promptops/api-client';
import { Select, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { ROLES } from '../../../lib/permissions';

interface RoleSelectProps {
  value?: UserRole;
  onChange?: (role: UserRole) => void;
  disabled?: boolean;
}

/** Each role with one line on what it may do, so nobody has to look it up. */
export function RoleSelect({ value, onChange, disabled }: RoleSelectProps) {
  const { t } = useI18n();
  return (
    <Select<UserRole>
      value={value}
      onChange={onChange}
      disabled={disabled}
      optionLabelProp="title"
      data-testid="role-select"
      options={ROLES.map((role) => ({
        value: role,
        title: t(`role.${role}`),
        label: (
          <div data-testid={`role-option-${role}`}>
            <div>{t(`role.${role}`)}</div>
            <Typography.Text type="secondary" className="small">
              {t(`users.roleHelp.${role}`)}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
