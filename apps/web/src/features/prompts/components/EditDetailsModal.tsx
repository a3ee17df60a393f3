import type { PromptResponseDto, UpdatePromptDto } from '@promptops/api-client';
import { App, Form, Input, Modal, Select } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useConfirmDiscard } from '../../../lib/use-confirm-discard';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useUpdatePrompt } from '../hooks/use-update-prompt';

type DetailsForm = Required<UpdatePromptDto>;

interface EditDetailsModalProps {
  prompt: PromptResponseDto;
  open: boolean;
  onClose(): void;
}

/** Display name, description, folder and tags; the name is the callers' alias and stays. */
export function EditDetailsModal({ prompt, open, onClose }: EditDetailsModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DetailsForm>();
  const update = useUpdatePrompt();
  const onError = useProblemHandler();
  const confirmDiscard = useConfirmDiscard();

  const onFinish = (values: DetailsForm) =>
    update.mutate(
      {
        path: { name: prompt.name },
        // Empty description or folder clears it.
        body: { ...values, description: values.description?.trim() ?? '', folder: values.folder?.trim() ?? '' },
      },
      {
        onSuccess: () => {
          message.success(t('details.saved', { name: prompt.name }));
          onClose();
        },
        onError: (error) => onError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('details.title', { name: prompt.name })}
      okText={t('details.save')}
      cancelText={t('common.cancel')}
      onOk={form.submit}
      onCancel={() => confirmDiscard(form.isFieldsTouched(), onClose)}
      confirmLoading={update.isPending}
      width={560}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        preserve={false}
        data-testid="details-form"
        initialValues={{
          displayName: prompt.displayName,
          description: prompt.description ?? '',
          folder: prompt.folder ?? '',
          tags: prompt.tags,
        }}
      >
        <Form.Item
          name="displayName"
          label={t('create.displayName')}
          rules={[{ required: true, whitespace: true, message: t('create.displayNameRequired') }]}
        >
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('create.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="folder" label={t('create.folder')}>
            <Input placeholder="support/replies" maxLength={200} />
          </Form.Item>
          <Form.Item name="tags" label={t('create.tags')}>
            <Select mode="tags" tokenSeparators={[',']} placeholder={t('create.tagsPlaceholder')} open={false} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
