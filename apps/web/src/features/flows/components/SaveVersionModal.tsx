import { Form, Input, Modal, Radio } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

export interface SaveVersionValues {
  comment?: string;
  status: 'draft' | 'published';
}

interface SaveVersionModalProps {
  open: boolean;
  saving: boolean;
  onSave(values: SaveVersionValues): void;
  onClose(): void;
}

export function SaveVersionModal({ open, saving, onSave, onClose }: SaveVersionModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<SaveVersionValues>();
  return (
    <Modal
      open={open}
      title={t('flow.saveTitle')}
      okText={t('flow.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ id: 'save-version-ok' }}
    >
      <Form form={form} layout="vertical" initialValues={{ status: 'draft' }} onFinish={onSave} preserve={false}>
        <Form.Item name="comment" label={t('flow.comment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="save-comment" />
        </Form.Item>
        <Form.Item name="status" label={t('flow.saveAs')}>
          <Radio.Group>
            <Radio value="draft">{t('flow.saveDraft')}</Radio>
            <Radio value="published" data-testid="save-publish">
              {t('flow.savePublished')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
