import type { VariableMeta } from '@promptops/templating';
import { Card, Empty, Form, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import type { VariableValues } from '../hooks/use-live-render';
import { InvalidJson } from './JsonInput';
import { VariableInput } from './VariableInput';

interface VariablesFormProps {
  fields: VariableMeta[];
  /** Read once, as the form's initial values; remount (key) to start over. */
  values: VariableValues;
  issues: Record<string, string>;
  onChange(values: VariableValues): void;
  testId?: string;
}

/** A form generated from a version's variables: one typed input each, defaults filled in. */
export function VariablesForm({ fields, values, issues, onChange, testId }: VariablesFormProps) {
  const { t } = useI18n();
  return (
    <Form
      layout="vertical"
      initialValues={values}
      onValuesChange={(_changed, all: VariableValues) => onChange(all)}
      data-testid={testId}
    >
      {fields.map((field) => (
        <Form.Item
          key={field.name}
          name={field.name}
          label={
            <span>
              <span className="mono">{field.name}</span>{' '}
              <Tag bordered={false} color="geekblue">
                {t(`variableType.${field.type}`)}
              </Tag>
            </span>
          }
          required={field.required !== false && field.default === undefined}
          tooltip={field.description}
          validateStatus={issues[field.name] || values[field.name] instanceof InvalidJson ? 'error' : undefined}
          help={
            issues[field.name] ?? (values[field.name] instanceof InvalidJson ? t('preview.invalidJson') : undefined)
          }
        >
          <VariableInput meta={field} />
        </Form.Item>
      ))}
    </Form>
  );
}

/** The variables form in its card, or a note that the version takes no variables. */
export function VariablesCard(props: VariablesFormProps) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('preview.variables')}>
      {props.fields.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('preview.noVariables')} />
      ) : (
        <VariablesForm {...props} />
      )}
    </Card>
  );
}
