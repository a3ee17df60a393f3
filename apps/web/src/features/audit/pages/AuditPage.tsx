import { SearchOutlined } from '@ant-design/icons';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { Button, Card, DatePicker, Form, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { AuditTable } from '../components/AuditTable';
import { useAuditEntries } from '../hooks/use-audit-entries';
import { LoadError } from '../../../components/LoadError';

const TARGET_TYPES = ['prompt', 'deployment', 'environment', 'api_key', 'provider', 'user'] as const;
const ACTION_PREFIXES = [
  'prompt.',
  'version.',
  'deployment.',
  'webhook.',
  'environment.',
  'api_key.',
  'provider.',
  'user.',
  'auth.',
  'debug_mode.',
];
const TEXT_FILTERS = ['actor', 'action', 'targetType', 'targetId'] as const;
const DAY = 'YYYY-MM-DD';

interface FilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function day(value: string | null): Dayjs | null {
  const parsed = value ? dayjs(value) : null;
  return parsed?.isValid() ? parsed : null;
}

export function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  const [searchParams, setSearchParams] = useSearchParams();

  const filters = Object.fromEntries(TEXT_FILTERS.map((key) => [key, searchParams.get(key) || undefined])) as Record<
    (typeof TEXT_FILTERS)[number],
    string | undefined
  >;
  const from = day(searchParams.get('from'));
  const to = day(searchParams.get('to'));
  const page = positiveInt(searchParams.get('page'), 1);
  const pageSize = positiveInt(searchParams.get('pageSize'), DEFAULT_PAGE_SIZE);

  const entries = useAuditEntries({
    ...filters,
    // Whole days in the viewer's time zone.
    from: from?.startOf('day').toISOString(),
    to: to?.endOf('day').toISOString(),
    page,
    pageSize,
  });

  useEffect(() => {
    form.setFieldsValue({ ...filters, range: from || to ? [from, to] : undefined });
    // The form follows the URL (back/forward, shared links).
  }, [searchParams]);

  const update = (changes: Record<string, string | number | undefined>) =>
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (
          value === undefined ||
          value === '' ||
          (key === 'page' && value === 1) ||
          (key === 'pageSize' && value === DEFAULT_PAGE_SIZE)
        )
          next.delete(key);
        else next.set(key, String(value));
      }
      return next;
    });

  const apply = ({ range, ...values }: FilterValues) =>
    update({
      ...Object.fromEntries(TEXT_FILTERS.map((key) => [key, values[key]?.trim()])),
      from: range?.[0]?.format(DAY),
      to: range?.[1]?.format(DAY),
      page: 1,
    });

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('audit.subtitle')}</Typography.Text>
        </div>
      </div>
      <Card>
        <Form<FilterValues>
          form={form}
          layout="inline"
          onFinish={apply}
          style={{ rowGap: 12, marginBottom: 16 }}
          data-testid="audit-filters"
        >
          <Form.Item name="actor">
            <Input allowClear placeholder={t('audit.filterActor')} aria-label={t('audit.filterActor')} />
          </Form.Item>
          <Form.Item name="action">
            <Select
              allowClear
              showSearch
              style={{ width: 180 }}
              placeholder={t('audit.filterAction')}
              aria-label={t('audit.filterAction')}
              options={ACTION_PREFIXES.map((prefix) => ({ value: prefix, label: `${prefix}*` }))}
            />
          </Form.Item>
          <Form.Item name="targetType">
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('audit.filterTargetType')}
              aria-label={t('audit.filterTargetType')}
              options={TARGET_TYPES.map((type) => ({ value: type, label: t(`auditTarget.${type}`) }))}
            />
          </Form.Item>
          <Form.Item name="targetId">
            <Input allowClear placeholder={t('audit.filterTargetId')} aria-label={t('audit.filterTargetId')} />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('audit.apply')}
            </Button>
          </Form.Item>
        </Form>
        {entries.isError ? (
          <LoadError error={entries.error} onRetry={entries.refetch} retrying={entries.isFetching} />
        ) : (
          <AuditTable
            data={entries.data}
            loading={entries.isFetching}
            onPage={(nextPage, nextSize) => update({ page: nextSize === pageSize ? nextPage : 1, pageSize: nextSize })}
          />
        )}
      </Card>
    </div>
  );
}
