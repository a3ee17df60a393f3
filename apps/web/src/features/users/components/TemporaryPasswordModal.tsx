import { Alert, Button, Modal, Typography } from 'antd';
import { CopyField } from '../../../components/CopyField';
import { useI18n } from '../../../i18n/use-i18n';

export interface IssuedPassword {
  email: string;
  password: string;
}

/** The only time a generated password is visible: say so, and make copying it easy. */
export function TemporaryPasswordModal({ issued, onClose }: { issued: IssuedPassword | null; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={issued !== null}
      title={t('users.passwordTitle', { email: issued?.email ?? '' })}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      width={560}
      // The password leaves the page with the dialog.
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.passwordDone')}
        </Button>
      }
    >
      {issued && (
        <div className="secret-modal">
          <Alert type="warning" showIcon message={t('users.passwordWarning')} />
          <CopyField value={issued.password} ariaLabel={t('users.temporaryPassword')} testId="temporary-password" />
          <Typography.Text type="secondary">{t('users.passwordUsage')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
