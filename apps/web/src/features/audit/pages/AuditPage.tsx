import { ApartmentOutlined, SearchOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { Button, Card, Checkbox, DatePicker, Form, Input, Segmented, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { LoadError } from '../../../components/LoadError';
import { useI18n } from '../../../i18n/use-i18n';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { AuditTable } from '../components/AuditTable';
import { AuditTargetsTable } from '../components/AuditTargetsTable';
import { useAuditEntries } from '../hooks/use-audit-entries';
import { useAuditTargets } from '../hooks/use-audit-targets';

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
const VIEWS = ['entries', 'targets'] as const;
type View = (typeof VIEWS)[number];

const URL_SCHEMA = {
  actor: urlParam.string,
  action: urlParam.string,
  targetType: urlParam.string,
  targetId: urlParam.string,
  from: urlParam.string,
  to: urlParam.string,
  includeSignIns: urlParam.boolean,
  view: urlParam.oneOf(VIEWS),
  page: urlParam.int,
  pageSize: urlParam.int,
};

interface FilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function day(value: string | undefined): Dayjs | null {
  const parsed = value ? dayjs(value) : null;
  return parsed?.isValid() ? parsed : null;
}

export function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  const [params, setParams] = useUrlFilters(URL_SCHEMA);
  const { page = 1, pageSize = DEFAULT_PAGE_SIZE, view = 'entries', includeSignIns } = params;
  const filters = Object.fromEntries(TEXT_FILTERS.map((key) => [key, params[key]])) as Pick<
    FilterValues,
    (typeof TEXT_FILTERS)[number]
  >;
  const from = day(params.from);
  const to = day(params.to);

  const query = {
    ...filters,
    // Whole days in the viewer's time zone.
    from: from?.startOf('day').toISOString(),
    to: to?.endOf('day').toISOString(),
    includeSignIns,
    page,
    pageSize,
  };
  const entries = useAuditEntries(query, view === 'entries');
  const targets = useAuditTargets(query, view === 'targets');
  const shown = view === 'entries' ? entries : targets;

  useEffect(() => {
    form.setFieldsValue({ ...filters, range: from || to ? [from, to] : undefined });
    // The form follows the URL (back/forward, shared links).
  }, [params]);

  const onPage = (nextPage: number, nextSize: number) =>
    setParams({
      page: nextSize === pageSize && nextPage !== 1 ? nextPage : undefined,
      pageSize: nextSize === DEFAULT_PAGE_SIZE ? undefined : nextSize,
    });

  const apply = ({ range, ...values }: FilterValues) =>
    setParams({
      ...Object.fromEntries(TEXT_FILTERS.map((key) => [key, values[key]?.trim()])),
      from: range?.[0]?.format(DAY),
      to: range?.[1]?.format(DAY),
      page: undefined,
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
        <div className="toolbar">
          <Segmented<View>
            aria-label={t('audit.view')}
            data-testid="audit-view"
            value={view}
            onChange={(next) => setParams({ view: next === 'entries' ? undefined : next, page: undefined })}
            options={[
              { value: 'entries', label: t('audit.viewEntries'), icon: <UnorderedListOutlined /> },
              { value: 'targets', label: t('audit.viewTargets'), icon: <ApartmentOutlined /> },
            ]}
          />
          <Checkbox
            checked={includeSignIns ?? false}
            onChange={(e) => setParams({ includeSignIns: e.target.checked, page: undefined })}
            data-testid="include-sign-ins"
          >
            {t('audit.includeSignIns')}
          </Checkbox>
        </div>
        {shown.isError ? (
          <LoadError error={shown.error} onRetry={shown.refetch} retrying={shown.isFetching} />
        ) : view === 'entries' ? (
          <AuditTable data={entries.data} loading={entries.isFetching} onPage={onPage} />
        ) : (
          <AuditTargetsTable
            data={targets.data}
            loading={targets.isFetching}
            onPage={onPage}
            onOpen={(target) =>
              setParams({ targetType: target.targetType, targetId: target.targetId, view: undefined, page: undefined })
            }
          />
        )}
      </Card>
    </div>
  );
}
