import { LockOutlined, MailOutlined } from '@ant-design/icons';
import type { LoginDto } from '@promptops/api-client';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { LanguageSwitch } from '../../../app/LanguageSwitch';
import { Logo } from '../../../app/Logo';
import { useI18n } from '../../../i18n/use-i18n';
import { useApplyFieldErrors } from '../../../lib/use-field-errors';
import { session } from '../../../lib/session';
import { useLogin } from '../hooks/use-login';
import { useSessionToken } from '../hooks/use-session';
import { useProblemText } from '../../../lib/use-problem-text';

/** Only same-site paths, so a crafted link cannot send the user elsewhere after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/prompts';
}

export function LoginPage() {
  const { t } = useI18n();
  const applyFieldErrors = useApplyFieldErrors();
  const problemText = useProblemText();
  const [form] = Form.useForm<LoginDto>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const token = useSessionToken();
  const login = useLogin();
  const [expired] = useState(session.isExpired);
  const next = safeNext(searchParams.get('next'));

  if (token) return <Navigate to={next} replace />;

  const onFinish = (values: LoginDto) =>
    login.mutate(
      { body: values },
      { onSuccess: () => navigate(next, { replace: true }), onError: (error) => applyFieldErrors(form, error) },
    );

  const failure = login.error ? problemText(login.error) : undefined;

  return (
    <div className="login-page">
      <div className="login-page__language">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <div className="login-card__brand">
          <Logo size={40} />
          <Typography.Title level={3}>{t('login.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {expired && !login.error && (
          <Alert className="login-card__alert" type="warning" showIcon message={t('login.sessionExpired')} />
        )}
        {failure && <Alert className="login-card__alert" type="error" showIcon message={failure} />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on">
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[{ required: true, type: 'email', message: t('login.emailRequired') }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
