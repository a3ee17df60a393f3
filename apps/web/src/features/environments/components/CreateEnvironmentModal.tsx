import { App, Form, Input, Modal, Switch } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreateEnvironment } from '../hooks/use-create-environment';

/** Same rule as the API: URL-safe, since the name appears in paths and webhook targets. */
const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

interface Values {
  name: string;
  description?: string;
  isProtected: boolean;
}

export function CreateEnvironmentModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const create = useCreateEnvironment();
  const [form] = Form.useForm<Values>();

  const submit = (values: Values) =>
    create.mutate(
      {
        body: {
          name: values.name.trim(),
          description: values.description?.trim() || undefined,
          isProtected: values.isProtected,
        },
      },
      {
        onSuccess: (env) => {
          message.success(t('env.created', { name: env.name }));
          form.resetFields();
          onClose();
        },
        onError: (error) => onError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('env.addTitle')}
      okText={t('env.add')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ isProtected: false }}>
        <Form.Item
          name="name"
          label={t('env.name')}
          extra={t('env.nameHelp')}
          rules={[
            { required: true, message: t('env.nameRequired') },
            { pattern: ENVIRONMENT_NAME, message: t('env.namePattern') },
          ]}
        >
          <Input placeholder="tenant-acme" className="mono" autoComplete="off" />
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
