import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { MissingVariableDto, ProviderResponseDto } from '@promptops/api-client';
import { Alert, Button, Card, Form, Input, InputNumber, Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { usePrompt } from '../../prompts';
import { ModelPicker, ProviderSelect, useProviders } from '../../providers';
import type { ExperimentFormValues } from '../experiment-form';
import { PromptSelect } from '../../prompts';
import { VariantTargetSelect } from './VariantTargetSelect';

export const MAX_VARIANTS = 10;

interface VariantsFieldProps {
  /** From the live estimate: required variables some items lack, by variant index. */
  missing: MissingVariableDto[];
  items: number | undefined;
}

/** 1–10 variants, the first being the baseline the others are compared with. */
export function VariantsField({ missing, items }: VariantsFieldProps) {
  const { t } = useI18n();
  return (
    <Form.List name="variants">
      {(fields, { add, remove }) => (
        <div className="variant-list">
          {fields.map((field, index) => (
            <VariantRow
              key={field.key}
              index={index}
              name={field.name}
              removable={fields.length > 1}
              onRemove={() => remove(field.name)}
              missing={missing.filter((m) => m.variant === index)}
              items={items}
            />
          ))}
          {fields.length < MAX_VARIANTS && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
              {t('experiments.form.addVariant')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

interface VariantRowProps {
  index: number;
  name: number;
  removable: boolean;
  onRemove(): void;
  missing: MissingVariableDto[];
  items: number | undefined;
}

function VariantRow({ index, name, removable, onRemove, missing, items }: VariantRowProps) {
  const { t } = useI18n();
  const form = Form.useFormInstance<ExperimentFormValues>();
  const prompt = Form.useWatch(['variants', name, 'prompt'], form);
  const providerName = Form.useWatch(['variants', name, 'provider'], form);
  const target = Form.useWatch(['variants', name, 'version'], form);
  const providers = useProviders();
  const provider = providers.data?.find((p) => p.name === providerName);
  // A flow's steps run on their own models: its variant has none to choose.
  const isFlow = usePrompt(prompt).data?.type === 'flow';
  const number = index + 1;

  return (
    <Card
      size="small"
      className="variant-card"
      data-testid={`variant-${index}`}
      title={
        <span>
          {t('experiments.form.variant', { number })}
          {index === 0 && (
            <Tag bordered={false} color="blue" className="variant-card__baseline">
              {t('experiments.baseline')}
            </Tag>
          )}
        </span>
      }
      extra={
        removable && (
          <Tooltip title={t('experiments.form.removeVariant')}>
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('experiments.form.removeVariant')}
              onClick={onRemove}
            />
          </Tooltip>
        )
      }
    >
      <div className="variant-card__grid">
        <Form.Item
          name={[name, 'prompt']}
          label={t('experiments.form.prompt')}
          rules={[{ required: true, message: t('experiments.form.promptRequired') }]}
        >
          <PromptSelect
            ariaLabel={t('experiments.form.promptOf', { number })}
            placeholder={t('experiments.form.promptPick')}
          />
        </Form.Item>
        <Form.Item name={[name, 'version']} label={t('experiments.form.version')}>
          <VariantTargetSelect prompt={prompt} ariaLabel={t('experiments.form.versionOf', { number })} />
        </Form.Item>
        <Form.Item name={[name, 'label']} label={t('experiments.form.label')} tooltip={t('experiments.form.labelHelp')}>
          <Input
            placeholder={typeof target === 'number' ? `v${target}` : t('experiments.form.labelPlaceholder')}
            maxLength={60}
          />
        </Form.Item>
        {isFlow ? (
          <Alert type="info" showIcon className="variant-card__flow" message={t('experiments.form.flowModels')} />
        ) : (
          <>
            <Form.Item
              name={[name, 'provider']}
              label={t('experiments.form.provider')}
              tooltip={t('experiments.form.overrideHelp')}
            >
              <FormProviderSelect
                providers={providers.data ?? []}
                loading={providers.isPending}
                ariaLabel={t('experiments.form.providerOf', { number })}
              />
            </Form.Item>
            <Form.Item name={[name, 'model']} label={t('experiments.form.model')}>
              <FormModelPicker provider={provider} ariaLabel={t('experiments.form.modelOf', { number })} />
            </Form.Item>
            <Form.Item name={[name, 'temperature']} label={t('experiments.form.temperature')}>
              <InputNumber
                min={0}
                max={2}
                step={0.1}
                placeholder={t('experiments.form.fromVersion')}
                className="full-width"
              />
            </Form.Item>
            <Form.Item name={[name, 'maxTokens']} label={t('experiments.form.maxTokens')}>
              <InputNumber
                min={1}
                max={1000000}
                precision={0}
                placeholder={t('experiments.form.fromVersion')}
                className="full-width"
              />
            </Form.Item>
          </>
        )}
      </div>
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid={`variant-${index}-missing`}
          message={t('experiments.form.missingTitle')}
          description={
            <ul className="plain-list">
              {missing.map((m) => (
                <li key={m.variable}>
                  {t('experiments.form.missingVariable', {
                    variable: m.variable,
                    count: m.itemsMissing,
                    items: items ?? '?',
                  })}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}

interface FormControl<T> {
  value?: T;
  onChange?(value: T): void;
}

/** The provider picker as a form control (Form.Item hands it value and onChange). */
export function FormProviderSelect({
  value,
  onChange,
  ...props
}: FormControl<string | undefined> & { providers: ProviderResponseDto[]; loading?: boolean; ariaLabel: string }) {
  return <ProviderSelect {...props} value={value} onChange={(next) => onChange?.(next)} allowClear />;
}

export function FormModelPicker({
  value,
  onChange,
  ...props
}: FormControl<string | undefined> & { provider: ProviderResponseDto | undefined; ariaLabel: string }) {
  return <ModelPicker {...props} value={value} onChange={(next) => onChange?.(next)} allowClear />;
}
