import type { CreatePromptDto } from '@promptops/api-client';
import { PROMPT_NAME_PATTERN } from '@promptops/shared';
import { checkSyntax, extractVariables, mergeVariablesMeta } from '@promptops/templating';
import { App, Form, Input, Modal, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreatePrompt } from '../hooks/use-create-prompt';
import { toVariablesDto } from '../variables-meta';

// The first version is a text template; chat messages come in later versions, from the editor.
type CreatePromptForm = Pick<CreatePromptDto, 'name' | 'displayName' | 'description' | 'folder' | 'tags'> & {
  template: string;
};

interface CreatePromptModalProps {
  open: boolean;
  onClose(): void;
}

export function CreatePromptModal({ open, onClose }: CreatePromptModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreatePromptForm>();
  const navigate = useNavigate();
  const createPrompt = useCreatePrompt();
  const onError = useProblemHandler();

  const onFinish = ({ description, folder, ...values }: CreatePromptForm) => {
    const body: CreatePromptDto = {
      ...values,
      description: description?.trim() || undefined,
      folder: folder?.trim() || undefined,
      // Declare what the first template uses, so the preview form has fields from version 1.
      variablesMeta: toVariablesDto(mergeVariablesMeta([], extractVariables(values.template))),
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
      onCancel={onClose}
      confirmLoading={createPrompt.isPending}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ tags: [], template: '' }}
        preserve={false}
      >
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
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} />
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
          name="template"
          label={t('create.template')}
          extra={t('create.templateHelp')}
          rules={[
            { required: true, message: t('create.templateRequired') },
            {
              validator: async (_rule, value: string) => {
                const error = value ? checkSyntax(value) : null;
                if (error) throw new Error(t('editor.syntaxError', { line: error.line, reason: error.reason }));
              },
            },
          ]}
        >
          <Input.TextArea
            className="mono"
            autoSize={{ minRows: 5, maxRows: 12 }}
            placeholder={'Hello {{ customer_name }}, …'}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
