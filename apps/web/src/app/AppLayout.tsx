import { DownOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { DebugModeBanner } from '../features/auth/components/DebugModeBanner';
import { DebugModeSwitch } from '../features/auth/components/DebugModeSwitch';
import { useCurrentUser } from '../features/auth/hooks/use-current-user';
import { useSignOut } from '../features/auth/hooks/use-sign-out';
import { ChangePasswordModal } from '../features/users/components/ChangePasswordModal';
import { useI18n } from '../i18n/use-i18n';
import { hasPermission } from '../lib/permissions';
import { CommandPalette } from './CommandPalette';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';
import { PageSkeleton } from './PageSkeleton';
import { menuRoutes } from './routes';

export function AppLayout() {
  const { t } = useI18n();
  const location = useLocation();
  const { data: user } = useCurrentUser();
  const signOut = useSignOut();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);

  const selected = menuRoutes.find((route) => location.pathname.startsWith(`/${route.path}`));
  const items = menuRoutes
    .filter((route) => !route.menu.permission || hasPermission(user, route.menu.permission))
    .map((route) => ({
      key: route.path,
      icon: route.menu.icon,
      label: <Link to={`/${route.path}`}>{t(route.menu.label)}</Link>,
    }));

  return (
    <Layout className="app-layout">
      <Layout.Sider
        theme="light"
        width={208}
        // Collapses on a 1024 px laptop screen, so tables keep their width.
        breakpoint="xl"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        className="app-layout__sider"
      >
        <Link to="/prompts" className="app-layout__brand">
          <Logo />
          {!collapsed && <span>PromptOps</span>}
        </Link>
        <Menu mode="inline" selectedKeys={selected ? [selected.path] : []} items={items} />
      </Layout.Sider>
      <Layout>
        <DebugModeBanner />
        <Layout.Header className="app-layout__header">
          <Space size="middle">
            <DebugModeSwitch />
            <LanguageSwitch />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'who',
                    disabled: true,
                    label: (
                      <div className="user-menu__who">
                        <Typography.Text strong>{user?.name}</Typography.Text>
                        <Typography.Text type="secondary">{user?.email}</Typography.Text>
                        {user && <Typography.Text type="secondary">{t(`role.${user.role}`)}</Typography.Text>}
                      </div>
                    ),
                  },
                  { type: 'divider' },
                  {
                    key: 'change-password',
                    icon: <LockOutlined />,
                    label: t('layout.changePassword'),
                    onClick: () => setChangingPassword(true),
                  },
                  { key: 'sign-out', icon: <LogoutOutlined />, label: t('layout.signOut'), onClick: signOut },
                ],
              }}
            >
              <button type="button" className="user-menu__trigger" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} className="user-menu__avatar" />
                <span>{user?.name ?? user?.email ?? '…'}</span>
                <DownOutlined className="user-menu__caret" />
              </button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-layout__content">
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
      <CommandPalette />
    </Layout>
  );
}
