import type { EnvironmentResponseDto } from '@promptops/api-client';
import { App, Form, Input, Modal, Switch } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreateEnvironment } from '../hooks/use-create-environment';
import { useUpdateEnvironment } from '../hooks/use-update-environment';

/** Same rule as the API: URL-safe, since the name appears in paths and webhook targets. */
const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

interface Values {
  name: string;
  description?: string;
  isProtected: boolean;
}

interface EnvironmentModalProps {
  open: boolean;
  onClose(): void;
  /** The environment to edit (its name stays); without it, a new one is added. */
  environment?: EnvironmentResponseDto;
}

export function EnvironmentModal({ open, onClose, environment }: EnvironmentModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const create = useCreateEnvironment();
  const update = useUpdateEnvironment();
  const [form] = Form.useForm<Values>();

  const done = (text: string) => {
    message.success(text);
    form.resetFields();
    onClose();
  };

  const submit = (values: Values) => {
    const description = values.description?.trim() ?? '';
    if (environment) {
      update.mutate(
        { path: { environment: environment.name }, body: { description, isProtected: values.isProtected } },
        { onSuccess: (env) => done(t('env.updated', { name: env.name })), onError: (error) => onError(error, form) },
      );
      return;
    }
    create.mutate(
      { body: { name: values.name.trim(), description: description || undefined, isProtected: values.isProtected } },
      { onSuccess: (env) => done(t('env.created', { name: env.name })), onError: (error) => onError(error, form) },
    );
  };

  return (
    <Modal
      open={open}
      title={environment ? t('env.editTitle', { name: environment.name }) : t('env.addTitle')}
      okText={environment ? t('env.save') : t('env.add')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending || update.isPending }}
      destroyOnHidden
    >
      {/* Mounted afresh each time it opens (destroyOnHidden), so the initial values are the environment's. */}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: environment?.name,
          description: environment?.description ?? undefined,
          isProtected: environment?.isProtected ?? false,
        }}
      >
        <Form.Item
          name="name"
          label={t('env.name')}
          extra={environment ? undefined : t('env.nameHelp')}
          rules={[
            { required: true, message: t('env.nameRequired') },
            { pattern: ENVIRONMENT_NAME, message: t('env.namePattern') },
          ]}
        >
          <Input placeholder="tenant-acme" className="mono" autoComplete="off" disabled={Boolean(environment)} />
        </Form.Item>
        <Form.Item name="description" label={t('env.description')}>
          <Input maxLength={500} placeholder={t('env.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="isProtected" label={t('env.protected')} extra={t('env.protectedHelp')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
