import { CodeOutlined, FileTextOutlined, MessageOutlined, SaveOutlined } from '@ant-design/icons';
import type { ModelConfigDto, PromptDetailResponseDto, VersionResponseDto } from '@promptops/api-client';
import {
  type BuilderDatasetRef,
  type BuilderExample,
  type BuilderProfile,
  type BuilderSpec,
  compileBuilderSpec,
  extractVariables,
  lintBuilderSpec,
  mergeVariablesMeta,
  type DiscoveredVariable,
  toPromptflowText,
} from '@promptops/templating';
import { App, Badge, Button, Form, Input, Segmented, Space, Splitter, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { useCreatePromptVersion } from '../hooks/use-create-prompt-version';
import { DraftPreview } from '../components/DraftPreview';
import { ModelSettings } from '../components/ModelSettings';
import { VariablesPanel } from '../components/VariablesPanel';
import { fromVariablesDto, toVariablesDto } from '../variables-meta';
import { BuilderForm } from './BuilderForm';
import {
  type BuilderFormValues,
  fromFormValues,
  fromSpecDto,
  sameSpec,
  toFormValues,
  toSpecDto,
  warningsAt,
} from './builder-form';
import { FieldWarnings } from './FieldWarnings';

type Kind = 'text' | 'chat';

function discover(spec: BuilderSpec): DiscoveredVariable[] {
  try {
    return extractVariables(compileBuilderSpec(spec, { kind: 'text' }).template);
  } catch {
    return [];
  }
}

/**
 * Edits a version written in builder mode: the form on the left, the template compiled in the
 * browser (with the same function as the server) beside it. "Switch to code" is one-way.
 */
export function BuilderVersionEditor({ prompt, base }: { prompt: PromptDetailResponseDto; base: VersionResponseDto }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const createVersion = useCreatePromptVersion();
  const baseSpec = useMemo(() => fromSpecDto(base.builderSpec!), [base.builderSpec]);

  const [form] = Form.useForm<BuilderFormValues>();
  const [initialValues] = useState(() => toFormValues(baseSpec));
  const [values, setValues] = useState(initialValues);
  const [kind, setKind] = useState<Kind>(base.kind === 'chat' ? 'chat' : 'text');
  const [profile, setProfile] = useState<BuilderProfile>(baseSpec.profile);
  const [declared, setDeclared] = useState(() => fromVariablesDto(toVariablesDto(baseSpec.variables)));
  const [datasetRef, setDatasetRef] = useState(baseSpec.datasetRef);
  const [modelConfig, setModelConfig] = useState<ModelConfigDto>(base.modelConfig);
  const [comment, setComment] = useState('');
  const [lastSchema, setLastSchema] = useState<Record<string, unknown>>(
    baseSpec.outputFormat.kind === 'json_schema' ? baseSpec.outputFormat.schema : {},
  );

  // As typed (declarations as they are, for lint) and as saved (new variables declared).
  const typed = useMemo(
    () => fromFormValues(values, { variables: declared, profile, datasetRef }, lastSchema),
    [values, declared, profile, datasetRef, lastSchema],
  );
  const discovered = useMemo(() => discover(typed), [typed]);
  const variables = useMemo(() => mergeVariablesMeta(declared, discovered), [declared, discovered]);
  const used = useMemo(() => new Set(discovered.map((v) => v.name)), [discovered]);
  const spec = useMemo((): BuilderSpec => ({ ...typed, variables }), [typed, variables]);
  const warnings = useMemo(() => lintBuilderSpec(typed), [typed]);
  const compiled = useMemo(() => compileBuilderSpec(spec, { kind }), [spec, kind]);
  const draft = useMemo(
    (): VersionResponseDto => ({
      ...base,
      kind,
      template: compiled.kind === 'text' ? compiled.template : toPromptflowText(compiled.messages),
      messages: compiled.kind === 'chat' ? compiled.messages : null,
    }),
    [base, kind, compiled],
  );
  const dirty =
    comment !== '' ||
    kind !== base.kind ||
    !sameSpec(spec, baseSpec) ||
    JSON.stringify(modelConfig) !== JSON.stringify(base.modelConfig);

  const onFormChange = (next: BuilderFormValues) => {
    setValues(next);
    if (next.outputKind === 'json_schema') {
      try {
        const parsed: unknown = JSON.parse(next.schemaText);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          setLastSchema(parsed as Record<string, unknown>);
      } catch {
        // The field shows the parse error; the preview keeps the last good schema.
      }
    }
  };

  const pickExamples = (examples: BuilderExample[], ref: BuilderDatasetRef) => {
    const current = (form.getFieldValue('examples') as BuilderFormValues['examples']) ?? [];
    const added = toFormValues({ ...spec, examples }).examples;
    form.setFieldValue('examples', [...current, ...added]);
    setDatasetRef(ref);
    onFormChange(form.getFieldsValue(true) as BuilderFormValues);
  };

  const afterSave = (version: number) => {
    message.success(t('editor.saved', { version }));
    navigate(`/prompts/${encodeURIComponent(prompt.name)}/editor?from=${version}`, { replace: true });
  };

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    createVersion.mutate(
      {
        path: { name: prompt.name },
        body: { kind, builderSpec: toSpecDto(spec), modelConfig, comment: comment.trim() || undefined },
      },
      { onSuccess: (created) => afterSave(created.version), onError: (error) => onError(error) },
    );
  };

  const switchToCode = () =>
    modal.confirm({
      title: t('builder.switchTitle'),
      content: t('builder.switchText'),
      okText: t('builder.switchConfirm'),
      okButtonProps: { danger: true, id: 'builder-switch-confirm' },
      cancelText: t('common.cancel'),
      onOk: () =>
        createVersion.mutateAsync(
          {
            path: { name: prompt.name },
            body: {
              kind,
              ...(compiled.kind === 'chat' ? { messages: compiled.messages } : { template: compiled.template }),
              variablesMeta: toVariablesDto(variables),
              modelConfig,
              comment: comment.trim() || t('builder.switchComment'),
            },
          },
          { onSuccess: (created) => afterSave(created.version), onError: (error) => onError(error) },
        ),
    });

  const variableWarnings = warningsAt(warnings, 'variables', true);

  return (
    <div data-testid="builder-editor">
      <Splitter className="version-editor builder-editor">
        <Splitter.Panel min="40%" className="version-editor__main">
          <div className="toolbar">
            <Space wrap>
              <Badge color="purple" text={t('builder.mode')} />
              <Typography.Text type="secondary">{t('editor.basedOn')}</Typography.Text>
              <Typography.Text strong>v{base.version}</Typography.Text>
              {dirty && <Badge status="warning" text={t('editor.unsaved')} />}
            </Space>
            <Space wrap>
              <Segmented<Kind>
                value={kind}
                onChange={setKind}
                aria-label={t('chat.kind')}
                options={[
                  { value: 'text', label: t('chat.kindText'), icon: <FileTextOutlined /> },
                  { value: 'chat', label: t('chat.kindChat'), icon: <MessageOutlined /> },
                ]}
              />
              <Allowed permission="prompt:edit">
                <Button icon={<CodeOutlined />} onClick={switchToCode} data-testid="builder-switch-to-code">
                  {t('builder.switchToCode')}
                </Button>
              </Allowed>
            </Space>
          </div>
          <BuilderForm
            form={form}
            initialValues={initialValues}
            variableNames={variables.map((v) => v.name)}
            warnings={warnings}
            onChange={onFormChange}
            onPickExamples={pickExamples}
          />
          <div className="version-editor__save">
            <Input
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('editor.commentPlaceholder')}
              aria-label={t('editor.comment')}
              maxLength={500}
            />
            <Allowed permission="prompt:edit">
              <Button
                type="primary"
                icon={<SaveOutlined />}
                onClick={save}
                loading={createVersion.isPending}
                disabled={!dirty}
                data-testid="builder-save"
              >
                {t('editor.save')}
              </Button>
            </Allowed>
          </div>
        </Splitter.Panel>
        <Splitter.Panel defaultSize={460} min={320} max="55%" className="version-editor__side">
          <Tabs
            size="small"
            items={[
              {
                key: 'compiled',
                label: t('builder.compiled'),
                children: (
                  <div className="builder-compiled">
                    <Segmented<BuilderProfile>
                      value={profile}
                      onChange={setProfile}
                      data-testid="builder-profile"
                      aria-label={t('builder.profile')}
                      options={[
                        { value: 'markdown', label: t('builder.profileMarkdown') },
                        { value: 'xml', label: t('builder.profileXml') },
                      ]}
                    />
                    {compiled.kind === 'text' ? (
                      <pre className="builder-compiled__text" data-testid="builder-compiled">
                        {compiled.template}
                      </pre>
                    ) : (
                      <div data-testid="builder-compiled">
                        {compiled.messages.map((m, i) => (
                          <div key={i}>
                            <Typography.Text type="secondary" className="small">
                              {t(`chat.role.${m.role}`)}
                            </Typography.Text>
                            <pre className="builder-compiled__text">{m.template}</pre>
                          </div>
                        ))}
                      </div>
                    )}
                  </div>
                ),
              },
              {
                key: 'variables',
                label: (
                  <Badge dot={variableWarnings.length > 0} offset={[6, 0]}>
                    {`${t('editor.variables')} (${variables.length})`}
                  </Badge>
                ),
                children: (
                  <>
                    <FieldWarnings warnings={variableWarnings} />
                    <VariablesPanel variables={variables} used={used} onChange={setDeclared} />
                  </>
                ),
              },
              {
                key: 'preview',
                label: t('preview.livePreview'),
                children: (
                  <DraftPreview draft={draft} fields={variables.filter((v) => used.has(v.name))} model={modelConfig} />
                ),
              },
              {
                key: 'model',
                label: t('editor.modelSettings'),
                children: <ModelSettings value={modelConfig} onChange={setModelConfig} />,
              },
            ]}
          />
        </Splitter.Panel>
      </Splitter>
    </div>
  );
}
