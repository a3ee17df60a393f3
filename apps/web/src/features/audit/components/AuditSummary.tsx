import { Descriptions, Empty, Table, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown) {
  if (value === undefined) return <span className="muted">—</span>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Typography.Text className="mono small" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text}
    </Typography.Text>
  );
}

interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

/** An entry's summary: its before/after as a field-by-field diff, then whatever else it recorded. */
export function AuditSummary({ summary }: { summary: Fields | undefined }) {
  const { t } = useI18n();
  const { before, after, ...rest } = summary ?? {};
  const beforeFields = isFields(before) ? before : {};
  const afterFields = isFields(after) ? after : {};
  const keys = [...new Set([...Object.keys(beforeFields), ...Object.keys(afterFields)])];
  const rows: DiffRow[] = keys.map((key) => ({
    key,
    before: beforeFields[key],
    after: afterFields[key],
    changed: JSON.stringify(beforeFields[key]) !== JSON.stringify(afterFields[key]),
  }));
  const details = Object.entries(rest);

  if (rows.length === 0 && details.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noSummary')} />;
  }

  return (
    <div className="audit-summary" data-testid="audit-summary" style={{ display: 'grid', gap: 12 }}>
      {rows.length > 0 && (
        <Table<DiffRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          rowClassName={(row) => (row.changed ? '' : 'muted')}
          columns={[
            { title: t('audit.field'), dataIndex: 'key', width: 180, render: (key: string) => show(key) },
            {
              title: t('audit.before'),
              dataIndex: 'before',
              render: (value: unknown, row) => (
                <div style={row.changed && value !== undefined ? { background: '#fff1f0' } : undefined}>
                  {show(value)}
                </div>
              ),
            },
            {
              title: t('audit.after'),
              dataIndex: 'after',
              render: (value: unknown, row) => (
                <div style={row.changed && value !== undefined ? { background: '#f6ffed' } : undefined}>
                  {show(value)}
                </div>
              ),
            },
          ]}
        />
      )}
      {details.length > 0 && (
        <Descriptions
          size="small"
          column={1}
          bordered
          items={details.map(([key, value]) => ({ key, label: key, children: show(value) }))}
        />
      )}
    </div>
  );
}
