import { CheckCircleFilled, CloseOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiKeys } from '../../api-keys';
import { useAuditEntries } from '../../audit';
import { useProviders } from '../../providers';
import { useRuns } from '../../runs';
import { useI18n } from '../../../i18n/use-i18n';

const HIDDEN_KEY = 'promptops.firstRunHidden';

interface Step {
  key: string;
  done: boolean;
  label: string;
  action: ReactNode;
}

/**
 * The four steps from an empty install to a served prompt, shown to an administrator on the prompt
 * list until all are done (or hidden): each is read from the data, not ticked by hand.
 */
export function FirstRunChecklist() {
  const { t } = useI18n();
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === 'true');
  const providers = useProviders();
  const keys = useApiKeys();
  const deployments = useAuditEntries({ action: 'deployment.', page: 1, pageSize: 1 });
  const apiRuns = useRuns({ source: 'api', page: 1, pageSize: 1 });
  const webhookRuns = useRuns({ source: 'webhook', page: 1, pageSize: 1 });

  const loaded = [providers, keys, deployments, apiRuns, webhookRuns].every((q) => q.isSuccess);
  if (hidden || !loaded) return null;

  const steps: Step[] = [
    {
      key: 'provider',
      done: (providers.data?.length ?? 0) > 0,
      label: t('firstRun.provider'),
      action: <Link to="/providers">{t('firstRun.providerAction')}</Link>,
    },
    {
      key: 'key',
      done: (keys.data?.length ?? 0) > 0,
      label: t('firstRun.apiKey'),
      action: <Link to="/api-keys">{t('firstRun.apiKeyAction')}</Link>,
    },
    {
      key: 'deploy',
      done: (deployments.data?.total ?? 0) > 0,
      label: t('firstRun.deploy'),
      action: <span className="muted">{t('firstRun.deployAction')}</span>,
    },
    {
      key: 'call',
      done: (apiRuns.data?.total ?? 0) + (webhookRuns.data?.total ?? 0) > 0,
      label: t('firstRun.call'),
      action: <span className="muted">{t('firstRun.callAction')}</span>,
    },
  ];
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length) return null;

  const hide = () => {
    localStorage.setItem(HIDDEN_KEY, 'true');
    setHidden(true);
  };

  return (
    <Card
      size="small"
      className="first-run"
      data-testid="first-run"
      title={
        <span className="first-run__title">
          <Progress type="circle" size={22} percent={(done / steps.length) * 100} showInfo={false} />
          {t('firstRun.title', { done, total: steps.length })}
        </span>
      }
      extra={
        <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('firstRun.hide')} onClick={hide} />
      }
    >
      <ol className="first-run__steps">
        {steps.map((step) => (
          <li key={step.key} className={step.done ? 'is-done' : undefined} data-done={step.done}>
            {step.done ? <CheckCircleFilled className="first-run__check" /> : <span className="first-run__dot" />}
            <Typography.Text delete={step.done} type={step.done ? 'secondary' : undefined}>
              {step.label}
            </Typography.Text>
            {!step.done && <span className="first-run__action">{step.action}</span>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
