import type { PrivacyPolicyResponseDto, PutPrivacyPolicyDto } from '@promptops/api-client';
import { PII_ACTIONS, PII_ENTITY_TYPES, type PiiAction } from '@promptops/shared';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Input, Segmented, Select, Space, Typography } from 'antd';
import type { Translate } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/messages/en';
import { useI18n } from '../../../i18n/use-i18n';

/** Not set at this level: the less specific level's action applies. */
const INHERIT = 'inherit';
type Choice = PiiAction | typeof INHERIT;

interface Values {
  entities: Record<string, Choice>;
  custom: { name: string; pattern: string; contextWords?: string[] }[];
}

interface PolicyEditorProps {
  policy: PrivacyPolicyResponseDto;
  /** The instance default has nothing to inherit from: a type not set is off. */
  inherits: boolean;
  canEdit: boolean;
  saving: boolean;
  onSave(body: PutPrivacyPolicyDto, form: FormInstance): void;
  testId?: string;
}

/** One level's policy: per entity type a segmented control, and the custom recognizers. */
export function PolicyEditor({ policy, inherits, canEdit, saving, onSave, testId }: PolicyEditorProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const custom = Form.useWatch('custom', form) as Values['custom'] | undefined;
  const customNames = (custom ?? []).map((r) => r?.name).filter((n): n is string => Boolean(n && /^[A-Z]/.test(n)));
  const types = [
    ...PII_ENTITY_TYPES,
    ...customNames.filter((n) => !(PII_ENTITY_TYPES as readonly string[]).includes(n)),
  ];
  const choices: Choice[] = inherits ? [INHERIT, ...PII_ACTIONS] : [...PII_ACTIONS];
  const fallback: Choice = inherits ? INHERIT : 'off';

  const submit = (values: Values) => {
    const entities: Record<string, PiiAction> = {};
    for (const type of types) {
      const choice = values.entities?.[type] ?? fallback;
      if (choice !== INHERIT) entities[type] = choice;
    }
    const recognizers = (values.custom ?? []).map((r) => ({
      name: r.name.trim(),
      pattern: r.pattern,
      ...(r.contextWords?.length ? { contextWords: r.contextWords } : {}),
    }));
    onSave({ entities, custom: recognizers }, form);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      disabled={!canEdit}
      data-testid={testId}
      initialValues={{
        entities: Object.fromEntries(
          [...PII_ENTITY_TYPES, ...policy.custom.map((r) => r.name)].map((type) => [
            type,
            policy.entities[type] ?? fallback,
          ]),
        ),
        custom: policy.custom.map((r) => ({ ...r, contextWords: r.contextWords ?? [] })),
      }}
    >
      <div className="privacy-entities">
        {types.map((type) => (
          <Form.Item
            key={type}
            name={['entities', type]}
            label={<span className="mono">{entityLabel(t, type)}</span>}
            className="privacy-entity"
          >
            <Segmented
              data-testid={`privacy-${type}`}
              options={choices.map((choice) => ({ value: choice, label: t(`privacy.action.${choice}`) }))}
            />
          </Form.Item>
        ))}
      </div>
      <Typography.Title level={5}>{t('privacy.custom')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('privacy.customHelp')}</Typography.Paragraph>
      <Form.List name="custom">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap className="privacy-recognizer">
                <Form.Item
                  name={[field.name, 'name']}
                  label={t('privacy.recognizerName')}
                  rules={[
                    { required: true, message: t('privacy.recognizerNameRequired') },
                    { pattern: /^[A-Z][A-Z0-9_]{0,47}$/, message: t('privacy.recognizerNamePattern') },
                  ]}
                >
                  <Input className="mono" placeholder="EMPLOYEE_ID" />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'pattern']}
                  label={t('privacy.pattern')}
                  rules={[{ required: true, message: t('privacy.patternRequired') }]}
                  // A server error names the pattern and the parser's reason: let it wrap under the field.
                  style={{ width: 280 }}
                >
                  <Input className="mono" placeholder="E-\d{6}" />
                </Form.Item>
                <Form.Item name={[field.name, 'contextWords']} label={t('privacy.contextWords')}>
                  <Select mode="tags" style={{ width: 240 }} placeholder={t('privacy.contextWordsPlaceholder')} />
                </Form.Item>
                <Form.Item label=" ">
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('privacy.removeRecognizer')}
                    onClick={() => remove(field.name)}
                  />
                </Form.Item>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ name: '', pattern: '', contextWords: [] })}>
              {t('privacy.addRecognizer')}
            </Button>
          </>
        )}
      </Form.List>
      <div className="privacy-actions">
        <Button type="primary" htmlType="submit" loading={saving} data-testid="privacy-save">
          {t('privacy.save')}
        </Button>
      </div>
    </Form>
  );
}

/** `Email (EMAIL)` for the built-in types, the custom recognizer's own name otherwise. */
export function entityLabel(t: Translate, type: string): string {
  return (PII_ENTITY_TYPES as readonly string[]).includes(type)
    ? `${t(`privacy.entity.${type}` as MessageKey)} · ${type}`
    : type;
}
