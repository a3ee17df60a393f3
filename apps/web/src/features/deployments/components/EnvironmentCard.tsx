import {
  CloudUploadOutlined,
  EditOutlined,
  ExperimentOutlined,
  LockOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import type {
  DeploymentResponseDto,
  EnvironmentResponseDto,
  PromptDetailResponseDto,
  VersionSummaryDto,
} from '@promptops/api-client';
import { App, Button, Card, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { LatestTag, VersionStatusTag } from '../../prompts/components/StatusTags';
import { useActiveRollout } from '../hooks/use-active-rollout';
import { useRollbackDeployment } from '../hooks/use-rollback-deployment';
import { EnvironmentModal } from '../../environments/components/EnvironmentModal';
import { environmentDescription } from '../../environments/environment-description';
import { DeploymentHistory } from './DeploymentHistory';
import { DeployModal } from './DeployModal';
import { RenderApiPanel } from './RenderApiPanel';
import { RolloutHistory } from './RolloutHistory';
import { RolloutPanel } from './RolloutPanel';
import { StartRolloutModal } from './StartRolloutModal';
import { WebhookPanel } from './WebhookPanel';

interface EnvironmentCardProps {
  prompt: PromptDetailResponseDto;
  deployment: DeploymentResponseDto;
  /** The environment itself (description, protection), once loaded. */
  environment?: EnvironmentResponseDto;
  versions: VersionSummaryDto[];
  /** The entry is a flow: its snippets call `/api/v1/flows/{name}/execute`. */
  flow?: boolean;
}

export function EnvironmentCard({ prompt, deployment, environment, versions, flow }: EnvironmentCardProps) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const rollback = useRollbackDeployment();
  const [deploying, setDeploying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [startingRollout, setStartingRollout] = useState(false);
  const activeRollout = useActiveRollout(prompt.name, deployment.environment);
  const rollout = activeRollout.data?.rollout ?? null;
  const description = environment ? environmentDescription(environment, t) : null;

  const env = deployment.environment;
  const active = versions.find((v) => v.version === deployment.version);
  const params = { env, from: deployment.version ?? '', to: deployment.previousVersion ?? '' };
  // Protected environments (prod) take the publish permission; the others only edit.
  const deployPermission = deployment.isProtected ? 'prompt:publish' : 'prompt:edit';

  const confirmRollback = () =>
    modal.confirm({
      title: t('deploy.rollbackConfirmTitle', params),
      content: t('deploy.rollbackConfirmText', params),
      okText: t('deploy.rollback'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        rollback
          .mutateAsync({ path: { name: prompt.name, environment: env }, body: {} })
          .then(() => message.success(t('deploy.rolledBack', params)))
          .catch(onError),
    });

  return (
    <Card
      className="env-card"
      data-testid={`env-card-${env}`}
      title={
        <div className="env-card__title">
          <Space size={8} align="center">
            <span className="env-card__name">{env}</span>
            {environment && (
              <Allowed permission="prompt:publish" hint={t('env.edit')}>
                <Button
                  type="text"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('env.edit')}
                  onClick={() => setEditing(true)}
                />
              </Allowed>
            )}
            {deployment.isProtected && (
              <Tooltip title={t('env.protectedHelp')}>
                <Tag icon={<LockOutlined />} color="gold" bordered={false}>
                  {t('env.protected')}
                </Tag>
              </Tooltip>
            )}
          </Space>
          {description && (
            <Typography.Text type="secondary" className="env-card__description" ellipsis={{ tooltip: description }}>
              {description}
            </Typography.Text>
          )}
        </div>
      }
      extra={
        <Space>
          <Allowed
            permission={deployPermission}
            hint={deployment.previousVersion === null ? t('deploy.nothingToRollBack') : undefined}
          >
            <Button
              icon={<RollbackOutlined />}
              disabled={deployment.previousVersion === null || !prompt.enabled}
              loading={rollback.isPending}
              onClick={confirmRollback}
            >
              {deployment.previousVersion === null
                ? t('deploy.rollback')
                : t('deploy.rollbackTo', { to: deployment.previousVersion })}
            </Button>
          </Allowed>
          {deployment.version !== null && !rollout && (
            <Allowed permission="prompt:publish">
              <Button
                icon={<ExperimentOutlined />}
                disabled={!prompt.enabled || activeRollout.isPending}
                onClick={() => setStartingRollout(true)}
                data-testid={`start-rollout-${env}`}
              >
                {t('rollout.startButton')}
              </Button>
            </Allowed>
          )}
          <Allowed permission={deployPermission}>
            <Button
              type="primary"
              icon={<CloudUploadOutlined />}
              onClick={() => setDeploying(true)}
              disabled={!prompt.enabled || versions.length === 0}
            >
              {t('deploy.deploy')}
            </Button>
          </Allowed>
        </Space>
      }
    >
      <div className="env-card__body">
        <div className="env-card__status" data-testid="active-version">
          <Typography.Text type="secondary" className="small env-card__label">
            {t('deploy.active')}
          </Typography.Text>
          {deployment.version === null ? (
            <div className="env-card__empty">
              <Typography.Text strong>{t('deploy.nothingDeployed')}</Typography.Text>
              <Typography.Text type="secondary" className="small">
                {t('deploy.nothingDeployedHelp', { env })}
              </Typography.Text>
            </div>
          ) : (
            <>
              <Space size={6} align="center" wrap>
                <span className="env-card__version">v{deployment.version}</span>
                {active && <VersionStatusTag status={active.status} />}
                {active?.isLatest && <LatestTag />}
              </Space>
              {active?.comment && (
                <Typography.Text type="secondary" ellipsis={{ tooltip: active.comment }}>
                  {active.comment}
                </Typography.Text>
              )}
              <dl className="env-card__facts">
                <dt>{t('deploy.deployedBy')}</dt>
                <dd>{deployment.deployedBy ?? '—'}</dd>
                <dt>{t('deploy.deployedAt')}</dt>
                <dd>{deployment.deployedAt ? formatDate(deployment.deployedAt) : '—'}</dd>
                {deployment.previousVersion !== null && (
                  <>
                    <dt>{t('deploy.previous')}</dt>
                    <dd className="version-number">v{deployment.previousVersion}</dd>
                  </>
                )}
              </dl>
              {deployment.note && <blockquote className="env-card__note">{deployment.note}</blockquote>}
            </>
          )}
        </div>
        <div className="env-card__details">
          <Tabs
            size="small"
            items={[
              {
                key: 'history',
                label: t('deploy.history'),
                children: <DeploymentHistory prompt={prompt.name} environment={env} />,
              },
              {
                key: 'webhook',
                label: (
                  <Space size={4}>
                    {t('webhook.title')}
                    {deployment.webhook && <span className="dot dot--on" aria-hidden />}
                  </Space>
                ),
                children: <WebhookPanel prompt={prompt} deployment={deployment} />,
              },
              {
                key: 'rollouts',
                label: t('rollout.historyTab'),
                children: <RolloutHistory prompt={prompt.name} environment={env} />,
              },
              {
                key: 'api',
                label: t(flow ? 'renderApi.flowTitle' : 'renderApi.title'),
                children: <RenderApiPanel prompt={prompt.name} deployment={deployment} flow={flow} />,
              },
            ]}
          />
        </div>
      </div>
      {rollout && <RolloutPanel prompt={prompt.name} rollout={rollout} />}
      <StartRolloutModal
        open={startingRollout}
        onClose={() => setStartingRollout(false)}
        prompt={prompt.name}
        deployment={deployment}
        versions={versions}
      />
      <DeployModal
        open={deploying}
        onClose={() => setDeploying(false)}
        prompt={prompt.name}
        deployment={deployment}
        versions={versions}
      />
      <EnvironmentModal open={editing} onClose={() => setEditing(false)} environment={environment} />
    </Card>
  );
}
