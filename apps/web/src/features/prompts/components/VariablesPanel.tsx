import { DeleteOutlined } from '@ant-design/icons';
import { VARIABLE_TYPES, type VariableType } from '@promptops/shared';
import type { VariableMeta } from '@promptops/templating';
import { Button, Collapse, Empty, Form, Input, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { InvalidJson } from './JsonInput';
import { VariableInput } from './VariableInput';

interface VariablesPanelProps {
  variables: VariableMeta[];
  /** Names the template uses right now; others are declared but unused. */
  used: ReadonlySet<string>;
  onChange(variables: VariableMeta[]): void;
}

/** Declarations of every variable the template uses: type, required, default, description, choices. */
export function VariablesPanel({ variables, used, onChange }: VariablesPanelProps) {
  const { t } = useI18n();

  const update = (name: string, changes: Partial<VariableMeta>) =>
    onChange(
      variables.map((variable) => {
        if (variable.name !== name) return variable;
        const next = { ...variable, ...changes };
        // A default of another type would be rejected by the API, so a type change drops it.
        if (changes.type && changes.type !== variable.type) delete next.default;
        if (next.type !== 'choice') delete next.choices;
        for (const key of Object.keys(next) as (keyof VariableMeta)[]) if (next[key] === undefined) delete next[key];
        return next;
      }),
    );

  if (variables.length === 0) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span>
            {t('variables.none')} <Typography.Text code>{'{{ name }}'}</Typography.Text>
          </span>
        }
      />
    );
  }

  return (
    <Collapse
      size="small"
      className="variables-panel"
      data-testid="variables-panel"
      items={variables.map((variable) => ({
        key: variable.name,
        label: (
          <Space size={6} wrap>
            <Typography.Text strong className="mono" data-testid="variable-name">
              {variable.name}
            </Typography.Text>
            <Tag bordered={false} color="geekblue">
              {t(`variableType.${variable.type}`)}
            </Tag>
            {variable.required === false && <Tag bordered={false}>{t('variables.optional')}</Tag>}
            {!used.has(variable.name) && (
              <Tooltip title={t('variables.unusedHelp')}>
                <Tag bordered={false} color="warning">
                  {t('variables.unused')}
                </Tag>
              </Tooltip>
            )}
          </Space>
        ),
        extra: !used.has(variable.name) && (
          <Tooltip title={t('variables.remove')}>
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('variables.remove')}
              onClick={(e) => {
                e.stopPropagation();
                onChange(variables.filter((v) => v.name !== variable.name));
              }}
            />
          </Tooltip>
        ),
        children: (
          <Form layout="vertical" size="small" className="variable-form" component="div">
            <div className="form-row">
              <Form.Item label={t('variables.type')}>
                <Select<VariableType>
                  value={variable.type}
                  onChange={(type) => update(variable.name, { type })}
                  options={VARIABLE_TYPES.map((type) => ({ value: type, label: t(`variableType.${type}`) }))}
                />
              </Form.Item>
              <Form.Item label={t('variables.required')}>
                <Switch
                  checked={variable.required !== false}
                  onChange={(required) => update(variable.name, { required })}
                />
              </Form.Item>
            </div>
            {variable.type === 'choice' && (
              <Form.Item
                label={t('variables.choices')}
                validateStatus={variable.choices?.length ? undefined : 'warning'}
              >
                <Select
                  mode="tags"
                  open={false}
                  tokenSeparators={[',']}
                  value={variable.choices ?? []}
                  onChange={(choices: string[]) => update(variable.name, { choices })}
                  placeholder={t('variables.choicesPlaceholder')}
                />
              </Form.Item>
            )}
            <Form.Item
              label={t('variables.default')}
              validateStatus={variable.default instanceof InvalidJson ? 'error' : undefined}
              help={variable.default instanceof InvalidJson ? t('preview.invalidJson') : undefined}
            >
              <VariableInput
                meta={variable}
                value={variable.default}
                onChange={(value) => update(variable.name, { default: value === '' ? undefined : value })}
              />
            </Form.Item>
            <Form.Item label={t('variables.description')}>
              <Input
                value={variable.description}
                onChange={(e) => update(variable.name, { description: e.target.value || undefined })}
                placeholder={t('variables.descriptionPlaceholder')}
              />
            </Form.Item>
          </Form>
        ),
      }))}
    />
  );
}
