import { InboxOutlined } from '@ant-design/icons';
import type { DatasetImportMode } from '@promptops/api-client';
import { App, Modal, Progress, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { formatOfFile, useImportDataset } from '../hooks/use-import-dataset';
import { ImportErrorAlert } from './ImportErrorAlert';

interface ImportDatasetModalProps {
  dataset: string;
  open: boolean;
  onClose(): void;
}

/** Drag and drop a file; the format comes from its extension, errors show here with line and column. */
export function ImportDatasetModal({ dataset, open, onClose }: ImportDatasetModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const importFile = useImportDataset();
  const [mode, setMode] = useState<DatasetImportMode>('append');
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<unknown>();

  const upload = (file: File) => {
    setError(undefined);
    const format = formatOfFile(file.name);
    if (!format) {
      setError(new Error(t('datasets.importUnknownFormat')));
      return;
    }
    setProgress(0);
    importFile.mutate(
      { name: dataset, file, format, mode, onProgress: setProgress },
      {
        onSuccess: (result) => {
          message.success(t('datasets.importDone', { change: result.change, version: result.version }));
          setProgress(undefined);
          onClose();
        },
        onError: (failure) => {
          setProgress(undefined);
          setError(failure);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('datasets.importTitle', { name: dataset })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={600}
    >
      <Space direction="vertical" className="full-width">
        <Space>
          <Typography.Text>{t('datasets.importMode')}</Typography.Text>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as DatasetImportMode)}>
            <Radio.Button value="append">{t('datasets.importAppend')}</Radio.Button>
            <Radio.Button value="replace">{t('datasets.importReplace')}</Radio.Button>
          </Radio.Group>
        </Space>
        <Upload.Dragger
          accept=".csv,.jsonl,.ndjson,.json"
          multiple={false}
          showUploadList={false}
          disabled={importFile.isPending}
          beforeUpload={(file) => {
            upload(file);
            return false;
          }}
          data-testid="dataset-import-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('datasets.importDrop')}</p>
          <p className="ant-upload-hint">{t('datasets.importHint')}</p>
        </Upload.Dragger>
        {progress !== undefined && (
          <Progress percent={progress} status="active" format={(p) => t('datasets.importing', { percent: p ?? 0 })} />
        )}
        {error !== undefined && <ImportErrorAlert error={error} />}
      </Space>
    </Modal>
  );
}
