import { BugOutlined, PlusOutlined } from '@ant-design/icons';
import type { UserDetailResponseDto } from '@promptops/api-client';
import { App, Badge, Button, Card, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCurrentUser } from '../../auth/hooks/use-current-user';
import { RoleTag } from '../components/RoleTag';
import { type IssuedPassword, TemporaryPasswordModal } from '../components/TemporaryPasswordModal';
import { UserFormModal } from '../components/UserFormModal';
import { useResetUserPassword } from '../hooks/use-reset-user-password';
import { useUpdateUser } from '../hooks/use-update-user';
import { useUsers } from '../hooks/use-users';
import { LoadError } from '../../../components/LoadError';

export function UsersPage() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const users = useUsers();
  const { data: me } = useCurrentUser();
  const update = useUpdateUser();
  const reset = useResetUserPassword();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserDetailResponseDto | undefined>();
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  const confirmToggle = (user: UserDetailResponseDto) => {
    const params = { email: user.email };
    modal.confirm({
      title: t(user.enabled ? 'users.disableConfirmTitle' : 'users.enableConfirmTitle', params),
      content: t(user.enabled ? 'users.disableConfirmText' : 'users.enableConfirmText'),
      okText: t(user.enabled ? 'users.disable' : 'users.enable'),
      okButtonProps: { danger: user.enabled },
      cancelText: t('common.cancel'),
      onOk: () =>
        update
          .mutateAsync({ path: { id: user.id }, body: { enabled: !user.enabled } })
          .then(() => message.success(t(user.enabled ? 'users.disabled' : 'users.enabled', params)))
          .catch(onError),
    });
  };

  const confirmReset = (user: UserDetailResponseDto) =>
    modal.confirm({
      title: t('users.resetConfirmTitle', { email: user.email }),
      content: t('users.resetConfirmText'),
      okText: t('users.resetPassword'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        reset
          .mutateAsync({ path: { id: user.id } })
          .then(
            (result) =>
              result.temporaryPassword && setIssued({ email: user.email, password: result.temporaryPassword }),
          )
          .catch(onError),
    });

  const columns: ColumnsType<UserDetailResponseDto> = [
    {
      title: t('users.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, user) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>
            {name} {user.id === me?.id && <Typography.Text type="secondary">({t('users.you')})</Typography.Text>}
          </Typography.Text>
          <Typography.Text type="secondary" className="small">
            {user.email}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('users.role'), dataIndex: 'role', width: 150, render: (_role, user) => <RoleTag role={user.role} /> },
    {
      title: t('users.externalId'),
      dataIndex: 'externalId',
      width: 160,
      ellipsis: true,
      render: (externalId: string | null) =>
        externalId ? <span className="mono">{externalId}</span> : <span className="muted">—</span>,
    },
    {
      title: t('users.status'),
      dataIndex: 'enabled',
      width: 110,
      render: (enabled: boolean) => (
        <Badge status={enabled ? 'success' : 'default'} text={t(enabled ? 'users.active' : 'users.inactive')} />
      ),
    },
    {
      title: t('users.debugUntil'),
      dataIndex: 'debugUntil',
      width: 150,
      render: (debugUntil: string | null) =>
        debugUntil && new Date(debugUntil) > new Date() ? (
          <Typography.Text type="warning">
            <BugOutlined /> {formatDate(debugUntil, 'short')}
          </Typography.Text>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: t('users.created'),
      dataIndex: 'createdAt',
      width: 140,
      responsive: ['lg'],
      render: (createdAt: string) => <span className="muted">{formatDate(createdAt, 'short')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 250,
      align: 'right',
      render: (_value, user) => {
        const self = user.id === me?.id;
        return (
          <Space size={0}>
            <Button size="small" type="link" onClick={() => setEditing(user)}>
              {t('users.edit')}
            </Button>
            <Button size="small" type="link" onClick={() => confirmReset(user)}>
              {t('users.resetPassword')}
            </Button>
            <Tooltip title={self ? t('users.cannotDisableSelf') : undefined}>
              <Button
                size="small"
                type="link"
                danger={user.enabled}
                disabled={self}
                onClick={() => confirmToggle(user)}
              >
                {t(user.enabled ? 'users.disable' : 'users.enable')}
              </Button>
            </Tooltip>
          </Space>
        );
      },
    },
  ];

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('users.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('users.subtitle')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      </div>
      <Card>
        {users.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : users.isError ? (
          <LoadError error={users.error} onRetry={users.refetch} retrying={users.isFetching} />
        ) : (
          <Table<UserDetailResponseDto>
            rowKey="id"
            columns={columns}
            dataSource={users.data.items}
            pagination={false}
            data-testid="users-table"
            rowClassName={(user) => (user.enabled ? '' : 'muted')}
          />
        )}
      </Card>
      <UserFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          message.success(t('users.createdToast', { email: created.email }));
          if (created.temporaryPassword) setIssued({ email: created.email, password: created.temporaryPassword });
        }}
      />
      <UserFormModal
        open={editing !== undefined}
        user={editing}
        isSelf={editing?.id === me?.id}
        onClose={() => setEditing(undefined)}
      />
      <TemporaryPasswordModal issued={issued} onClose={() => setIssued(null)} />
    </div>
  );
}
