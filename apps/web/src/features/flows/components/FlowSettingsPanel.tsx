import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FlowIssueDto, VariableMetaDto } from '@promptops/api-client';
import { VARIABLE_TYPES } from '@promptops/shared';
import { AutoComplete, Button, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { fieldIssue, type FlowDraft } from '../flow-definition';

interface FlowSettingsPanelProps {
  draft: FlowDraft;
  issues: FlowIssueDto[];
  suggestions: string[];
  readOnly: boolean;
  onChange(draft: FlowDraft): void;
}

/** The flow's typed inputs and the template of its answer (shown when no step is selected). */
export function FlowSettingsPanel({ draft, issues, suggestions, readOnly, onChange }: FlowSettingsPanelProps) {
  const { t } = useI18n();
  const setInputs = (inputs: VariableMetaDto[]) => onChange({ ...draft, inputs });
  const updateInput = (index: number, changes: Partial<VariableMetaDto>) =>
    setInputs(draft.inputs.map((input, i) => (i === index ? { ...input, ...changes } : input)));
  const flowIssues = issues.filter((issue) => issue.steps.length === 0);
  const outputIssue = fieldIssue(flowIssues, 'output');

  return (
    <div className="step-panel" data-testid="flow-settings">
      <Typography.Title level={5}>{t('flow.inputs')}</Typography.Title>
      <Typography.Paragraph type="secondary" className="small">
        {t('flow.inputsHint')}
      </Typography.Paragraph>
      <Form layout="vertical" size="small" disabled={readOnly}>
        {draft.inputs.map((input, index) => (
          <Space.Compact key={index} block className="flow-input-row">
            <Input
              className="mono"
              value={input.name}
              aria-label={t('flow.inputName')}
              data-testid={`flow-input-name-${index}`}
              onChange={(e) => updateInput(index, { name: e.target.value.trim() })}
            />
            <Select
              value={input.type}
              style={{ width: 100 }}
              onChange={(type) => updateInput(index, { type, default: undefined })}
              options={VARIABLE_TYPES.map((type) => ({ value: type, label: type }))}
            />
            <Switch
              className="flow-input-row__required"
              checked={input.required ?? false}
              checkedChildren={t('flow.required')}
              unCheckedChildren={t('flow.optional')}
              onChange={(required) => updateInput(index, { required })}
            />
            <Button
              icon={<DeleteOutlined />}
              aria-label={t('flow.removeInput')}
              onClick={() => setInputs(draft.inputs.filter((_input, i) => i !== index))}
            />
          </Space.Compact>
        ))}
        <Button
          icon={<PlusOutlined />}
          size="small"
          type="dashed"
          block
          data-testid="add-flow-input"
          onClick={() =>
            setInputs([...draft.inputs, { name: `input_${draft.inputs.length + 1}`, type: 'string', required: true }])
          }
        >
          {t('flow.addInput')}
        </Button>
        <Typography.Title level={5} className="step-panel__section">
          {t('flow.output')}
        </Typography.Title>
        <Form.Item
          extra={t('flow.outputHint')}
          {...(outputIssue ? { validateStatus: 'error' as const, help: outputIssue } : {})}
        >
          <AutoComplete
            value={draft.definition.output}
            options={suggestions.map((value) => ({ value }))}
            onChange={(output) => onChange({ ...draft, definition: { ...draft.definition, output } })}
            data-testid="flow-output"
          >
            <Input.TextArea className="mono" autoSize={{ minRows: 2, maxRows: 6 }} />
          </AutoComplete>
        </Form.Item>
      </Form>
    </div>
  );
}
