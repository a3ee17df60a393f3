import type { CreatedApiKeyResponseDto } from '@promptops/api-client';
import { API_KEY_SCOPES, type ApiKeyScope } from '@promptops/shared';
import { Checkbox, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useEnvironments } from '../../environments/hooks/use-environments';
import { useCreateApiKey } from '../hooks/use-create-api-key';

interface Values {
  name: string;
  scopes: ApiKeyScope[];
  environment?: string;
  serveDebugDrafts: boolean;
  rateLimitPerMinute: number;
}

interface CreateApiKeyModalProps {
  open: boolean;
  onClose(): void;
  onCreated(key: CreatedApiKeyResponseDto): void;
}

export function CreateApiKeyModal({ open, onClose, onCreated }: CreateApiKeyModalProps) {
  const { t } = useI18n();
  const onError = useProblemHandler();
  const create = useCreateApiKey();
  const environments = useEnvironments();
  const [form] = Form.useForm<Values>();

  const submit = (values: Values) =>
    create.mutate(
      {
        body: {
          name: values.name.trim(),
          scopes: values.scopes,
          environment: values.environment || undefined,
          serveDebugDrafts: values.serveDebugDrafts,
          rateLimitPerMinute: values.rateLimitPerMinute,
        },
      },
      {
        onSuccess: (key) => {
          form.resetFields();
          onCreated(key);
        },
        onError: (error) => onError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('apiKeys.createTitle')}
      okText={t('apiKeys.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        initialValues={{ scopes: ['run', 'render'], serveDebugDrafts: false, rateLimitPerMinute: 600 }}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          extra={t('apiKeys.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.nameRequired') }]}
        >
          <Input maxLength={200} placeholder={t('apiKeys.namePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apiKeys.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.scopesRequired') }]}
        >
          <Checkbox.Group className="scope-checkboxes">
            {API_KEY_SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope}>
                <span>{t(`apiKeys.scopeName.${scope}`)}</span> <span className="mono muted small">{scope}</span>
                <span className="muted small scope-checkboxes__help">{t(`apiKeys.scope.${scope}`)}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <div className="form-row">
          <Form.Item name="environment" label={t('apiKeys.environment')} extra={t('apiKeys.environmentHelp')}>
            <Select
              allowClear
              placeholder={t('apiKeys.anyEnvironment')}
              loading={environments.isPending}
              options={(environments.data ?? []).map((env) => ({ value: env.name, label: env.name }))}
            />
          </Form.Item>
          <Form.Item
            name="rateLimitPerMinute"
            label={t('apiKeys.rateLimit')}
            extra={t('apiKeys.rateLimitHelp')}
            rules={[{ required: true, message: t('apiKeys.rateLimitRequired') }]}
          >
            <InputNumber
              className="full-width"
              min={1}
              max={1_000_000}
              precision={0}
              addonAfter={t('apiKeys.perMinute')}
            />
          </Form.Item>
        </div>
        <Form.Item
          name="serveDebugDrafts"
          label={t('apiKeys.debugDrafts')}
          extra={t('apiKeys.debugDraftsHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="api-key-debug-drafts" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
