import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ProviderKind, ProviderModelDto, ProviderResponseDto } from '@promptops/api-client';
import { PROVIDER_KINDS } from '@promptops/shared';
import { App, Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreateProvider } from '../hooks/use-create-provider';
import { useUpdateProvider } from '../hooks/use-update-provider';
import { BASE_URL_PLACEHOLDER, KEY_OPTIONAL, NEEDS_BASE_URL } from '../provider-kinds';

interface ModelRow {
  id?: string;
  inputPricePerMTok?: number | null;
  outputPricePerMTok?: number | null;
}

interface Values {
  name: string;
  kind: ProviderKind;
  baseUrl?: string;
  apiKey?: string;
  removeApiKey?: boolean;
  models: ModelRow[];
  enabled: boolean;
}

interface ProviderDrawerProps {
  open: boolean;
  /** The provider to edit; none to create one. */
  provider: ProviderResponseDto | null;
  onClose(): void;
}

function toModels(rows: ModelRow[]): ProviderModelDto[] {
  return rows
    .filter((row): row is ModelRow & { id: string } => Boolean(row.id?.trim()))
    .map((row) => ({
      id: row.id.trim(),
      inputPricePerMTok: row.inputPricePerMTok ?? undefined,
      outputPricePerMTok: row.outputPricePerMTok ?? undefined,
    }));
}

export function ProviderDrawer({ open, provider, onClose }: ProviderDrawerProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const create = useCreateProvider();
  const update = useUpdateProvider();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'openai';
  const removeApiKey = Form.useWatch('removeApiKey', form);
  const editing = provider !== null;

  // The drawer unmounts its form when hidden, so these apply afresh each time it opens.
  const initialValues: Partial<Values> = provider
    ? {
        name: provider.name,
        kind: provider.kind,
        baseUrl: provider.baseUrl ?? undefined,
        models: provider.models,
        enabled: provider.enabled,
      }
    : { kind: 'openai-compatible', models: [], enabled: true };

  const submit = (values: Values) => {
    const baseUrl = values.baseUrl?.trim() || undefined;
    const apiKey = values.apiKey?.trim() || undefined;
    const models = toModels(values.models ?? []);
    const done = {
      onSuccess: () => {
        message.success(t(editing ? 'providers.saved' : 'providers.created', { name: values.name }));
        onClose();
      },
      onError: (error: unknown) => onError(error, form),
    };
    if (provider) {
      update.mutate(
        {
          path: { name: provider.name },
          body: {
            kind: values.kind,
            baseUrl: baseUrl ?? null,
            // Empty keeps the stored key; only the explicit checkbox removes it.
            ...(values.removeApiKey ? { apiKey: null } : apiKey ? { apiKey } : {}),
            models,
            enabled: values.enabled,
          },
        },
        done,
      );
    } else {
      create.mutate(
        { body: { name: values.name.trim(), kind: values.kind, baseUrl, apiKey, models, enabled: values.enabled } },
        done,
      );
    }
  };

  return (
    <Drawer
      open={open}
      width={560}
      title={editing ? t('providers.editTitle', { name: provider.name }) : t('providers.createTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            {editing ? t('providers.save') : t('providers.create')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        initialValues={initialValues}
        className="provider-form"
      >
        <div className="form-row">
          <Form.Item
            name="name"
            label={t('providers.name')}
            extra={editing ? undefined : t('providers.nameHelp')}
            rules={[
              { required: true, message: t('providers.nameRequired') },
              { pattern: /^[a-z0-9][a-z0-9-_]*$/, message: t('providers.namePattern') },
            ]}
          >
            <Input disabled={editing} placeholder="litellm" autoComplete="off" maxLength={64} />
          </Form.Item>
          <Form.Item name="kind" label={t('providers.kind')} rules={[{ required: true }]}>
            <Select options={PROVIDER_KINDS.map((value) => ({ value, label: t(`providerKind.${value}`) }))} />
          </Form.Item>
        </div>
        <Form.Item
          name="baseUrl"
          label={t('providers.baseUrl')}
          extra={t(
            kind === 'ollama'
              ? 'providers.baseUrlHelpOllama'
              : kind === 'openai-compatible'
                ? 'providers.baseUrlHelpCompatible'
                : 'providers.baseUrlOptional',
          )}
          rules={[
            { required: NEEDS_BASE_URL.has(kind), message: t('providers.baseUrlRequired') },
            { type: 'url', message: t('providers.baseUrlInvalid') },
          ]}
        >
          <Input placeholder={BASE_URL_PLACEHOLDER[kind]} autoComplete="off" className="mono" />
        </Form.Item>
        <Form.Item
          name="apiKey"
          label={t('providers.apiKey')}
          extra={
            editing && provider.apiKeyLast4
              ? t('providers.apiKeyKeep', { last4: provider.apiKeyLast4 })
              : KEY_OPTIONAL.has(kind)
                ? t('providers.apiKeyOptional')
                : t('providers.apiKeyHelp')
          }
        >
          <Input.Password
            autoComplete="new-password"
            disabled={removeApiKey}
            placeholder={editing && provider.apiKeyLast4 ? `••••${provider.apiKeyLast4}` : 'sk-…'}
          />
        </Form.Item>
        {editing && provider.apiKeyLast4 && (
          <Form.Item name="removeApiKey" valuePropName="checked" className="provider-form__remove-key">
            <Checkbox>{t('providers.removeApiKey')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item label={t('providers.models')} extra={t('providers.modelsHelp')} className="provider-form__models">
          <Form.List name="models">
            {(rows, { add, remove }) => (
              <div className="model-rows">
                {rows.length > 0 && (
                  <div className="model-rows__head muted small">
                    <span>{t('providers.modelId')}</span>
                    <span>{t('providers.inputPrice')}</span>
                    <span>{t('providers.outputPrice')}</span>
                    <span />
                  </div>
                )}
                {rows.map((row, index) => (
                  <div className="model-rows__row" key={row.key}>
                    <Form.Item
                      name={[row.name, 'id']}
                      rules={[{ required: true, whitespace: true, message: t('providers.modelIdRequired') }]}
                    >
                      <Input
                        placeholder="gpt-4o-mini"
                        className="mono"
                        aria-label={t('providers.modelLabel', { index: index + 1 })}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'inputPricePerMTok']}>
                      <InputNumber
                        min={0}
                        step={0.1}
                        prefix="$"
                        className="full-width"
                        placeholder={t('providers.builtIn')}
                        aria-label={t('providers.inputPrice')}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'outputPricePerMTok']}>
                      <InputNumber
                        min={0}
                        step={0.1}
                        prefix="$"
                        className="full-width"
                        placeholder={t('providers.builtIn')}
                        aria-label={t('providers.outputPrice')}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(row.name)}
                      aria-label={t('providers.removeModel')}
                    />
                  </div>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('providers.addModel')}
                </Button>
              </div>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="enabled" label={t('providers.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Paragraph type="secondary" className="small">
          {t('providers.pricesNote')}
        </Typography.Paragraph>
      </Form>
    </Drawer>
  );
}
