import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApiKeyResponseDto, CreatedApiKeyResponseDto } from '@promptops/api-client';
import { App, Badge, Button, Card, Empty, Popconfirm, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { ApiKeySecretModal } from '../components/ApiKeySecretModal';
import { CreateApiKeyModal } from '../components/CreateApiKeyModal';
import { useApiKeys } from '../hooks/use-api-keys';
import { useRevokeApiKey } from '../hooks/use-revoke-api-key';
import { scopeColors } from '../scopes';
import { LoadError } from '../../../components/LoadError';

export function ApiKeysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyResponseDto | null>(null);

  const columns: ColumnsType<ApiKeyResponseDto> = [
    {
      // The name and its creation date share a cell, so the table fits a laptop screen.
      title: t('apiKeys.name'),
      dataIndex: 'name',
      width: 200,
      render: (name: string, key) => (
        <div className="prompt-title-cell">
          <Typography.Text strong ellipsis={{ tooltip: name }}>
            {name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('apiKeys.createdOn', { date: formatDate(key.createdAt, 'short') })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('apiKeys.key'),
      key: 'key',
      width: 200,
      render: (_value, key) => (
        <span className="mono key-mask">
          {key.prefix}…{key.last4}
        </span>
      ),
    },
    {
      title: t('apiKeys.scopes'),
      dataIndex: 'scopes',
      width: 160,
      render: (scopes: ApiKeyResponseDto['scopes']) => (
        <Space size={[0, 4]} wrap>
          {scopes.map((scope) => (
            <Tooltip key={scope} title={t(`apiKeys.scope.${scope}`)}>
              <Tag color={scopeColors[scope]} bordered={false}>
                {t(`apiKeys.scopeName.${scope}`)}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      ),
    },
    {
      title: t('apiKeys.environment'),
      dataIndex: 'environment',
      width: 120,
      render: (environment: string | null) =>
        environment ? <Tag className="mono">{environment}</Tag> : <span className="muted">{t('apiKeys.any')}</span>,
    },
    {
      title: t('apiKeys.debugDrafts'),
      dataIndex: 'serveDebugDrafts',
      width: 120,
      render: (serveDebugDrafts: boolean) =>
        serveDebugDrafts ? <Tag color="orange">{t('apiKeys.debugDraftsOn')}</Tag> : <span className="muted">—</span>,
    },
    {
      title: t('apiKeys.limit'),
      dataIndex: 'rateLimitPerMinute',
      width: 100,
      align: 'right',
      render: (limit: number) => limit.toLocaleString(),
    },
    {
      title: t('apiKeys.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 140,
      render: (lastUsedAt: string | null) => (
        <span className="muted">{lastUsedAt ? formatDate(lastUsedAt, 'short') : t('apiKeys.never')}</span>
      ),
    },
    {
      title: t('apiKeys.status'),
      dataIndex: 'revokedAt',
      width: 100,
      render: (revokedAt: string | null) =>
        revokedAt ? (
          <Tooltip title={formatDate(revokedAt)}>
            <Badge status="default" text={t('apiKeys.revoked')} />
          </Tooltip>
        ) : (
          <Badge status="success" text={t('apiKeys.active')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 90,
      align: 'right',
      render: (_value, key) =>
        key.revokedAt ? null : (
          <Popconfirm
            title={t('apiKeys.revokeConfirmTitle', { name: key.name })}
            description={t('apiKeys.revokeConfirmText')}
            okText={t('apiKeys.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              revoke
                .mutateAsync({ path: { id: key.id } })
                .then(() => message.success(t('apiKeys.revokedMessage', { name: key.name })))
                .catch(onError)
            }
          >
            <Button size="small" type="link" danger>
              {t('apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('apiKeys.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('apiKeys.subtitle')}</Typography.Text>
        </div>
        <Allowed permission="admin:keys">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        </Allowed>
      </div>
      <Card>
        {keys.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : keys.isError ? (
          <LoadError error={keys.error} onRetry={keys.refetch} retrying={keys.isFetching} />
        ) : keys.data.length === 0 ? (
          <Empty
            className="empty-invite"
            image={<KeyOutlined className="empty-invite__icon" />}
            description={t('apiKeys.empty')}
          >
            <Allowed permission="admin:keys">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('apiKeys.createFirst')}
              </Button>
            </Allowed>
          </Empty>
        ) : (
          <Table<ApiKeyResponseDto>
            rowKey="id"
            columns={columns}
            dataSource={keys.data}
            scroll={{ x: 1110 }}
            rowClassName={(key) => (key.revokedAt ? 'row-disabled' : '')}
            pagination={keys.data.length > 20 ? { pageSize: 20 } : false}
          />
        )}
      </Card>
      <CreateApiKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
      <ApiKeySecretModal created={created} onClose={() => setCreated(null)} />
    </div>
  );
}
