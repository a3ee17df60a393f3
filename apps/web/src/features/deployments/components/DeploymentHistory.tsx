import { CloudUploadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Skeleton, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useDeploymentHistory } from '../hooks/use-deployment-history';
import { LoadError } from '../../../components/LoadError';

const FIRST_ENTRIES = 4;

export function DeploymentHistory({ prompt, environment }: { prompt: string; environment: string }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const history = useDeploymentHistory(prompt, environment);
  const [showAll, setShowAll] = useState(false);

  if (history.isPending) return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  if (history.isError)
    return <LoadError compact error={history.error} onRetry={history.refetch} retrying={history.isFetching} />;
  if (history.data.length === 0) {
    return (
      <Typography.Text type="secondary" className="small">
        {t('deploy.noHistory')}
      </Typography.Text>
    );
  }

  const entries = showAll ? history.data : history.data.slice(0, FIRST_ENTRIES);
  return (
    <div className="deployment-history" data-testid="deployment-history">
      <Timeline
        items={entries.map((entry, i) => ({
          key: `${entry.createdAt}-${i}`,
          color: entry.action === 'rollback' ? 'orange' : i === 0 ? 'green' : 'gray',
          dot: entry.action === 'rollback' ? <RollbackOutlined /> : <CloudUploadOutlined />,
          children: (
            <div className="history-entry">
              <div>
                <Typography.Text strong>
                  {entry.action === 'rollback' ? t('deploy.actionRollback') : t('deploy.actionDeploy')}
                </Typography.Text>{' '}
                <span className="version-number">
                  {entry.fromVersion === null ? '' : `v${entry.fromVersion} → `}v{entry.toVersion}
                </span>
              </div>
              <Typography.Text type="secondary" className="small">
                {entry.actor ?? '—'} · {formatDate(entry.createdAt, 'short')}
              </Typography.Text>
              {entry.note && <div className="history-entry__note">{entry.note}</div>}
            </div>
          ),
        }))}
      />
      {history.data.length > FIRST_ENTRIES && (
        <Button type="link" size="small" onClick={() => setShowAll(!showAll)}>
          {showAll ? t('deploy.showLess') : t('deploy.showAll', { count: history.data.length })}
        </Button>
      )}
    </div>
  );
}
