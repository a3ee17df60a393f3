import type { FormInstance } from 'antd';
import { Alert, App, Card, Skeleton, Tabs, Typography } from 'antd';
import type { PutPrivacyPolicyDto } from '@promptops/api-client';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCan } from '../../auth';
import { useEnvironments } from '../../environments';
import { PolicyEditor } from '../components/PolicyEditor';
import { useDefaultPrivacyPolicy } from '../hooks/use-default-privacy-policy';
import { useEnvironmentPrivacyPolicy } from '../hooks/use-environment-privacy-policy';
import { usePutDefaultPrivacyPolicy } from '../hooks/use-put-default-privacy-policy';
import { usePutEnvironmentPrivacyPolicy } from '../hooks/use-put-environment-privacy-policy';

/** Admins: the instance default redaction policy and each environment's. */
export function PrivacyPage() {
  const { t } = useI18n();
  const environments = useEnvironments();
  return (
    <div className="page">
      <Typography.Title level={3}>{t('privacy.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('privacy.pageIntro')} style={{ marginBottom: 16 }} />
      <Tabs
        items={[
          { key: 'default', label: t('privacy.level.default'), children: <DefaultPolicy /> },
          ...(environments.data ?? []).map((env) => ({
            key: `env-${env.name}`,
            label: env.name,
            children: <EnvironmentPolicy environment={env.name} />,
          })),
        ]}
      />
    </div>
  );
}

function useSaved() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  return {
    onSuccess: () => message.success(t('privacy.saved')),
    onError,
  };
}

function DefaultPolicy() {
  const { t } = useI18n();
  const policy = useDefaultPrivacyPolicy();
  const put = usePutDefaultPrivacyPolicy();
  const canEdit = useCan('admin:providers');
  const saved = useSaved();
  const save = (body: PutPrivacyPolicyDto, form: FormInstance) =>
    put.mutate({ body }, { onSuccess: saved.onSuccess, onError: (error) => saved.onError(error, form) });
  return (
    <Card size="small" title={t('privacy.defaultPolicy')}>
      {policy.data ? (
        <PolicyEditor
          key={policy.data.updatedAt ?? 'new'}
          policy={policy.data}
          inherits={false}
          canEdit={canEdit}
          saving={put.isPending}
          onSave={save}
          testId="privacy-default"
        />
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}

function EnvironmentPolicy({ environment }: { environment: string }) {
  const { t } = useI18n();
  const policy = useEnvironmentPrivacyPolicy(environment);
  const put = usePutEnvironmentPrivacyPolicy();
  const canEdit = useCan('admin:providers');
  const saved = useSaved();
  const save = (body: PutPrivacyPolicyDto, form: FormInstance) =>
    put.mutate(
      { path: { environment }, body },
      { onSuccess: saved.onSuccess, onError: (error) => saved.onError(error, form) },
    );
  return (
    <Card size="small" title={t('privacy.environmentPolicy', { environment })}>
      {policy.data ? (
        <PolicyEditor
          key={policy.data.updatedAt ?? 'new'}
          policy={policy.data}
          inherits
          canEdit={canEdit}
          saving={put.isPending}
          onSave={save}
          testId={`privacy-env-${environment}`}
        />
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
