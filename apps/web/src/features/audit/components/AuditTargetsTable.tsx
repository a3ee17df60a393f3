import { UnorderedListOutlined } from '@ant-design/icons';
import type { AuditTargetDto, AuditTargetListResponseDto } from '@promptops/api-client';
import { Button, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { targetLabel } from '../target-label';
import { ActionTag } from './ActionTag';

interface AuditTargetsTableProps {
  data: AuditTargetListResponseDto | undefined;
  loading: boolean;
  onPage(page: number, pageSize: number): void;
  /** Lists the entries about one target. */
  onOpen(target: AuditTargetDto): void;
}

/** One row per changed thing (a prompt, a deployment, a key…): how often, and the latest change. */
export function AuditTargetsTable({ data, loading, onPage, onOpen }: AuditTargetsTableProps) {
  const { t } = useI18n();
  const formatDate = useFormatDate();

  const columns: ColumnsType<AuditTargetDto> = [
    {
      title: t('audit.target'),
      key: 'target',
      width: 260,
      ellipsis: true,
      render: (_value, target) => (
        <Typography.Text>
          <span className="muted">{targetLabel(target.targetType, t)} · </span>
          <span className="mono">{target.targetId}</span>
        </Typography.Text>
      ),
    },
    {
      title: t('audit.entries'),
      dataIndex: 'entries',
      width: 90,
      align: 'right',
    },
    {
      title: t('audit.lastChange'),
      key: 'last',
      render: (_value, target) => (
        <div className="audit-last-change">
          <ActionTag action={target.last.action} />
          <Typography.Text type="secondary" ellipsis={{ tooltip: target.last.actor }}>
            {target.last.actor ?? t('audit.system')}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('audit.time'),
      key: 'time',
      width: 180,
      responsive: ['lg'],
      render: (_value, target) => <span className="muted">{formatDate(target.last.createdAt)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 150,
      align: 'right',
      render: (_value, target) => (
        <Button size="small" type="link" icon={<UnorderedListOutlined />} onClick={() => onOpen(target)}>
          {t('audit.showEntries')}
        </Button>
      ),
    },
  ];

  return (
    <Table<AuditTargetDto>
      rowKey={(target) => `${target.targetType}:${target.targetId}`}
      size="middle"
      columns={columns}
      loading={loading}
      dataSource={data?.items ?? []}
      data-testid="audit-targets"
      scroll={{ x: 900 }}
      locale={{ emptyText: t('audit.empty') }}
      pagination={{
        current: data?.page ?? 1,
        pageSize: data?.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('audit.targetsTotal', { total }),
        onChange: onPage,
      }}
    />
  );
}
