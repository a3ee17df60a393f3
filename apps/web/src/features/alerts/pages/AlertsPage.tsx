import { AlertOutlined, PlusOutlined } from '@ant-design/icons';
import type { AlertEventResponseDto, AlertRuleResponseDto } from '@promptops/api-client';
import { App, Badge, Button, Card, Empty, Popconfirm, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { PromptSelect } from '../../prompts';
import { formatAlertValue } from '../alert-format';
import { AlertRuleModal } from '../components/AlertRuleModal';
import { useAlertEvents } from '../hooks/use-alert-events';
import { useAlertRules } from '../hooks/use-alert-rules';
import { useDeleteAlertRule } from '../hooks/use-delete-alert-rule';
import { useTestAlertRule } from '../hooks/use-test-alert-rule';

const KIND_COLORS: Record<AlertEventResponseDto['kind'], string> = {
  fired: 'red',
  resolved: 'green',
  guardrail: 'orange',
  test: 'blue',
};

const HISTORY_PAGE_SIZE = 20;

/** Alert rules (state, condition, webhook) and the history of what they posted. */
export function AlertsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const rules = useAlertRules();
  const remove = useDeleteAlertRule();
  const test = useTestAlertRule();
  const [filters, setFilters] = useUrlFilters({ prompt: urlParam.string, page: urlParam.int });
  const page = filters.page ?? 1;
  const events = useAlertEvents({ prompt: filters.prompt, page, pageSize: HISTORY_PAGE_SIZE });
  const [editing, setEditing] = useState<AlertRuleResponseDto | null | undefined>(undefined);

  const sendTest = (rule: AlertRuleResponseDto) =>
    test
      .mutateAsync({ path: { id: rule.id } })
      .then((delivery) =>
        delivery.deliveryStatus === 'delivered'
          ? message.success(t('alerts.testDelivered', { status: String(delivery.httpStatus ?? '') }))
          : message.error(t('alerts.testFailed', { error: delivery.deliveryError ?? '' })),
      )
      .catch(onError);

  const ruleColumns: ColumnsType<AlertRuleResponseDto> = [
    {
      title: t('alerts.name'),
      dataIndex: 'name',
      width: 220,
      render: (name: string, rule) => (
        <div className="prompt-title-cell">
          <Typography.Text strong ellipsis={{ tooltip: name }}>
            {name}
          </Typography.Text>
          <Typography.Text type="secondary" className="mono">
            {rule.prompt}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('alerts.environment'),
      dataIndex: 'environment',
      width: 140,
      render: (environment: string) =>
        environment ? (
          <Tag className="mono">{environment}</Tag>
        ) : (
          <span className="muted">{t('alerts.allEnvironments')}</span>
        ),
    },
    {
      title: t('alerts.condition'),
      key: 'condition',
      width: 280,
      render: (_value, rule) => (
        <div className="prompt-title-cell">
          <span>
            {t('alerts.conditionText', {
              metric: t(`alerts.metric.${rule.metric}`),
              comparator: rule.comparator,
              threshold: formatAlertValue(rule.metric, rule.threshold),
              window: String(rule.windowMinutes),
            })}
          </span>
          <Typography.Text type="secondary" className="mono small" ellipsis={{ tooltip: rule.webhookUrlMasked }}>
            {rule.webhookUrlMasked}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('alerts.state'),
      dataIndex: 'state',
      width: 110,
      render: (state: AlertRuleResponseDto['state'], rule) =>
        !rule.enabled ? (
          <Badge status="default" text={t('alerts.disabled')} />
        ) : state === 'firing' ? (
          <Tooltip title={rule.stateChangedAt ? formatDate(rule.stateChangedAt) : undefined}>
            <Tag color="red" data-testid="alert-state">
              {t('alerts.firing')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="green" data-testid="alert-state">
            {t('alerts.ok')}
          </Tag>
        ),
    },
    {
      title: t('alerts.lastValue'),
      dataIndex: 'lastValue',
      width: 120,
      align: 'right',
      render: (value: number | null, rule) => (
        <Tooltip
          title={
            rule.lastEvaluatedAt
              ? t('alerts.checkedAt', { date: formatDate(rule.lastEvaluatedAt) })
              : t('alerts.notChecked')
          }
        >
          <span>{formatAlertValue(rule.metric, value)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 220,
      align: 'right',
      render: (_value, rule) => (
        <Space size={0}>
          <Allowed permission="prompt:publish">
            <Button size="small" type="link" onClick={() => sendTest(rule)}>
              {t('alerts.sendTest')}
            </Button>
          </Allowed>
          <Allowed permission="prompt:publish">
            <Button size="small" type="link" onClick={() => setEditing(rule)}>
              {t('alerts.edit')}
            </Button>
          </Allowed>
          <Allowed permission="prompt:publish">
            <Popconfirm
              title={t('alerts.deleteConfirm', { name: rule.name })}
              okText={t('alerts.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove
                  .mutateAsync({ path: { id: rule.id } })
                  .then(() => message.success(t('alerts.deleted', { name: rule.name })))
                  .catch(onError)
              }
            >
              <Button size="small" type="link" danger>
                {t('alerts.delete')}
              </Button>
            </Popconfirm>
          </Allowed>
        </Space>
      ),
    },
  ];

  const eventColumns: ColumnsType<AlertEventResponseDto> = [
    {
      title: t('alerts.when'),
      dataIndex: 'createdAt',
      width: 170,
      render: (createdAt: string) => <span className="muted">{formatDate(createdAt)}</span>,
    },
    {
      title: t('alerts.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: AlertEventResponseDto['kind']) => (
        <Tag color={KIND_COLORS[kind]} bordered={false}>
          {t(`alerts.kind.${kind}`)}
        </Tag>
      ),
    },
    {
      title: t('alerts.prompt'),
      dataIndex: 'prompt',
      width: 180,
      render: (prompt: string, event) => (
        <span>
          <span className="mono">{prompt}</span>
          {event.environment && <span className="muted"> · {event.environment}</span>}
        </span>
      ),
    },
    {
      title: t('alerts.message'),
      dataIndex: 'message',
      render: (text: string) => <span className="small">{text}</span>,
    },
    {
      title: t('alerts.delivery'),
      key: 'delivery',
      width: 150,
      render: (_value, event) =>
        event.deliveryStatus === 'none' ? (
          <span className="muted">{t('alerts.delivery.none')}</span>
        ) : (
          <Tooltip title={event.deliveryError ?? undefined}>
            <Badge
              status={event.deliveryStatus === 'delivered' ? 'success' : 'error'}
              text={`${t(`alerts.delivery.${event.deliveryStatus}`)}${event.httpStatus ? ` · ${event.httpStatus}` : ''}`}
            />
          </Tooltip>
        ),
    },
  ];

  const newRule = (
    <Allowed permission="prompt:publish">
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
        {t('alerts.create')}
      </Button>
    </Allowed>
  );

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('alerts.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('alerts.subtitle')}</Typography.Text>
        </div>
        {newRule}
      </div>
      <Space direction="vertical" size="large" className="full-width">
        <Card title={t('alerts.rules')}>
          {rules.isPending ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : rules.isError ? (
            <LoadError error={rules.error} onRetry={rules.refetch} retrying={rules.isFetching} />
          ) : rules.data.items.length === 0 ? (
            <Empty
              className="empty-invite"
              image={<AlertOutlined className="empty-invite__icon" />}
              description={t('alerts.empty')}
            >
              {newRule}
            </Empty>
          ) : (
            <Table<AlertRuleResponseDto>
              data-testid="alert-rules"
              rowKey="id"
              columns={ruleColumns}
              dataSource={rules.data.items}
              scroll={{ x: 1070 }}
              rowClassName={(rule) => (rule.enabled ? '' : 'row-disabled')}
              pagination={rules.data.items.length > 20 ? { pageSize: 20 } : false}
            />
          )}
        </Card>
        <Card
          title={t('alerts.history')}
          extra={
            <PromptSelect
              className="toolbar__select"
              ariaLabel={t('alerts.filterPrompt')}
              placeholder={t('alerts.filterPrompt')}
              allowClear
              value={filters.prompt}
              onChange={(prompt) => setFilters({ prompt, page: null })}
            />
          }
        >
          {events.isError ? (
            <LoadError error={events.error} onRetry={events.refetch} retrying={events.isFetching} />
          ) : (
            <Table<AlertEventResponseDto>
              data-testid="alert-history"
              rowKey="id"
              loading={events.isPending}
              columns={eventColumns}
              dataSource={events.data?.items ?? []}
              scroll={{ x: 900 }}
              locale={{ emptyText: t('alerts.historyEmpty') }}
              pagination={{
                current: page,
                pageSize: HISTORY_PAGE_SIZE,
                total: events.data?.total ?? 0,
                hideOnSinglePage: true,
                showSizeChanger: false,
                onChange: (next) => setFilters({ page: next === 1 ? null : next }),
              }}
            />
          )}
        </Card>
      </Space>
      <AlertRuleModal open={editing !== undefined} rule={editing ?? null} onClose={() => setEditing(undefined)} />
    </div>
  );
}
