import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useApplyFieldErrors } from '../../../lib/use-field-errors';
import { useChangeOwnPassword } from '../../auth/hooks/use-change-own-password';
import { useSignOut } from '../../auth/hooks/use-sign-out';
import { useProblemText } from '../../../lib/use-problem-text';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The signed-in user's own password, from the user menu. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const applyFieldErrors = useApplyFieldErrors();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordValues>();
  const change = useChangeOwnPassword();
  const signOut = useSignOut();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    change.reset();
    // Only a newly opened dialog starts over.
  }, [open]);

  const onFinish = ({ currentPassword, newPassword }: ChangePasswordValues) =>
    change.mutate(
      { body: { currentPassword, newPassword } },
      {
        onSuccess: () => {
          // The server ended every session of this user, this one included.
          message.success(t('password.changed'));
          onClose();
          signOut();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    );

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: change.isPending }}
      destroyOnHidden
    >
      {change.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problemText(change.error)} />}
      <Form<ChangePasswordValues> form={form} layout="vertical" requiredMark={false} onFinish={onFinish}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[
            { required: true, message: t('password.tooShort') },
            { min: 10, message: t('password.tooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.mismatch') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
