import { KeyOutlined } from '@ant-design/icons';
import type { RunSummaryDto } from '@promptops/api-client';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

/** The environment a run was served from and the API key it was made with, when it has them. */
export function RunServedFrom({
  run,
}: {
  run: Pick<RunSummaryDto, 'environment' | 'apiKeyName'> & Partial<Pick<RunSummaryDto, 'rolloutVariant'>>;
}) {
  const { t } = useI18n();
  return (
    <>
      {run.environment && (
        <Tooltip title={t('run.environment')}>
          <Tag bordered={false} color="blue" className="mono" data-testid="run-environment">
            {run.environment}
          </Tag>
        </Tooltip>
      )}
      {run.rolloutVariant && (
        <Tooltip title={t('run.rolloutVariant')}>
          <Tag
            bordered={false}
            color={run.rolloutVariant === 'baseline' ? 'default' : 'purple'}
            data-testid="run-rollout-variant"
          >
            {run.rolloutVariant}
          </Tag>
        </Tooltip>
      )}
      {run.apiKeyName && (
        <Tooltip title={t('run.apiKey')}>
          <Tag bordered={false} icon={<KeyOutlined />} data-testid="run-api-key">
            {run.apiKeyName}
          </Tag>
        </Tooltip>
      )}
    </>
  );
}
