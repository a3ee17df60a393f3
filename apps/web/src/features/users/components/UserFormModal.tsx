import type { CreatedUserResponseDto, UserDetailResponseDto, UserRole } from '@promptops/api-client';
import { Alert, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useApplyFieldErrors } from '../../../lib/use-field-errors';
import { useCreateUser } from '../hooks/use-create-user';
import { useUpdateUser } from '../hooks/use-update-user';
import { RoleSelect } from './RoleSelect';
import { useProblemText } from '../../../lib/use-problem-text';

interface UserFormValues {
  email: string;
  name: string;
  role: UserRole;
  externalId?: string;
  password?: string;
}

interface UserFormModalProps {
  open: boolean;
  /** The user to edit; creates a new one when left out. */
  user?: UserDetailResponseDto;
  /** The signed-in user cannot change their own role. */
  isSelf?: boolean;
  onClose(): void;
  onCreated?(user: CreatedUserResponseDto): void;
}

export function UserFormModal({ open, user, isSelf = false, onClose, onCreated }: UserFormModalProps) {
  const { t } = useI18n();
  const applyFieldErrors = useApplyFieldErrors();
  const problemText = useProblemText();
  const [form] = Form.useForm<UserFormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    create.reset();
    update.reset();
    if (user) form.setFieldsValue({ name: user.name, role: user.role, externalId: user.externalId ?? '' });
    // Only a newly opened dialog starts over.
  }, [open, user]);

  const onFinish = (values: UserFormValues) => {
    const externalId = values.externalId?.trim();
    const onError = (error: unknown) => applyFieldErrors(form, error);
    if (user) {
      update.mutate(
        {
          path: { id: user.id },
          body: { name: values.name, ...(isSelf ? {} : { role: values.role }), externalId: externalId ?? '' },
        },
        { onSuccess: onClose, onError },
      );
    } else {
      create.mutate(
        {
          body: {
            email: values.email.trim(),
            name: values.name.trim(),
            role: values.role,
            ...(externalId ? { externalId } : {}),
            ...(values.password ? { password: values.password } : {}),
          },
        },
        { onSuccess: (created) => onCreated?.(created), onError },
      );
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle', { email: user.email }) : t('users.createTitle')}
      okText={user ? t('users.save') : t('users.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: mutation.isPending }}
      destroyOnHidden
    >
      {mutation.error && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={problemText(mutation.error)} />
      )}
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        initialValues={{ role: 'editor' }}
        data-testid="user-form"
      >
        {!user && (
          <Form.Item
            name="email"
            label={t('users.email')}
            rules={[{ required: true, type: 'email', message: t('login.emailRequired') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, message: t('users.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          extra={isSelf ? t('users.ownRole') : undefined}
          rules={[{ required: true }]}
        >
          <RoleSelect disabled={isSelf} />
        </Form.Item>
        <Form.Item name="externalId" label={t('users.externalId')} extra={t('users.externalIdHelp')}>
          <Input autoComplete="off" className="mono" />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label={t('users.password')}
            extra={t('users.passwordHelp')}
            rules={[{ min: 10, message: t('password.tooShort') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
