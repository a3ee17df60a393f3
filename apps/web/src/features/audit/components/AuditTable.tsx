import type { AuditEntryDto, AuditListResponseDto } from '@promptops/api-client';
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { ActionTag } from './ActionTag';
import { AuditSummary } from './AuditSummary';
import { targetLabel } from '../target-label';

interface AuditTableProps {
  data: AuditListResponseDto | undefined;
  loading: boolean;
  onPage(page: number, pageSize: number): void;
}

export function AuditTable({ data, loading, onPage }: AuditTableProps) {
  const { t } = useI18n();
  const formatDate = useFormatDate();

  const columns: ColumnsType<AuditEntryDto> = [
    {
      title: t('audit.time'),
      dataIndex: 'createdAt',
      width: 190,
      render: (createdAt: string) => <span className="muted">{formatDate(createdAt)}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actor',
      ellipsis: true,
      render: (actor: string | null) => actor ?? <span className="muted">{t('audit.system')}</span>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      render: (action: string) => <ActionTag action={action} />,
    },
    {
      title: t('audit.target'),
      key: 'target',
      ellipsis: true,
      render: (_value, entry) => (
        <Typography.Text>
          <span className="muted">{targetLabel(entry.targetType, t)} · </span>
          <span className="mono">{entry.targetId}</span>
        </Typography.Text>
      ),
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 140,
      responsive: ['md'],
      render: (ip: string | null) => (ip ? <span className="mono small">{ip}</span> : <span className="muted">—</span>),
    },
  ];

  return (
    <Table<AuditEntryDto>
      rowKey="id"
      size="middle"
      columns={columns}
      loading={loading}
      dataSource={data?.items ?? []}
      data-testid="audit-table"
      expandable={{ expandedRowRender: (entry) => <AuditSummary summary={entry.summary} />, expandRowByClick: true }}
      locale={{ emptyText: t('audit.empty') }}
      pagination={{
        current: data?.page ?? 1,
        pageSize: data?.pageSize ?? 20,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('audit.total', { total }),
        onChange: onPage,
      }}
    />
  );
}
