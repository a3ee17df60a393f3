import { DeleteOutlined } from '@ant-design/icons';
import type { FlowIssueDto, FlowStepDto, FlowStepGraphDto } from '@promptops/api-client';
import { FLOW_ON_ERROR_MODES, MAX_FLOW_STEP_RETRIES, MAX_FLOW_STEP_TIMEOUT_MS } from '@promptops/shared';
import {
  Alert,
  AutoComplete,
  Button,
  Collapse,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useEnvironments } from '../../environments';
import { PromptSelect } from '../../prompts';
import { fieldIssue, isValidStepId } from '../flow-definition';

interface StepPanelProps {
  step: FlowStepDto;
  graph: FlowStepGraphDto | undefined;
  issues: FlowIssueDto[];
  suggestions: string[];
  readOnly: boolean;
  takenIds: Set<string>;
  onChange(step: FlowStepDto): void;
  onRename(from: string, to: string): void;
  onDelete(): void;
}

function status(message: string | undefined) {
  return message ? { validateStatus: 'error' as const, help: message } : {};
}

/** A mapping input that offers `{{ inputs.x }}` and `{{ steps.y.output }}` as one types. */
function MappingInput(props: { value: string; suggestions: string[]; onChange(value: string): void; testId: string }) {
  // `{{ steps.a` and `steps.a` both narrow the list to `{{ steps.a.output }}`.
  const bare = (text: string) => text.replace(/[{}\s]/g, '').toLowerCase();
  const needle = bare(props.value);
  const options = props.suggestions
    .filter((suggestion) => !needle || bare(suggestion).includes(needle))
    .map((s) => ({ value: s }));
  return (
    <AutoComplete value={props.value} options={options} onChange={props.onChange} data-testid={props.testId}>
      <Input className="mono" placeholder="{{ inputs.name }}" />
    </AutoComplete>
  );
}

/** Everything about one step: which prompt it runs, how its variables are filled, and how it fails. */
export function StepPanel({
  step,
  graph,
  issues,
  suggestions,
  readOnly,
  takenIds,
  onChange,
  onRename,
  onDelete,
}: StepPanelProps) {
  const { t } = useI18n();
  const environments = useEnvironments();
  const [idDraft, setIdDraft] = useState(step.id);
  const [idShownFor, setIdShownFor] = useState(step.id);
  if (idShownFor !== step.id) {
    setIdShownFor(step.id);
    setIdDraft(step.id);
  }
  const idProblem = !isValidStepId(idDraft)
    ? t('flow.step.idRule')
    : idDraft !== step.id && takenIds.has(idDraft)
      ? t('flow.step.idTaken')
      : undefined;
  const update = (changes: Partial<FlowStepDto>) => onChange({ ...step, ...changes });
  const pinned = step.prompt.version !== undefined;
  const variables = graph?.variables ?? [];
  const mapped = Object.keys(step.inputs);
  const extra = mapped.filter((name) => !variables.some((variable) => variable.name === name));
  const stepWide = issues.filter((issue) => !issue.field);

  return (
    <div className="step-panel" data-testid="step-panel">
      <div className="step-panel__header">
        <Typography.Title level={5}>
          {t('flow.step.title')} <span className="mono">{step.id}</span>
        </Typography.Title>
        {!readOnly && (
          <Popconfirm
            title={t('flow.step.deleteConfirm', { id: step.id })}
            onConfirm={onDelete}
            okButtonProps={{ danger: true }}
          >
            <Button danger size="small" icon={<DeleteOutlined />} data-testid="delete-step">
              {t('flow.step.delete')}
            </Button>
          </Popconfirm>
        )}
      </div>
      {stepWide.map((issue, i) => (
        <Alert key={i} type="error" showIcon message={issue.message} className="step-panel__alert" />
      ))}
      <Form layout="vertical" size="small" disabled={readOnly}>
        <Form.Item label={t('flow.step.id')} {...status(idProblem)}>
          <Input
            value={idDraft}
            className="mono"
            data-testid="step-id"
            onChange={(e) => setIdDraft(e.target.value)}
            onBlur={() => !idProblem && idDraft !== step.id && onRename(step.id, idDraft)}
            onPressEnter={() => !idProblem && idDraft !== step.id && onRename(step.id, idDraft)}
          />
        </Form.Item>
        <Form.Item label={t('flow.step.label')}>
          <Input
            value={step.label ?? ''}
            onChange={(e) => update({ label: e.target.value })}
            data-testid="step-label"
          />
        </Form.Item>
        <Form.Item label={t('flow.step.prompt')} {...status(fieldIssue(issues, 'prompt'))}>
          <PromptSelect
            type="prompt"
            value={step.prompt.name}
            onChange={(name) => update({ prompt: { ...step.prompt, name: name ?? '' }, inputs: {} })}
            ariaLabel={t('flow.step.prompt')}
            placeholder={t('flow.step.promptPlaceholder')}
            notFoundContent={t('flow.step.noPrompts')}
            testId="step-prompt"
          />
        </Form.Item>
        <Typography.Title level={5} className="step-panel__section">
          {t('flow.step.mappings')}
        </Typography.Title>
        {variables.length === 0 && extra.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flow.step.noVariables')} />
        ) : (
          [...variables.map((v) => v.name), ...extra].map((name) => {
            const variable = variables.find((v) => v.name === name);
            return (
              <Form.Item
                key={name}
                label={
                  <Space size={4}>
                    <span className="mono">{name}</span>
                    {variable ? (
                      <Tag bordered={false}>{variable.type}</Tag>
                    ) : (
                      <Tag color="red">{t('flow.step.unknownVariable')}</Tag>
                    )}
                  </Space>
                }
                {...status(fieldIssue(issues, `inputs.${name}`))}
                data-testid={`mapping-${name}`}
              >
                <Space.Compact block>
                  <MappingInput
                    value={step.inputs[name] ?? ''}
                    suggestions={suggestions}
                    testId={`mapping-input-${name}`}
                    onChange={(value) => update({ inputs: { ...step.inputs, [name]: value } })}
                  />
                  {!variable && (
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => {
                        const inputs = { ...step.inputs };
                        delete inputs[name];
                        update({ inputs });
                      }}
                    />
                  )}
                </Space.Compact>
              </Form.Item>
            );
          })
        )}
        <Form.Item label={t('flow.step.which')}>
          <Space.Compact block>
            <Segmented
              value={pinned ? 'version' : 'environment'}
              onChange={(value) =>
                update({
                  prompt:
                    value === 'version'
                      ? { name: step.prompt.name, version: graph?.promptVersion ?? 1 }
                      : { name: step.prompt.name },
                })
              }
              options={[
                { value: 'environment', label: t('flow.step.byEnvironment') },
                { value: 'version', label: t('flow.step.pinned') },
              ]}
            />
          </Space.Compact>
        </Form.Item>
        {pinned ? (
          <Form.Item label={t('flow.step.version')} {...status(fieldIssue(issues, 'prompt.version'))}>
            <InputNumber
              min={1}
              value={step.prompt.version}
              onChange={(version) => update({ prompt: { name: step.prompt.name, version: version ?? 1 } })}
            />
          </Form.Item>
        ) : (
          <Form.Item label={t('flow.step.environment')} extra={t('flow.step.environmentHint')}>
            <Select
              allowClear
              value={step.prompt.environment}
              placeholder={t('flow.step.runEnvironment')}
              onChange={(environment) => update({ prompt: { name: step.prompt.name, environment } })}
              options={(environments.data ?? []).map((env) => ({ value: env.name, label: env.name }))}
            />
          </Form.Item>
        )}
        {graph?.promptVersion !== undefined && graph.promptVersion !== null && (
          <Typography.Paragraph type="secondary" className="small">
            {t('flow.step.runsVersion', { version: graph.promptVersion })}
          </Typography.Paragraph>
        )}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'advanced',
              label: t('flow.step.advanced'),
              forceRender: true,
              children: (
                <>
                  <Form.Item
                    label={t('flow.step.when')}
                    extra={t('flow.step.whenHint')}
                    {...status(fieldIssue(issues, 'when'))}
                  >
                    <Input
                      className="mono"
                      value={step.when ?? ''}
                      onChange={(e) => update({ when: e.target.value })}
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('flow.step.model')}
                    extra={t('flow.step.modelHint')}
                    {...status(fieldIssue(issues, 'model'))}
                  >
                    <Space.Compact block>
                      <Input
                        placeholder={t('flow.step.provider')}
                        value={step.model?.provider ?? ''}
                        onChange={(e) => update({ model: { ...step.model, provider: e.target.value || undefined } })}
                      />
                      <Input
                        placeholder={t('flow.step.modelName')}
                        value={step.model?.model ?? ''}
                        onChange={(e) => update({ model: { ...step.model, model: e.target.value || undefined } })}
                      />
                    </Space.Compact>
                  </Form.Item>
                  <Space size="middle" wrap>
                    <Form.Item label={t('flow.step.timeout')}>
                      <InputNumber
                        min={100}
                        max={MAX_FLOW_STEP_TIMEOUT_MS}
                        step={1000}
                        value={step.timeoutMs}
                        placeholder="120000"
                        onChange={(v) => update({ timeoutMs: v ?? undefined })}
                      />
                    </Form.Item>
                    <Form.Item label={t('flow.step.retries')}>
                      <InputNumber
                        min={0}
                        max={MAX_FLOW_STEP_RETRIES}
                        value={step.retries ?? 0}
                        onChange={(v) => update({ retries: v ?? 0 })}
                      />
                    </Form.Item>
                  </Space>
                  <Form.Item label={t('flow.step.onError')}>
                    <Segmented
                      value={step.onError?.mode ?? 'fail'}
                      onChange={(mode) => update({ onError: { mode, value: step.onError?.value } })}
                      options={FLOW_ON_ERROR_MODES.map((mode) => ({ value: mode, label: t(`flow.onError.${mode}`) }))}
                    />
                  </Form.Item>
                  {step.onError?.mode === 'fallback' && (
                    <Form.Item label={t('flow.step.fallback')}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 4 }}
                        value={
                          typeof step.onError.value === 'string'
                            ? step.onError.value
                            : JSON.stringify(step.onError.value ?? '')
                        }
                        onChange={(e) =>
                          update({
                            onError: { mode: 'fallback', value: e.target.value as unknown as Record<string, unknown> },
                          })
                        }
                      />
                    </Form.Item>
                  )}
                  <Form.Item label={t('flow.step.parseJson')} extra={t('flow.step.parseJsonHint')}>
                    <Switch checked={!!step.parseJson} onChange={(parseJson) => update({ parseJson })} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
      </Form>
    </div>
  );
}
