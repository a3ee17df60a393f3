import { MessageOutlined, FileTextOutlined, SaveOutlined, WarningOutlined } from '@ant-design/icons';
import type { ModelConfigDto, PromptDetailResponseDto, PromptKind, VersionResponseDto } from '@promptops/api-client';
import { checkSyntax, extractVariables, mergeVariablesMeta } from '@promptops/templating';
import { Alert, App, Badge, Button, Input, Segmented, Space, Splitter, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker, useNavigate } from 'react-router-dom';
import { TemplateEditor } from '../../../editor/TemplateEditor';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { useCan } from '../../auth/hooks/use-can';
import { useCreatePromptVersion } from '../hooks/use-create-prompt-version';
import { usePromptVersions } from '../hooks/use-prompt-versions';
import { useTemplateAnalysis } from '../hooks/use-template-analysis';
import { useTemplateLint } from '../builder/use-template-lint';
import { toPromptflowText } from '@promptops/templating';
import { editable, type EditableMessage, messagesFromText, toMessagesDto } from '../chat-messages';
import { fromVariablesDto, toVariablesDto } from '../variables-meta';
import { ChatMessagesEditor } from './ChatMessagesEditor';
import { DraftPreview } from './DraftPreview';
import { InvalidJson } from './JsonInput';
import { ModelSettings } from './ModelSettings';
import { VariablesPanel } from './VariablesPanel';
import { VersionSelect } from './VersionSelect';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

interface VersionEditorProps {
  prompt: PromptDetailResponseDto;
  base: VersionResponseDto;
}

export function VersionEditor({ prompt, base }: VersionEditorProps) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const versions = usePromptVersions(prompt.name);
  const createVersion = useCreatePromptVersion();

  // The version editor edits prompts only; flows have their own editor.
  const [kind, setKind] = useState<PromptKind>(base.kind === 'chat' ? 'chat' : 'text');
  const [template, setTemplate] = useState(base.template);
  const [messages, setMessages] = useState<EditableMessage[]>(() =>
    (base.messages ?? messagesFromText(base.template)).map(editable),
  );
  const [declared, setDeclared] = useState(() => fromVariablesDto(base.variablesMeta));
  const [modelConfig, setModelConfig] = useState<ModelConfigDto>(base.modelConfig);
  const [comment, setComment] = useState('');

  const templates = kind === 'chat' ? messages.map((m) => m.template) : [template];
  const { variables: discovered, syntaxError, errorIndex } = useTemplateAnalysis(templates);
  const variables = useMemo(() => mergeVariablesMeta(declared, discovered), [declared, discovered]);
  const used = useMemo(() => new Set(discovered.map((v) => v.name)), [discovered]);
  // Declared but unused variables do not hold the preview back.
  const usedVariables = useMemo(() => variables.filter((v) => used.has(v.name)), [variables, used]);

  // What the panel shows for the untouched base version; anything else is an unsaved change.
  const [baseVariables] = useState(() =>
    JSON.stringify(
      mergeVariablesMeta(
        fromVariablesDto(base.variablesMeta),
        checkSyntax(base.template) ? [] : extractVariables(base.messages ?? base.template),
      ),
    ),
  );
  const contentChanged =
    kind !== base.kind ||
    (kind === 'text'
      ? template !== base.template
      : JSON.stringify(toMessagesDto(messages)) !== JSON.stringify(base.messages));
  const dirty =
    contentChanged ||
    comment !== '' ||
    JSON.stringify(variables) !== baseVariables ||
    JSON.stringify(modelConfig) !== JSON.stringify(base.modelConfig);
  // The unsaved content as a version, for the live preview beside the editor.
  const draft = useMemo(
    (): VersionResponseDto => ({
      ...base,
      kind,
      template: kind === 'text' ? template : toPromptflowText(toMessagesDto(messages)),
      messages: kind === 'chat' ? toMessagesDto(messages) : null,
    }),
    [base, kind, template, messages],
  );
  const lintMarkers = useTemplateLint(kind === 'text' && !syntaxError ? template : null, declared);
  const marker = syntaxError && { line: syntaxError.line, column: syntaxError.column, message: syntaxError.reason };
  const invalidDefault = variables.find((v) => v.default instanceof InvalidJson);
  const blocked = syntaxError ?? invalidDefault;

  const leaving = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      !leaving.current &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      title: t('editor.unsavedTitle'),
      content: t('editor.unsavedText'),
      okText: t('editor.discard'),
      okButtonProps: { danger: true },
      cancelText: t('editor.keepEditing'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
    return () => dialog.destroy();
  }, [blocker, modal, t]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = () => {
    if (createVersion.isPending) return;
    if (blocked) {
      message.warning(syntaxError ? t('editor.fixSyntaxFirst') : t('editor.fixDefaultsFirst'));
      return;
    }
    createVersion.mutate(
      {
        path: { name: prompt.name },
        body: {
          kind,
          ...(kind === 'chat' ? { messages: toMessagesDto(messages) } : { template }),
          variablesMeta: toVariablesDto(variables),
          modelConfig,
          comment: comment.trim() || undefined,
        },
      },
      {
        onSuccess: (created) => {
          message.success(t('editor.saved', { version: created.version }));
          leaving.current = true;
          navigate(`/prompts/${encodeURIComponent(prompt.name)}/editor?from=${created.version}`, { replace: true });
        },
        onError: (error) => onError(error),
      },
    );
  };
  const canEdit = useCan('prompt:edit');
  const saveRef = useRef(save);
  // The shortcut does what the (disabled) Save button does: nothing for a read-only user.
  saveRef.current = canEdit ? save : () => undefined;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        saveRef.current();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // Switching converts the content, so switching back gives the same prompt again.
  const switchKind = (next: PromptKind) => {
    if (next === kind) return;
    if (next === 'chat') setMessages(messagesFromText(template).map(editable));
    else setTemplate(toPromptflowText(toMessagesDto(messages)));
    setKind(next);
  };

  const switchBase = (version: number) =>
    navigate(`/prompts/${encodeURIComponent(prompt.name)}/editor?from=${version}`);

  return (
    <Splitter className="version-editor">
      <Splitter.Panel min="45%" className="version-editor__main">
        <div className="toolbar">
          <Space wrap>
            <Typography.Text type="secondary">{t('editor.basedOn')}</Typography.Text>
            <VersionSelect
              ariaLabel={t('editor.basedOn')}
              versions={versions.data?.items}
              loading={versions.isPending}
              value={base.version}
              onChange={switchBase}
            />
            {dirty && <Badge status="warning" text={t('editor.unsaved')} />}
          </Space>
          <Segmented<PromptKind>
            value={kind}
            onChange={switchKind}
            aria-label={t('chat.kind')}
            options={[
              { value: 'text', label: t('chat.kindText'), icon: <FileTextOutlined /> },
              { value: 'chat', label: t('chat.kindChat'), icon: <MessageOutlined /> },
            ]}
          />
        </div>
        {kind === 'text' ? (
          <TemplateEditor
            value={template}
            onChange={setTemplate}
            height="calc(100vh - 480px)"
            ariaLabel={t('editor.templateLabel')}
            marker={marker}
            warnings={lintMarkers}
          />
        ) : (
          <ChatMessagesEditor
            messages={messages}
            onChange={setMessages}
            error={marker && { index: errorIndex, marker }}
          />
        )}
        {syntaxError ? (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            data-testid="syntax-error"
            message={
              kind === 'chat'
                ? t('chat.syntaxError', { index: errorIndex + 1, line: syntaxError.line, reason: syntaxError.reason })
                : t('editor.syntaxError', { line: syntaxError.line, reason: syntaxError.reason })
            }
          />
        ) : (
          <Typography.Text type="secondary" className="small">
            {t('editor.hint')}
          </Typography.Text>
        )}
        <div className="version-editor__save">
          <Input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('editor.commentPlaceholder')}
            aria-label={t('editor.comment')}
            maxLength={500}
            onPressEnter={save}
          />
          <Allowed permission="prompt:edit" hint={`${isMac ? '⌘' : 'Ctrl'}+S`}>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              onClick={save}
              loading={createVersion.isPending}
              disabled={!dirty}
            >
              {t('editor.save')}
            </Button>
          </Allowed>
        </div>
      </Splitter.Panel>
      <Splitter.Panel defaultSize={400} min={300} max="55%" className="version-editor__side">
        <Tabs
          size="small"
          items={[
            {
              key: 'variables',
              label: `${t('editor.variables')} (${variables.length})`,
              children: <VariablesPanel variables={variables} used={used} onChange={setDeclared} />,
            },
            {
              key: 'preview',
              label: t('preview.livePreview'),
              children: <DraftPreview draft={draft} fields={usedVariables} model={modelConfig} />,
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
  );
}
