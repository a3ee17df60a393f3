import { PROMPT_NAME_PATTERN } from '@promptops/shared';
import { App, Form, Input, Modal } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { starterDraft } from '../flow-definition';
import { useCreateFlow } from '../hooks/use-create-flow';

interface CreateFlowForm {
  name: string;
  displayName: string;
  description?: string;
}

/** A new flow with a starter definition; the editor opens on it. */
export function CreateFlowModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateFlowForm>();
  const navigate = useNavigate();
  const createFlow = useCreateFlow();
  const onError = useProblemHandler();

  const onFinish = (values: CreateFlowForm) =>
    createFlow
      .mutateAsync({
        body: {
          ...values,
          description: values.description || undefined,
          ...starterDraft(),
          comment: t('flow.created'),
        },
      })
      .then((flow) => {
        message.success(t('flow.createdMessage', { name: flow.name }));
        onClose();
        navigate(`/flows/${encodeURIComponent(flow.name)}/editor`);
      })
      .catch((error: unknown) => onError(error, form));

  return (
    <Modal
      open={open}
      title={t('flows.create')}
      okText={t('flows.createOk')}
      cancelText={t('common.cancel')}
      confirmLoading={createFlow.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false} data-testid="create-flow-form">
        <Form.Item
          name="name"
          label={t('create.name')}
          extra={t('flows.nameHint')}
          rules={[
            { required: true, message: t('create.nameRequired') },
            { pattern: PROMPT_NAME_PATTERN, message: t('create.namePattern') },
          ]}
        >
          <Input className="mono" placeholder="answer-with-facts" autoFocus />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('create.displayName')}
          rules={[{ required: true, message: t('create.displayNameRequired') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('create.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
