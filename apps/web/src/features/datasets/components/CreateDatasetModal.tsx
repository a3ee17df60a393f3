import { PROMPT_NAME_PATTERN } from '@promptops/shared';
import { App, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreateDataset } from '../hooks/use-create-dataset';
import { jsonObjectRule, parseJsonText } from '../json-field';

interface CreateDatasetForm {
  name: string;
  description?: string;
  inputSchema?: string;
  expectedSchema?: string;
}

export function CreateDatasetModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateDatasetForm>();
  const navigate = useNavigate();
  const create = useCreateDataset();
  const onError = useProblemHandler();

  const submit = (values: CreateDatasetForm) =>
    create.mutate(
      {
        body: {
          name: values.name,
          description: values.description || undefined,
          inputSchema: parseJsonText(values.inputSchema) as Record<string, unknown> | undefined,
          expectedSchema: parseJsonText(values.expectedSchema) as Record<string, unknown> | undefined,
        },
      },
      {
        onSuccess: (dataset) => {
          message.success(t('datasets.created', { name: dataset.name }));
          form.resetFields();
          onClose();
          navigate(`/datasets/${encodeURIComponent(dataset.name)}`);
        },
        onError: (error) => onError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('datasets.new')}
      okText={t('datasets.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="create-dataset-form">
        <Form.Item
          name="name"
          label={t('datasets.name')}
          rules={[{ required: true }, { pattern: PROMPT_NAME_PATTERN, message: t('create.namePattern') }]}
        >
          <Input className="mono" placeholder="support-questions" autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('datasets.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item
          name="inputSchema"
          label={t('datasets.inputSchema')}
          extra={t('datasets.schemaHint')}
          rules={[jsonObjectRule(t('datasets.invalidJson'))]}
        >
          <Input.TextArea
            className="mono"
            autoSize={{ minRows: 2, maxRows: 10 }}
            placeholder='{"type": "object", "required": ["question"]}'
          />
        </Form.Item>
        <Form.Item
          name="expectedSchema"
          label={t('datasets.expectedSchema')}
          rules={[jsonObjectRule(t('datasets.invalidJson'))]}
        >
          <Input.TextArea className="mono" autoSize={{ minRows: 2, maxRows: 10 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
