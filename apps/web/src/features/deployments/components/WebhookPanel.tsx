import { ApiOutlined, DeleteOutlined, ReloadOutlined } from '@ant-design/icons';
import type { DeploymentResponseDto, PromptDetailResponseDto } from '@promptops/api-client';
import { App, Button, Segmented, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { CodeBlock } from '../../../components/CodeBlock';
import { CopyField } from '../../../components/CopyField';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { usePromptVersion } from '../../prompts/hooks/use-prompt-version';
import { useDisableWebhook } from '../hooks/use-disable-webhook';
import { useRotateWebhookSecret } from '../hooks/use-rotate-webhook-secret';
import { useUpdateWebhook } from '../hooks/use-update-webhook';
import { curlForm, curlJson, exampleVariables, withRenderMode } from '../snippets';

type Guide = 'json' | 'form' | 'zapier' | 'make';

interface WebhookPanelProps {
  prompt: PromptDetailResponseDto;
  deployment: DeploymentResponseDto;
}

/** The no-code door to a deployment: a secret URL for Zapier, Make or plain curl. */
export function WebhookPanel({ prompt, deployment }: WebhookPanelProps) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const rotate = useRotateWebhookSecret();
  const disable = useDisableWebhook();
  const update = useUpdateWebhook();
  const [guide, setGuide] = useState<Guide>('json');
  const version = usePromptVersion(prompt.name, deployment.version ?? undefined);

  const env = deployment.environment;
  const path = { path: { name: prompt.name, environment: env } };

  if (deployment.version === null) {
    return (
      <Typography.Text type="secondary" className="small">
        {t('webhook.deployFirst')}
      </Typography.Text>
    );
  }

  const create = () =>
    rotate
      .mutateAsync(path)
      .then(() => message.success(t('webhook.created')))
      .catch(onError);

  if (!deployment.webhook) {
    return (
      <div className="webhook-panel webhook-panel--empty">
        <Typography.Paragraph type="secondary">{t('webhook.intro', { env })}</Typography.Paragraph>
        <Allowed permission="prompt:publish">
          <Button icon={<ApiOutlined />} onClick={create} loading={rotate.isPending} disabled={!prompt.enabled}>
            {t('webhook.create')}
          </Button>
        </Allowed>
      </div>
    );
  }

  const { url, createdAt, servesDebugDrafts } = deployment.webhook;
  // The URL holds the secret: the API shows it only to users who may rotate it.
  if (url === null) {
    return (
      <div className="webhook-panel" data-testid="webhook-hidden">
        <Typography.Paragraph>{t('webhook.exists', { env })}</Typography.Paragraph>
        <Typography.Text type="secondary" className="small">
          {t('webhook.createdAt', { date: formatDate(createdAt) })} · {t('webhook.urlHidden')}
        </Typography.Text>
      </div>
    );
  }

  const variables = exampleVariables(version.data);
  const names = Object.keys(variables);

  const setServesDebugDrafts = (checked: boolean) =>
    update
      .mutateAsync({ ...path, body: { servesDebugDrafts: checked } })
      .then(() => message.success(t(checked ? 'webhook.debugDraftsOn' : 'webhook.debugDraftsOff')))
      .catch(onError);

  const confirmRotate = () =>
    modal.confirm({
      title: t('webhook.rotateConfirmTitle'),
      content: t('webhook.rotateConfirmText'),
      okText: t('webhook.rotate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        rotate
          .mutateAsync(path)
          .then(() => message.success(t('webhook.rotated')))
          .catch(onError),
    });
  const confirmDisable = () =>
    modal.confirm({
      title: t('webhook.disableConfirmTitle'),
      content: t('webhook.disableConfirmText'),
      okText: t('webhook.disable'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        disable
          .mutateAsync(path)
          .then(() => message.success(t('webhook.disabled')))
          .catch(onError),
    });

  return (
    <div className="webhook-panel">
      <div className="webhook-panel__url">
        <CopyField value={url} ariaLabel={t('webhook.url')} testId="webhook-url" />
        <Space>
          <Allowed permission="prompt:publish">
            <Button icon={<ReloadOutlined />} onClick={confirmRotate} loading={rotate.isPending}>
              {t('webhook.rotate')}
            </Button>
          </Allowed>
          <Allowed permission="prompt:publish">
            <Button danger icon={<DeleteOutlined />} onClick={confirmDisable} loading={disable.isPending}>
              {t('webhook.disable')}
            </Button>
          </Allowed>
        </Space>
      </div>
      <Typography.Text type="secondary" className="small">
        {t('webhook.createdAt', { date: formatDate(createdAt) })} · {t('webhook.secretWarning')}
      </Typography.Text>
      <Space size="small">
        <Allowed permission="prompt:publish">
          <Switch
            size="small"
            checked={servesDebugDrafts}
            loading={update.isPending}
            onChange={setServesDebugDrafts}
            aria-label={t('webhook.debugDrafts')}
            data-testid="webhook-debug-drafts"
          />
        </Allowed>
        <Typography.Text className="small">{t('webhook.debugDrafts')}</Typography.Text>
        <Typography.Text type="secondary" className="small">
          {t('webhook.debugDraftsHelp')}
        </Typography.Text>
      </Space>
      <Segmented<Guide>
        className="webhook-panel__guides"
        size="small"
        value={guide}
        onChange={setGuide}
        options={[
          { value: 'json', label: t('webhook.curlJson') },
          { value: 'form', label: t('webhook.curlForm') },
          { value: 'zapier', label: 'Zapier' },
          { value: 'make', label: 'Make' },
        ]}
      />
      {guide === 'json' && <CodeBlock code={curlJson(withRenderMode(url), variables)} testId="curl-json" />}
      {guide === 'form' && <CodeBlock code={curlForm(withRenderMode(url), variables)} testId="curl-form" />}
      {guide === 'zapier' && (
        <ol className="guide-steps">
          <li>{t('webhook.zapier1')}</li>
          <li>{t('webhook.zapier2')}</li>
          <li>{t('webhook.zapier3')}</li>
          <li>{t('webhook.fields', { names: names.join(', ') || '—' })}</li>
          <li>{t('webhook.zapier5')}</li>
        </ol>
      )}
      {guide === 'make' && (
        <ol className="guide-steps">
          <li>{t('webhook.make1')}</li>
          <li>{t('webhook.make2')}</li>
          <li>{t('webhook.make3')}</li>
          <li>{t('webhook.fields', { names: names.join(', ') || '—' })}</li>
          <li>{t('webhook.make5')}</li>
        </ol>
      )}
      <Typography.Text type="secondary" className="small">
        {t('webhook.modeHint')}
      </Typography.Text>
    </div>
  );
}
