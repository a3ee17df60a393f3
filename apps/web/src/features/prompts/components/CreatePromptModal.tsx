import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { BuilderSpecDto, ChatMessageDto, CreatePromptDto, PromptKind } from '@promptops/api-client';
import { CHAT_ROLES, PROMPT_NAME_PATTERN } from '@promptops/shared';
import { type BuilderSpec, checkSyntax, extractVariables, mergeVariablesMeta } from '@promptops/templating';
import { App, Button, Form, Input, Modal, Segmented, Select, Tag } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useConfirmDiscard } from '../../../lib/use-confirm-discard';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreatePrompt } from '../hooks/use-create-prompt';
import { PROMPT_STARTERS, type PromptStarter } from '../prompt-starters';
import { toVariablesDto } from '../variables-meta';

type CreatePromptForm = Pick<CreatePromptDto, 'name' | 'displayName' | 'description' | 'folder' | 'tags'> & {
  kind: PromptKind;
  mode: 'code' | 'builder';
  task: string;
  template: string;
  messages: ChatMessageDto[];
};

const EMPTY_MESSAGES: ChatMessageDto[] = [
  { role: 'system', template: '' },
  { role: 'user', template: '' },
];

/** Version 1 of a prompt started in builder mode: the task, the variables it uses, the Markdown profile. */
function newBuilderSpec(task: string): BuilderSpecDto {
  const spec: BuilderSpec = {
    task,
    constraints: [],
    outputFormat: { kind: 'text', text: '' },
    examples: [],
    variables: mergeVariablesMeta([], extractVariables(task)),
    profile: 'markdown',
  };
  return spec as BuilderSpecDto;
}

interface CreatePromptModalProps {
  open: boolean;
  onClose(): void;
}

export function CreatePromptModal({ open, onClose }: CreatePromptModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreatePromptForm>();
  const kind = Form.useWatch('kind', form) ?? 'text';
  const mode = Form.useWatch('mode', form) ?? 'code';
  const navigate = useNavigate();
  const createPrompt = useCreatePrompt();
  const onError = useProblemHandler();
  const confirmDiscard = useConfirmDiscard();

  const syntaxRule = {
    validator: async (_rule: unknown, value: string) => {
      const error = value ? checkSyntax(value) : null;
      if (error) throw new Error(t('editor.syntaxError', { line: error.line, reason: error.reason }));
    },
  };

  const applyStarter = (starter: PromptStarter) => {
    form.setFieldsValue({
      kind: starter.kind,
      mode: 'code',
      template: starter.template ?? '',
      messages: starter.messages ?? EMPTY_MESSAGES,
    });
    if (!form.getFieldValue('displayName')) form.setFieldValue('displayName', t(starter.label));
  };

  const onFinish = ({ description, folder, kind, template, messages, mode, task, ...values }: CreatePromptForm) => {
    const content: Pick<CreatePromptDto, 'kind' | 'template' | 'messages' | 'variablesMeta' | 'builderSpec'> =
      mode === 'builder'
        ? { kind, builderSpec: newBuilderSpec(task) }
        : {
            ...(kind === 'chat' ? { kind, messages: messages.filter((m) => m.template.trim()) } : { kind, template }),
            // Declare what the first version uses, so the preview form has fields from version 1.
            variablesMeta: toVariablesDto(
              mergeVariablesMeta([], extractVariables(kind === 'chat' ? messages : template)),
            ),
          };
    const body: CreatePromptDto = {
      ...values,
      ...content,
      description: description?.trim() || undefined,
      folder: folder?.trim() || undefined,
      comment: t('create.firstVersionComment'),
    };
    createPrompt.mutate(
      { body },
      {
        onSuccess: (prompt) => {
          message.success(t('create.created', { name: prompt.name }));
          form.resetFields();
          onClose();
          navigate(`/prompts/${encodeURIComponent(prompt.name)}/editor`);
        },
        onError: (error) => onError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('create.title')}
      okText={t('create.submit')}
      cancelText={t('common.cancel')}
      onOk={form.submit}
      onCancel={() => confirmDiscard(form.isFieldsTouched(), onClose)}
      confirmLoading={createPrompt.isPending}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ tags: [], kind: 'text', mode: 'code', template: '', task: '', messages: EMPTY_MESSAGES }}
        preserve={false}
      >
        <div className="starter-gallery" data-testid="starter-gallery">
          <span className="muted small">{t('create.startFrom')}</span>
          {PROMPT_STARTERS.map((starter) => (
            <Tag.CheckableTag key={starter.id} checked={false} onChange={() => applyStarter(starter)}>
              {t(starter.label)}
            </Tag.CheckableTag>
          ))}
        </div>
        <Form.Item
          name="name"
          label={t('create.name')}
          tooltip={t('create.nameHelp')}
          validateTrigger="onChange"
          rules={[
            { required: true, message: t('create.nameRequired') },
            { pattern: PROMPT_NAME_PATTERN, message: t('create.namePattern') },
          ]}
        >
          <Input placeholder="support-reply" autoFocus className="mono" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('create.displayName')}
          rules={[{ required: true, whitespace: true, message: t('create.displayNameRequired') }]}
        >
          <Input placeholder={t('create.displayNamePlaceholder')} maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('create.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="folder" label={t('create.folder')}>
            <Input placeholder="support/replies" />
          </Form.Item>
          <Form.Item name="tags" label={t('create.tags')}>
            <Select mode="tags" tokenSeparators={[',']} placeholder={t('create.tagsPlaceholder')} open={false} />
          </Form.Item>
        </div>
        <Form.Item
          name="kind"
          label={t('create.kind')}
          extra={t(kind === 'chat' ? 'create.kindChatHelp' : 'create.kindTextHelp')}
        >
          <Segmented<PromptKind>
            data-testid="kind"
            options={[
              { value: 'text', label: t('create.kindText') },
              { value: 'chat', label: t('create.kindChat') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="mode"
          label={t('builder.createMode')}
          extra={mode === 'builder' && t('builder.createModeHelp')}
        >
          <Segmented<'code' | 'builder'>
            data-testid="create-mode"
            options={[
              { value: 'code', label: t('builder.modeCode') },
              { value: 'builder', label: t('builder.mode') },
            ]}
          />
        </Form.Item>
        {mode === 'builder' ? (
          <Form.Item
            name="task"
            label={t('builder.task')}
            extra={t('builder.hint')}
            rules={[{ required: true, whitespace: true, message: t('builder.taskRequired') }, syntaxRule]}
          >
            <Input.TextArea className="mono" autoSize={{ minRows: 3, maxRows: 10 }} aria-label={t('builder.task')} />
          </Form.Item>
        ) : kind === 'text' ? (
          <Form.Item
            name="template"
            label={t('create.template')}
            extra={t('create.templateHelp')}
            rules={[{ required: true, message: t('create.templateRequired') }, syntaxRule]}
          >
            <Input.TextArea
              className="mono"
              autoSize={{ minRows: 5, maxRows: 12 }}
              placeholder={'Hello {{ customer_name }}, …'}
            />
          </Form.Item>
        ) : (
          <Form.List
            name="messages"
            rules={[
              {
                validator: async (_rule, messages: ChatMessageDto[]) => {
                  if (!messages?.some((m) => m.template.trim())) throw new Error(t('create.messagesRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div className="create-messages" data-testid="create-messages">
                {fields.map((field, index) => (
                  <div key={field.key} className="create-messages__row">
                    <Form.Item name={[field.name, 'role']} noStyle>
                      <Select
                        className="create-messages__role"
                        aria-label={t('chat.role')}
                        options={CHAT_ROLES.filter((role) => role !== 'tool').map((role) => ({
                          value: role,
                          label: t(`chat.role.${role}`),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'template']} rules={[syntaxRule]} className="create-messages__text">
                      <Input.TextArea
                        className="mono"
                        autoSize={{ minRows: 2, maxRows: 8 }}
                        aria-label={t('create.messageText', { index: index + 1 })}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('chat.remove')}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                    />
                  </div>
                ))}
                <Form.ErrorList errors={errors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'user', template: '' })}>
                  {t('chat.addMessage')}
                </Button>
              </div>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
