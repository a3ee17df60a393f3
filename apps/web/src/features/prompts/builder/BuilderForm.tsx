import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { BuilderDatasetRef, BuilderExample, LintWarning } from '@promptops/templating';
import { Button, Card, Form, type FormInstance, Input, Radio, Space, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { type BuilderFormValues, parseSchema, warningsAt } from './builder-form';
import { DatasetExamplesPicker } from './DatasetExamplesPicker';
import { FieldWarnings } from './FieldWarnings';

interface BuilderFormProps {
  form: FormInstance<BuilderFormValues>;
  initialValues: BuilderFormValues;
  /** Names of the variables examples give values for (declared and used). */
  variableNames: string[];
  warnings: LintWarning[];
  onChange(values: BuilderFormValues): void;
  onPickExamples(examples: BuilderExample[], ref: BuilderDatasetRef): void;
}

/** The builder's structured form: role, task, context, constraints, output format and few-shot examples. */
export function BuilderForm({
  form,
  initialValues,
  variableNames,
  warnings,
  onChange,
  onPickExamples,
}: BuilderFormProps) {
  const { t } = useI18n();
  const outputKind = Form.useWatch('outputKind', form) ?? initialValues.outputKind;
  const at = (field: string, prefix = false) => <FieldWarnings warnings={warningsAt(warnings, field, prefix)} />;
  const textArea = (label: string, rows = 2) => (
    <Input.TextArea className="mono" autoSize={{ minRows: rows, maxRows: 10 }} aria-label={label} />
  );

  return (
    <Form
      form={form}
      layout="vertical"
      className="builder-form"
      data-testid="builder-form"
      initialValues={initialValues}
      onValuesChange={() => onChange(form.getFieldsValue(true) as BuilderFormValues)}
    >
      <Form.Item name="role" label={t('builder.role')} extra={at('role')} tooltip={t('builder.roleHelp')}>
        {textArea(t('builder.role'), 1)}
      </Form.Item>
      <Form.Item
        name="task"
        label={t('builder.task')}
        extra={at('task')}
        required
        rules={[{ required: true, whitespace: true, message: t('builder.taskRequired') }]}
      >
        {textArea(t('builder.task'), 3)}
      </Form.Item>
      <Form.Item name="context" label={t('builder.context')} extra={at('context')}>
        {textArea(t('builder.context'), 2)}
      </Form.Item>
      <Form.Item label={t('builder.constraints')}>
        <Form.List name="constraints">
          {(fields, { add, remove }) => (
            <div className="builder-list">
              {fields.map((field, index) => (
                <div key={field.key}>
                  <Space.Compact block>
                    <Form.Item name={field.name} noStyle>
                      <Input aria-label={t('builder.constraintN', { index: index + 1 })} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('builder.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Space.Compact>
                  {at(`constraints.${index}`)}
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add('')}
                data-testid="builder-add-constraint"
              >
                {t('builder.addConstraint')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={t('builder.outputFormat')}>
        <Form.Item name="outputKind" noStyle>
          <Radio.Group
            optionType="button"
            size="small"
            options={[
              { value: 'text', label: t('builder.outputText') },
              { value: 'json_schema', label: t('builder.outputSchema') },
            ]}
          />
        </Form.Item>
        {outputKind === 'text' ? (
          <Form.Item name="outputText" noStyle>
            <Input.TextArea
              className="mono builder-form__output"
              autoSize={{ minRows: 2, maxRows: 8 }}
              aria-label={t('builder.outputText')}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="schemaText"
            className="builder-form__output"
            rules={[
              {
                validator: async (_r, value: string) => {
                  if (parseSchema(value ?? '') === null) throw new Error(t('builder.schemaNotJson'));
                },
              },
            ]}
            extra={at('outputFormat.schema')}
          >
            <Input.TextArea
              className="mono"
              autoSize={{ minRows: 6, maxRows: 20 }}
              aria-label={t('builder.outputSchema')}
              data-testid="builder-schema"
            />
          </Form.Item>
        )}
        {outputKind === 'text' && at('outputFormat.text')}
      </Form.Item>
      <Form.Item label={t('builder.examples')} tooltip={t('builder.examplesHelp')}>
        <Form.List name="examples">
          {(fields, { add, remove }) => (
            <div className="builder-list">
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('builder.exampleN', { index: index + 1 })}
                  extra={
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('builder.remove')}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  {variableNames.map((name) => (
                    <Form.Item
                      key={name}
                      name={[field.name, 'input', name]}
                      label={name}
                      className="builder-form__pair"
                    >
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                  ))}
                  <Form.Item
                    name={[field.name, 'output']}
                    label={t('builder.exampleOutput')}
                    className="builder-form__pair"
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
                  </Form.Item>
                  {at(`examples.${index}`, true)}
                </Card>
              ))}
              <Space wrap>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ input: {}, output: '' })}>
                  {t('builder.addExample')}
                </Button>
                <DatasetExamplesPicker onPick={onPickExamples} />
              </Space>
            </div>
          )}
        </Form.List>
      </Form.Item>
      <Typography.Text type="secondary" className="small">
        {t('builder.hint')}
      </Typography.Text>
    </Form>
  );
}
