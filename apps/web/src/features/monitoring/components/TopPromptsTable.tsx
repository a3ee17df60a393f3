import type { RunKind, TopPromptDto } from '@promptops/api-client';
import { Card, Table } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../../runs';
import { formatCount, formatRate } from '../monitoring-format';

interface TopPromptsTableProps {
  title: string;
  rows: TopPromptDto[];
  kind: RunKind;
  testId: string;
}

/** Ten prompts (or flows) with their requests, errors and cost; a prompt links to its Metrics tab. */
export function TopPromptsTable({ title, rows, kind, testId }: TopPromptsTableProps) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Table<TopPromptDto>
        size="small"
        rowKey="prompt"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('monitoring.top.none') }}
        columns={[
          {
            title: kind === 'flow' ? t('monitoring.flow') : t('monitoring.prompt'),
            dataIndex: 'prompt',
            render: (prompt: string) => (
              <Link
                className="mono"
                to={
                  kind === 'flow'
                    ? `/flows/${encodeURIComponent(prompt)}`
                    : `/prompts/${encodeURIComponent(prompt)}/metrics`
                }
              >
                {prompt}
              </Link>
            ),
          },
          { title: t('monitoring.requests'), dataIndex: 'requests', align: 'right', render: formatCount },
          {
            title: t('monitoring.errors'),
            dataIndex: 'errors',
            align: 'right',
            render: (errors: number, row) => `${formatCount(errors)} (${formatRate(row.errorRate)})`,
          },
          { title: t('monitoring.cost'), dataIndex: 'costUsd', align: 'right', render: (v: number) => formatCost(v) },
        ]}
      />
    </Card>
  );
}
