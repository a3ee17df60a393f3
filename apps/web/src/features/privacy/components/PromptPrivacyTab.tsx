import type { FormInstance } from 'antd';
import { Alert, App, Card, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCan } from '../../auth';
import { useEnvironments } from '../../environments';
import { useEffectivePrivacyPolicy } from '../hooks/use-effective-privacy-policy';
import { usePromptPrivacyPolicy } from '../hooks/use-prompt-privacy-policy';
import { usePutPromptPrivacyPolicy } from '../hooks/use-put-prompt-privacy-policy';
import { EffectivePolicy } from './EffectivePolicy';
import { PolicyEditor } from './PolicyEditor';

/** The prompt's Privacy tab: its own policy, and what applies to its runs from each environment. */
export function PromptPrivacyTab({ name }: { name: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const canEdit = useCan('prompt:publish');
  const policy = usePromptPrivacyPolicy(name);
  const put = usePutPromptPrivacyPolicy(name);
  const environments = useEnvironments();
  const [environment, setEnvironment] = useState<string | undefined>(undefined);
  const effective = useEffectivePrivacyPolicy(name, environment);

  const save = (body: Parameters<typeof put.mutate>[0]['body'], form: FormInstance) =>
    put.mutate(
      { path: { name }, body },
      { onSuccess: () => message.success(t('privacy.saved')), onError: (error) => onError(error, form) },
    );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="prompt-privacy">
      <Alert type="info" showIcon message={t('privacy.promptIntro')} />
      <Card size="small" title={t('privacy.promptPolicy')}>
        {policy.data ? (
          <PolicyEditor
            key={policy.data.updatedAt ?? 'new'}
            policy={policy.data}
            inherits
            canEdit={canEdit}
            saving={put.isPending}
            onSave={save}
          />
        ) : (
          <Skeleton active />
        )}
      </Card>
      <Card
        size="small"
        title={t('privacy.effective')}
        extra={
          <Select
            allowClear
            style={{ width: 220 }}
            value={environment}
            onChange={setEnvironment}
            placeholder={t('privacy.noEnvironment')}
            options={(environments.data ?? []).map((env) => ({ value: env.name, label: env.name }))}
            data-testid="privacy-effective-environment"
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('privacy.effectiveHelp')}</Typography.Paragraph>
        {effective.data ? <EffectivePolicy policy={effective.data} /> : <Skeleton active />}
      </Card>
    </Space>
  );
}
