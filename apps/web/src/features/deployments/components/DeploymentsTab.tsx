import { PlusOutlined } from '@ant-design/icons';
import type { PromptDetailResponseDto } from '@promptops/api-client';
import { Button, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed } from '../../auth/components/Allowed';
import { EnvironmentModal } from '../../environments/components/EnvironmentModal';
import { useEnvironments } from '../../environments/hooks/use-environments';
import { usePromptVersions } from '../../prompts/hooks/use-prompt-versions';
import { useDeployments } from '../hooks/use-deployments';
import { EnvironmentCard } from './EnvironmentCard';
import { LoadError } from '../../../components/LoadError';

/** One card per environment: what it serves, how it got there, and how callers reach it. */
export function DeploymentsTab({ prompt }: { prompt: PromptDetailResponseDto }) {
  const { t } = useI18n();
  const deployments = useDeployments(prompt.name);
  const environments = useEnvironments();
  const versions = usePromptVersions(prompt.name);
  const [adding, setAdding] = useState(false);

  const byName = new Map((environments.data ?? []).map((env) => [env.name, env]));

  return (
    <div className="deployments-tab">
      <div className="toolbar">
        <Typography.Text type="secondary">{t('deploy.intro')}</Typography.Text>
        <Allowed permission="prompt:publish">
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('env.add')}
          </Button>
        </Allowed>
      </div>
      {deployments.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : deployments.isError ? (
        <LoadError error={deployments.error} onRetry={deployments.refetch} retrying={deployments.isFetching} />
      ) : (
        <div className="env-cards">
          {deployments.data.map((deployment) => (
            <EnvironmentCard
              key={deployment.environment}
              prompt={prompt}
              deployment={deployment}
              environment={byName.get(deployment.environment)}
              versions={versions.data?.items ?? []}
            />
          ))}
        </div>
      )}
      <EnvironmentModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
