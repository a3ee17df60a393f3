import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SCORER_KINDS, type ScorerKind } from '@promptops/shared';
import { Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { InvalidJson, JsonInput } from '../../prompts';
import { useProviders } from '../../providers';
import { defaultScorerConfig, type ExperimentFormValues, SCORER_THRESHOLDS } from '../experiment-form';
import { PromptSelect } from '../../prompts';
import { FormModelPicker, FormProviderSelect } from './VariantsField';

export const MAX_SCORERS = 10;

/** 1–10 scorers, each a kind with its settings; names unique (the results are keyed by them). */
export function ScorersField() {
  const { t } = useI18n();
  return (
    <Form.List name="scorers">
      {(fields, { add, remove }) => (
        <div className="scorer-list">
          {fields.map((field, index) => (
            <ScorerRow
              key={field.key}
              index={index}
              name={field.name}
              removable={fields.length > 1}
              onRemove={() => remove(field.name)}
            />
          ))}
          {fields.length < MAX_SCORERS && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              block
              onClick={() =>
                add({
                  name: `scorer-${fields.length + 1}`,
                  kind: 'exact_match',
                  config: defaultScorerConfig('exact_match'),
                })
              }
            >
              {t('experiments.form.addScorer')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

interface ScorerRowProps {
  index: number;
  name: number;
  removable: boolean;
  onRemove(): void;
}

function ScorerRow({ index, name, removable, onRemove }: ScorerRowProps) {
  const { t } = useI18n();
  const form = Form.useFormInstance<ExperimentFormValues>();
  const kind = (Form.useWatch(['scorers', name, 'kind'], form) ?? 'exact_match') as ScorerKind;
  const defaultThreshold = SCORER_THRESHOLDS[kind];
  const number = index + 1;

  const uniqueName = {
    validator: async (_rule: unknown, value: string | undefined) => {
      const names = (form.getFieldValue('scorers') as { name?: string }[] | undefined) ?? [];
      if (value && names.filter((s) => s?.name?.trim() === value.trim()).length > 1) {
        throw new Error(t('experiments.form.scorerNameTaken'));
      }
    },
  };

  return (
    <Card
      size="small"
      className="scorer-card"
      data-testid={`scorer-${index}`}
      title={t('experiments.form.scorer', { number })}
      extra={
        removable && (
          <Tooltip title={t('experiments.form.removeScorer')}>
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('experiments.form.removeScorer')}
              onClick={onRemove}
            />
          </Tooltip>
        )
      }
    >
      <div className="scorer-card__grid">
        <Form.Item
          name={[name, 'name']}
          label={t('experiments.form.scorerName')}
          rules={[{ required: true, message: t('experiments.form.scorerNameRequired') }, uniqueName]}
        >
          <Input className="mono" maxLength={60} aria-label={t('experiments.form.scorerNameOf', { number })} />
        </Form.Item>
        <Form.Item name={[name, 'kind']} label={t('experiments.form.scorerKind')} rules={[{ required: true }]}>
          <Select<ScorerKind>
            aria-label={t('experiments.form.scorerKindOf', { number })}
            popupMatchSelectWidth={false}
            onChange={(next) => {
              form.setFieldValue(['scorers', name, 'config'], defaultScorerConfig(next));
              form.setFieldValue(['scorers', name, 'threshold'], undefined);
            }}
            options={SCORER_KINDS.map((k) => ({
              value: k,
              label: (
                <div className="scorer-kind-option">
                  <span>{t(`scorerKind.${k}`)}</span>
                  <Typography.Text type="secondary" className="small">
                    {t(`scorerKind.${k}.help`)}
                  </Typography.Text>
                </div>
              ),
            }))}
            labelRender={({ value }) => t(`scorerKind.${value as ScorerKind}`)}
          />
        </Form.Item>
        {defaultThreshold !== undefined && (
          <Form.Item
            name={[name, 'threshold']}
            label={t('experiments.form.threshold')}
            tooltip={t('experiments.form.thresholdHelp')}
          >
            <InputNumber min={0} max={1} step={0.05} placeholder={String(defaultThreshold)} className="full-width" />
          </Form.Item>
        )}
      </div>
      <ScorerSettings kind={kind} name={name} />
    </Card>
  );
}

/** The settings of one kind of scorer, under `scorers[name].config`. */
function ScorerSettings({ kind, name }: { kind: ScorerKind; name: number }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<ExperimentFormValues>();
  const providers = useProviders();
  const providerName = Form.useWatch(['scorers', name, 'config', 'provider'], form) as string | undefined;
  const provider = providers.data?.find((p) => p.name === providerName);
  const field = (key: string) => [name, 'config', key];
  const caseAndSpace = (
    <div className="scorer-card__checks">
      <Form.Item name={field('trim')} valuePropName="checked" noStyle>
        <Checkbox>{t('experiments.scorer.trim')}</Checkbox>
      </Form.Item>
      <Form.Item name={field('ignoreCase')} valuePropName="checked" noStyle>
        <Checkbox>{t('experiments.scorer.ignoreCase')}</Checkbox>
      </Form.Item>
    </div>
  );

  switch (kind) {
    case 'exact_match':
    case 'levenshtein':
      return caseAndSpace;
    case 'contains':
      return (
        <div className="scorer-card__grid">
          <Form.Item
            name={field('values')}
            label={t('experiments.scorer.values')}
            tooltip={t('experiments.scorer.valuesHelp')}
          >
            <Select
              mode="tags"
              placeholder={t('experiments.scorer.valuesPlaceholder')}
              open={false}
              suffixIcon={null}
            />
          </Form.Item>
          <Form.Item name={field('mode')} label={t('experiments.scorer.mode')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'all', label: t('experiments.scorer.modeAll') },
                { value: 'any', label: t('experiments.scorer.modeAny') },
              ]}
            />
          </Form.Item>
          <Form.Item name={field('ignoreCase')} valuePropName="checked" label=" " colon={false}>
            <Checkbox>{t('experiments.scorer.ignoreCase')}</Checkbox>
          </Form.Item>
        </div>
      );
    case 'regex':
      return (
        <div className="scorer-card__grid">
          <Form.Item
            name={field('pattern')}
            label={t('experiments.scorer.pattern')}
            tooltip={t('experiments.scorer.patternHelp')}
            rules={[{ required: true, message: t('experiments.scorer.patternRequired') }]}
          >
            <Input className="mono" placeholder="^\d+$" />
          </Form.Item>
          <Form.Item name={field('flags')} label={t('experiments.scorer.flags')}>
            <Checkbox.Group
              options={[
                { value: 'i', label: t('experiments.scorer.flagI') },
                { value: 'm', label: t('experiments.scorer.flagM') },
                { value: 's', label: t('experiments.scorer.flagS') },
              ]}
            />
          </Form.Item>
          <Form.Item name={field('negate')} valuePropName="checked" label=" " colon={false}>
            <Checkbox>{t('experiments.scorer.negate')}</Checkbox>
          </Form.Item>
        </div>
      );
    case 'json_valid':
      return <Typography.Text type="secondary">{t('experiments.scorer.jsonValidHelp')}</Typography.Text>;
    case 'json_schema':
      return (
        <Form.Item
          name={field('schema')}
          label={t('experiments.scorer.schema')}
          extra={t('experiments.scorer.schemaHelp')}
          rules={[
            {
              validator: async (_rule, value: unknown) => {
                if (value instanceof InvalidJson)
                  throw new Error(t('experiments.scorer.schemaInvalid', { reason: value.reason }));
                if (
                  value !== undefined &&
                  (typeof value !== 'object' || value === null || Array.isArray(value)) &&
                  typeof value !== 'boolean'
                ) {
                  throw new Error(t('experiments.scorer.schemaNotObject'));
                }
              },
            },
          ]}
        >
          <JsonInput placeholder={'{ "type": "object", "required": ["answer"] }'} />
        </Form.Item>
      );
    case 'numeric':
      return (
        <div className="scorer-card__grid">
          <Form.Item
            name={field('tolerance')}
            label={t('experiments.scorer.tolerance')}
            tooltip={t('experiments.scorer.toleranceHelp')}
          >
            <InputNumber min={0} placeholder="0" className="full-width" />
          </Form.Item>
          <Form.Item
            name={field('relativeTolerance')}
            label={t('experiments.scorer.relativeTolerance')}
            tooltip={t('experiments.scorer.relativeToleranceHelp')}
          >
            <InputNumber min={0} step={0.01} placeholder="0" className="full-width" />
          </Form.Item>
        </div>
      );
    case 'embedding_similarity':
      return (
        <div className="scorer-card__grid">
          <Form.Item
            name={field('provider')}
            label={t('experiments.form.provider')}
            rules={[{ required: true, message: t('experiments.scorer.providerRequired') }]}
          >
            <FormProviderSelect
              providers={providers.data ?? []}
              loading={providers.isPending}
              ariaLabel={t('experiments.form.provider')}
            />
          </Form.Item>
          <Form.Item
            name={field('model')}
            label={t('experiments.scorer.embeddingModel')}
            rules={[{ required: true, message: t('experiments.scorer.modelRequired') }]}
          >
            <FormModelPicker provider={provider} ariaLabel={t('experiments.scorer.embeddingModel')} />
          </Form.Item>
        </div>
      );
    case 'llm_judge':
      return (
        <div className="scorer-card__grid">
          <Form.Item
            name={field('prompt')}
            label={t('experiments.scorer.judgePrompt')}
            tooltip={t('experiments.scorer.judgePromptHelp')}
          >
            <PromptSelect ariaLabel={t('experiments.scorer.judgePrompt')} placeholder="eval-judge" type="prompt" />
          </Form.Item>
          <Form.Item
            name={field('provider')}
            label={t('experiments.form.provider')}
            tooltip={t('experiments.scorer.judgeModelHelp')}
          >
            <FormProviderSelect
              providers={providers.data ?? []}
              loading={providers.isPending}
              ariaLabel={t('experiments.form.provider')}
            />
          </Form.Item>
          <Form.Item name={field('model')} label={t('experiments.form.model')}>
            <FormModelPicker provider={provider} ariaLabel={t('experiments.form.model')} />
          </Form.Item>
        </div>
      );
  }
}
