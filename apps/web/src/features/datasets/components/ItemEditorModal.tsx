import type { DatasetItemDto } from '@promptops/api-client';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useChangeDatasetItems } from '../hooks/use-change-dataset-items';
import { jsonObjectRule, parseExpectedText, parseJsonText, toExpectedText, toJsonText } from '../json-field';

interface ItemForm {
  input: string;
  expected?: string;
  metadata?: string;
}

interface ItemEditorModalProps {
  dataset: string;
  /** The item to edit; undefined adds a new one. */
  item: DatasetItemDto | undefined;
  open: boolean;
  onClose(): void;
}

/** Adds or edits one item; saving makes a new version of the dataset. */
export function ItemEditorModal({ dataset, item, open, onClose }: ItemEditorModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemForm>();
  const change = useChangeDatasetItems(dataset);
  const onError = useProblemHandler();

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      input: item ? toJsonText(item.input) : '{\n  \n}',
      expected: item ? toExpectedText(item.expected) : '',
      metadata: item ? toJsonText(item.metadata) : '',
    });
  }, [open, item, form]);

  const submit = (values: ItemForm) => {
    const content = {
      input: parseJsonText(values.input) as Record<string, unknown>,
      expected: parseExpectedText(values.expected),
      metadata: (parseJsonText(values.metadata) as Record<string, unknown> | undefined) ?? null,
    };
    change.mutate(
      {
        path: { name: dataset },
        body: item ? { update: [{ itemKey: item.itemKey, ...content }] } : { add: [content] },
      },
      {
        onSuccess: (result) => {
          message.success(t('datasets.savedVersion', { version: result.version }));
          onClose();
        },
        onError: (error) => onError(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={item ? t('datasets.editItem') : t('datasets.addItem')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={change.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon message={t('datasets.newVersionNote')} className="dataset-item-editor__note" />
      <Form form={form} layout="vertical" onFinish={submit} data-testid="dataset-item-form">
        <Form.Item name="input" label={t('datasets.input')} rules={[jsonObjectRule(t('datasets.invalidJson'), true)]}>
          <Input.TextArea className="mono" autoSize={{ minRows: 4, maxRows: 14 }} />
        </Form.Item>
        <Form.Item name="expected" label={t('datasets.expected')}>
          <Input.TextArea className="mono" autoSize={{ minRows: 2, maxRows: 10 }} />
        </Form.Item>
        <Form.Item name="metadata" label={t('datasets.metadata')} rules={[jsonObjectRule(t('datasets.invalidJson'))]}>
          <Input.TextArea className="mono" autoSize={{ minRows: 1, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
