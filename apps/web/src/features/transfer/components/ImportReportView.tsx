import type { ImportReportDto, TransferAction } from '@promptops/api-client';
import { Descriptions, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

const ACTION_COLORS: Record<TransferAction, string> = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  conflict: 'orange',
  skipped: 'red',
};

/** Changes first, what needs a look (conflicts, skips) before what went as expected. */
const ACTION_ORDER: TransferAction[] = ['conflict', 'skipped', 'created', 'updated', 'unchanged'];

interface Row {
  key: string;
  what: string;
  name: string;
  detail: string;
  action: TransferAction;
  reason?: string;
}

/** What an import did (or would do): totals, then one row per version, deployment, environment, provider and dataset. */
export function ImportReportView({ report }: { report: ImportReportDto }) {
  const { t } = useI18n();
  const listed: Row[] = [
    ...report.prompts.flatMap((prompt) => [
      ...prompt.versions.map((v, i) => ({
        key: `v-${prompt.name}-${i}`,
        what: t('transfer.row.version'),
        name: prompt.name,
        detail:
          v.sourceVersion === null
            ? t('transfer.versionNew', { version: v.version })
            : t('transfer.versionMapped', { from: v.sourceVersion, to: v.version }),
        action: v.action,
        reason: v.reason ?? (v.action === 'skipped' ? prompt.reason : undefined),
      })),
      ...prompt.deployments.map((d, i) => ({
        key: `d-${prompt.name}-${i}`,
        what: t('transfer.row.deployment'),
        name: prompt.name,
        detail: d.version === null ? d.environment : `${d.environment} → v${d.version}`,
        action: d.action,
        reason: d.reason,
      })),
    ]),
    ...report.environments.map((e) => ({
      key: `e-${e.name}`,
      what: t('transfer.row.environment'),
      name: e.name,
      detail: '',
      action: e.action,
    })),
    ...report.providers.map((p) => ({
      key: `p-${p.name}`,
      what: t('transfer.row.provider'),
      name: p.name,
      detail: p.needsApiKey ? t('transfer.needsApiKey') : '',
      action: p.action,
    })),
    ...report.datasets.map((d) => ({
      key: `s-${d.name}`,
      what: t('transfer.row.dataset'),
      name: d.name,
      detail: '',
      action: d.action,
      reason: d.reason,
    })),
  ];
  const rows = [...listed].sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action));
  return (
    <div data-testid="transfer-report">
      <Descriptions size="small" column={5} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('transfer.totals.promptsCreated')}>
          {report.totals.promptsCreated}
        </Descriptions.Item>
        <Descriptions.Item label={t('transfer.totals.versionsCreated')}>
          {report.totals.versionsCreated}
        </Descriptions.Item>
        {report.totals.versionsPublished > 0 && (
          <Descriptions.Item label={t('transfer.totals.versionsPublished')}>
            {report.totals.versionsPublished}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('transfer.totals.versionsUnchanged')}>
          {report.totals.versionsUnchanged}
        </Descriptions.Item>
        <Descriptions.Item label={t('transfer.totals.conflicts')}>{report.totals.conflicts}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.totals.deploymentsApplied')}>
          {report.totals.deploymentsApplied}
        </Descriptions.Item>
      </Descriptions>
      <Table<Row>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        columns={[
          { title: t('transfer.col.what'), dataIndex: 'what', width: 120 },
          { title: t('transfer.col.name'), dataIndex: 'name' },
          { title: t('transfer.col.detail'), dataIndex: 'detail' },
          {
            title: t('transfer.col.action'),
            dataIndex: 'action',
            width: 120,
            render: (action: TransferAction) => (
              <Tag color={ACTION_COLORS[action]} data-testid={`transfer-action-${action}`}>
                {t(`transfer.action.${action}`)}
              </Tag>
            ),
          },
          {
            title: t('transfer.col.reason'),
            dataIndex: 'reason',
            render: (reason?: string) => <Typography.Text type="secondary">{reason}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
