import { PROMPT_NAME_PATTERN } from '@promptops/shared';
import { InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { DatasetFileFormat } from '@promptops/api-client';
import { App, Button, Form, Input, Modal, Progress, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCreateDataset } from '../hooks/use-create-dataset';
import { formatOfFile, useImportDataset } from '../hooks/use-import-dataset';
import { useUpdateDataset } from '../hooks/use-update-dataset';
import { jsonObjectRule, parseJsonText } from '../json-field';
import { ImportErrorAlert } from './ImportErrorAlert';

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
  const importFile = useImportDataset();
  const update = useUpdateDataset();
  const onError = useProblemHandler();
  const [file, setFile] = useState<{ file: File; format: DatasetFileFormat } | undefined>();
  const [progress, setProgress] = useState<number | undefined>();
  const [importError, setImportError] = useState<unknown>();

  const close = () => {
    form.resetFields();
    setFile(undefined);
    setImportError(undefined);
    setProgress(undefined);
    onClose();
  };
  const done = (name: string) => {
    message.success(t('datasets.created', { name }));
    close();
    navigate(`/datasets/${encodeURIComponent(name)}`);
  };

  const submit = async (values: CreateDatasetForm) => {
    const settings = {
      description: values.description || undefined,
      inputSchema: parseJsonText(values.inputSchema) as Record<string, unknown> | undefined,
      expectedSchema: parseJsonText(values.expectedSchema) as Record<string, unknown> | undefined,
    };
    if (!file) {
      create.mutate(
        { body: { name: values.name, ...settings } },
        { onSuccess: (dataset) => done(dataset.name), onError: (error) => onError(error, form) },
      );
      return;
    }
    // From a file: the file's items are version 1; description and schemas are set on it after.
    setImportError(undefined);
    setProgress(0);
    try {
      await importFile.mutateAsync({
        name: values.name,
        file: file.file,
        format: file.format,
        mode: 'append',
        create: true,
        onProgress: setProgress,
      });
    } catch (error) {
      setProgress(undefined);
      setImportError(error);
      return;
    }
    if (settings.description || settings.inputSchema || settings.expectedSchema) {
      try {
        await update.mutateAsync({ path: { name: values.name }, body: settings });
      } catch (error) {
        // The dataset exists with its items: open it, and say what was not set.
        onError(error);
      }
    }
    done(values.name);
  };

  return (
    <Modal
      open={open}
      title={t('datasets.new')}
      okText={t('datasets.create')}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={create.isPending || importFile.isPending || update.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="create-dataset-form">
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
        <Form.Item label={t('datasets.startFromFile')}>
          {file ? (
            <Space>
              <PaperClipOutlined />
              <Typography.Text data-testid="create-dataset-file">{file.file.name}</Typography.Text>
              <Button type="link" size="small" onClick={() => setFile(undefined)}>
                {t('datasets.removeFile')}
              </Button>
            </Space>
          ) : (
            <Upload.Dragger
              accept=".csv,.jsonl,.ndjson,.json"
              multiple={false}
              showUploadList={false}
              beforeUpload={(chosen) => {
                const format = formatOfFile(chosen.name);
                if (format) setFile({ file: chosen, format });
                setImportError(format ? undefined : new Error(t('datasets.importUnknownFormat')));
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('datasets.importDrop')}</p>
              <p className="ant-upload-hint">{t('datasets.startFromFileHint')}</p>
            </Upload.Dragger>
          )}
        </Form.Item>
        {progress !== undefined && (
          <Progress percent={progress} status="active" format={(p) => t('datasets.importing', { percent: p ?? 0 })} />
        )}
        {importError !== undefined && <ImportErrorAlert error={importError} />}
      </Form>
    </Modal>
  );
}
