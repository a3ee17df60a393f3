import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportReportDto, ImportRequestDto } from '@promptops/api-client';
import { Alert, App, Button, Card, Checkbox, Form, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { useProblemText } from '../../../lib/use-problem-text';
import { useCan } from '../../auth';
import { ImportReportView } from '../components/ImportReportView';
import { useDownloadExport } from '../hooks/use-download-export';
import { useImportBundle } from '../hooks/use-import-bundle';

type DeploymentsMode = NonNullable<ImportRequestDto['deployments']>;

interface Chosen {
  fileName: string;
  bundle: ImportRequestDto['bundle'];
}

/** Settings: the instance as one JSON bundle (download), and a bundle imported after a dry run shows what it would do. */
export function TransferPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('transfer.title')}</Typography.Title>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <ExportCard />
        {useCan('prompt:edit') && <ImportCard />}
      </Space>
    </div>
  );
}

function ExportCard() {
  const { t } = useI18n();
  const [latest, setLatest] = useState(false);
  const download = useDownloadExport();
  const problemText = useProblemText();
  return (
    <Card size="small" title={t('transfer.exportTitle')}>
      <Typography.Paragraph type="secondary">{t('transfer.exportIntro')}</Typography.Paragraph>
      <Space>
        <Checkbox checked={latest} onChange={(e) => setLatest(e.target.checked)}>
          {t('transfer.latestOnly')}
        </Checkbox>
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={download.isPending}
          onClick={() => download.mutate({ latest })}
          data-testid="transfer-export"
        >
          {t('transfer.download')}
        </Button>
      </Space>
      {download.error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} message={problemText(download.error)} />
      )}
    </Card>
  );
}

function ImportCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [chosen, setChosen] = useState<Chosen>();
  const [fileError, setFileError] = useState<string>();
  const [deployments, setDeployments] = useState<DeploymentsMode>('new-prompts');
  const [publish, setPublish] = useState(false);
  const [preview, setPreview] = useState<ImportReportDto>();
  const [done, setDone] = useState<ImportReportDto>();
  const run = useImportBundle();

  const request = (bundle: Chosen['bundle'], dryRun: boolean) => ({ body: { bundle, dryRun, deployments, publish } });

  const dryRun = (bundle: Chosen['bundle']) => {
    setPreview(undefined);
    setDone(undefined);
    run.mutate(request(bundle, true), { onSuccess: setPreview });
  };

  const choose = async (file: File) => {
    setChosen(undefined);
    setPreview(undefined);
    setDone(undefined);
    run.reset();
    try {
      const bundle = JSON.parse(await file.text()) as Chosen['bundle'];
      setFileError(undefined);
      setChosen({ fileName: file.name, bundle });
      dryRun(bundle);
    } catch {
      setFileError(t('transfer.notJson', { file: file.name }));
    }
  };

  const confirm = () =>
    chosen &&
    run.mutate(request(chosen.bundle, false), {
      onSuccess: (report) => {
        setPreview(undefined);
        setDone(report);
        message.success(report.changed ? t('transfer.imported') : t('transfer.nothingChanged'));
      },
    });

  const fieldErrors = isProblem(run.error) ? (run.error.errors ?? []) : [];
  return (
    <Card size="small" title={t('transfer.importTitle')}>
      <Typography.Paragraph type="secondary">{t('transfer.importIntro')}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 12 }}>
        <Form.Item label={t('transfer.deployments')}>
          <Select<DeploymentsMode>
            value={deployments}
            onChange={setDeployments}
            style={{ width: 240 }}
            data-testid="transfer-deployments"
            options={(['new-prompts', 'all', 'none'] as const).map((mode) => ({
              value: mode,
              label: t(`transfer.deployments.${mode}`),
            }))}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={publish} onChange={(e) => setPublish(e.target.checked)}>
            {t('transfer.publish')}
          </Checkbox>
        </Form.Item>
      </Form>
      <Upload.Dragger
        accept=".json,application/json"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void choose(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{chosen ? chosen.fileName : t('transfer.drop')}</p>
      </Upload.Dragger>
      {fileError && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} message={fileError} data-testid="transfer-error" />
      )}
      {run.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="transfer-error"
          message={problemText(run.error)}
          description={
            fieldErrors.length > 0 && (
              <ul style={{ margin: 0 }}>
                {fieldErrors.map((e) => (
                  <li key={`${e.field}-${e.message}`}>
                    <Typography.Text code>{e.field}</Typography.Text> {e.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      {preview && chosen && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type={preview.changed ? 'info' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            message={preview.changed ? t('transfer.dryRunIntro') : t('transfer.dryRunNothing')}
            action={
              <Space>
                <Button onClick={() => dryRun(chosen.bundle)} disabled={run.isPending}>
                  {t('transfer.recheck')}
                </Button>
                <Button
                  type="primary"
                  onClick={confirm}
                  loading={run.isPending}
                  disabled={!preview.changed}
                  data-testid="transfer-confirm"
                >
                  {t('transfer.confirm')}
                </Button>
              </Space>
            }
          />
          <ImportReportView report={preview} />
        </div>
      )}
      {done && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            message={done.changed ? t('transfer.imported') : t('transfer.nothingChanged')}
            data-testid="transfer-done"
          />
          <ImportReportView report={done} />
        </div>
      )}
    </Card>
  );
}
