import { PlusOutlined, RocketOutlined } from '@ant-design/icons';
import type { PromptDetailResponseDto } from '@promptops/api-client';
import { Button, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed } from '../../auth/components/Allowed';
import { EnvironmentModal } from '../../environments/components/EnvironmentModal';
import { useEnvironments } from '../../environments/hooks/use-environments';
import { usePromptVersions } from '../../prompts/hooks/use-prompt-versions';
import { useDeployments } from '../hooks/use-deployments';
import { EnvironmentCard } from './EnvironmentCard';
import { PromoteModal } from './PromoteModal';
import { LoadError } from '../../../components/LoadError';

/**
 * One card per environment: what it serves, how it got there, and how callers reach it. A flow
 * (`flow`) is deployed the same way; only its API snippets differ.
 */
export function DeploymentsTab({ prompt, flow = false }: { prompt: PromptDetailResponseDto; flow?: boolean }) {
  const { t } = useI18n();
  const deployments = useDeployments(prompt.name);
  const environments = useEnvironments();
  const versions = usePromptVersions(prompt.name);
  const [adding, setAdding] = useState(false);
  const [promoting, setPromoting] = useState(false);

  const byName = new Map((environments.data ?? []).map((env) => [env.name, env]));
  // One click takes what staging serves to prod, once it differs from what prod serves.
  const staging = deployments.data?.find((d) => d.environment === 'staging');
  const prod = deployments.data?.find((d) => d.environment === 'prod');
  const promotable = staging && prod && staging.version !== null && staging.version !== prod.version;

  return (
    <div className="deployments-tab">
      <div className="toolbar">
        <Typography.Text type="secondary">{t('deploy.intro')}</Typography.Text>
        <Space wrap>
          {promotable && (
            <Allowed permission="prompt:publish">
              <Button type="primary" icon={<RocketOutlined />} onClick={() => setPromoting(true)}>
                {t('promote.button', { version: staging.version!, from: 'staging', to: 'prod' })}
              </Button>
            </Allowed>
          )}
          <Allowed permission="prompt:publish">
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('env.add')}
            </Button>
          </Allowed>
        </Space>
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
              flow={flow}
            />
          ))}
        </div>
      )}
      <EnvironmentModal open={adding} onClose={() => setAdding(false)} />
      {staging && prod && (
        <PromoteModal
          prompt={prompt.name}
          from={staging}
          to={prod}
          open={promoting}
          onClose={() => setPromoting(false)}
        />
      )}
    </div>
  );
}
