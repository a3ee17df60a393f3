import { CloudServerOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { ProviderModelDto, ProviderResponseDto } from '@promptops/api-client';
import { App, Badge, Button, Card, Empty, Popconfirm, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed, useCan } from '../../auth';
import { ProviderDrawer } from '../components/ProviderDrawer';
import { TestConnectionButton } from '../components/TestConnectionButton';
import { useDeleteProvider } from '../hooks/use-delete-provider';
import { useProviders } from '../hooks/use-providers';
import { KIND_COLORS } from '../provider-kinds';
import { LoadError } from '../../../components/LoadError';

function priceText(model: ProviderModelDto): string | undefined {
  if (model.inputPricePerMTok === undefined && model.outputPricePerMTok === undefined) return undefined;
  return `$${model.inputPricePerMTok ?? '–'} / $${model.outputPricePerMTok ?? '–'}`;
}

export function ProvidersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const providers = useProviders();
  const remove = useDeleteProvider();
  const canEdit = useCan('admin:providers');
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Kept while the drawer closes, so its title does not change during the animation.
  const [editing, setEditing] = useState<ProviderResponseDto | null>(null);
  const openDrawer = (provider: ProviderResponseDto | null) => {
    setEditing(provider);
    setDrawerOpen(true);
  };

  const columns: ColumnsType<ProviderResponseDto> = [
    {
      title: t('providers.name'),
      dataIndex: 'name',
      width: 190,
      render: (name: string, provider) => (
        <div className="prompt-title-cell">
          <Typography.Text strong className="mono">
            {name}
          </Typography.Text>
          <span>
            <Tag color={KIND_COLORS[provider.kind]} bordered={false}>
              {t(`providerKind.${provider.kind}`)}
            </Tag>
          </span>
        </div>
      ),
    },
    {
      title: t('providers.baseUrl'),
      dataIndex: 'baseUrl',
      width: 180,
      ellipsis: true,
      render: (baseUrl: string | null) =>
        baseUrl ? (
          <span className="mono small">{baseUrl}</span>
        ) : (
          <span className="muted">{t('providers.default')}</span>
        ),
    },
    {
      title: t('providers.apiKey'),
      dataIndex: 'apiKeyLast4',
      width: 100,
      render: (last4: string | null) =>
        last4 ? (
          <span className="mono key-mask">••••{last4}</span>
        ) : (
          <span className="muted">{t('providers.noKey')}</span>
        ),
    },
    {
      title: t('providers.models'),
      dataIndex: 'models',
      width: 190,
      render: (models: ProviderModelDto[]) =>
        models.length === 0 ? (
          <span className="muted">{t('providers.anyModel')}</span>
        ) : (
          <Space size={[0, 4]} wrap>
            {models.map((model) => (
              <Tooltip
                key={model.id}
                title={priceText(model) && t('providers.priceTooltip', { price: priceText(model)! })}
              >
                <Tag className="mono">{model.id}</Tag>
              </Tooltip>
            ))}
          </Space>
        ),
    },
    {
      title: t('providers.status'),
      dataIndex: 'enabled',
      width: 100,
      render: (enabled: boolean) =>
        enabled ? (
          <Badge status="success" text={t('providers.on')} />
        ) : (
          <Badge status="default" text={t('providers.off')} />
        ),
    },
    {
      title: t('providers.connection'),
      key: 'test',
      width: 220,
      render: (_value, provider) => <TestConnectionButton provider={provider} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 120,
      align: 'right',
      render: (_value, provider) => (
        <Space size={0}>
          <Allowed permission="admin:providers">
            <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openDrawer(provider)}>
              {t('providers.edit')}
            </Button>
          </Allowed>
          <Popconfirm
            disabled={!canEdit}
            title={t('providers.deleteConfirmTitle', { name: provider.name })}
            description={t('providers.deleteConfirmText')}
            okText={t('providers.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              remove
                .mutateAsync({ path: { name: provider.name } })
                .then(() => message.success(t('providers.deleted', { name: provider.name })))
                .catch(onError)
            }
          >
            <span>
              <Allowed permission="admin:providers">
                <Button size="small" type="link" danger>
                  {t('providers.delete')}
                </Button>
              </Allowed>
            </span>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('providers.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('providers.subtitle')}</Typography.Text>
        </div>
        <Allowed permission="admin:providers">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)}>
            {t('providers.add')}
          </Button>
        </Allowed>
      </div>
      <Card>
        {providers.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : providers.isError ? (
          <LoadError error={providers.error} onRetry={providers.refetch} retrying={providers.isFetching} />
        ) : providers.data.length === 0 ? (
          <Empty
            className="empty-invite"
            image={<CloudServerOutlined className="empty-invite__icon" />}
            description={
              <div className="providers-empty">
                <Typography.Text strong>{t('providers.emptyTitle')}</Typography.Text>
                <ul>
                  <li>{t('providers.emptyLiteLLM')}</li>
                  <li>{t('providers.emptyOllama')}</li>
                  <li>{t('providers.emptyCompatible')}</li>
                  <li>{t('providers.emptyVendors')}</li>
                </ul>
              </div>
            }
          >
            <Allowed permission="admin:providers">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openDrawer(null)}>
                {t('providers.addFirst')}
              </Button>
            </Allowed>
          </Empty>
        ) : (
          <Table<ProviderResponseDto>
            rowKey="name"
            columns={columns}
            dataSource={providers.data}
            scroll={{ x: 1100 }}
            rowClassName={(provider) => (provider.enabled ? '' : 'row-disabled')}
            pagination={false}
          />
        )}
      </Card>
      <ProviderDrawer open={drawerOpen} provider={editing} onClose={() => setDrawerOpen(false)} />
    </div>
  );
}
