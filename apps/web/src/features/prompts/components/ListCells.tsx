import type { PromptListItemDto, VersionStatus } from '@promptops/api-client';
import { Space, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { VersionStatusTag } from './StatusTags';

const ENVIRONMENT_COLORS: Record<string, string> = { prod: 'green', staging: 'gold', dev: 'blue' };

/** Which version each environment serves, as the prompt and flow lists show it. */
export function ServedVersions({ deployments }: { deployments: PromptListItemDto['deployments'] }) {
  const { t } = useI18n();
  if (!deployments.length) return <span className="muted">{t('prompts.notServed')}</span>;
  return (
    <Space size={[4, 4]} wrap className="served-versions" data-testid="served-versions">
      {deployments.map((d) => (
        <Tag
          key={d.environment}
          bordered={false}
          color={ENVIRONMENT_COLORS[d.environment]}
          title={t('prompts.servingTitle', { environment: d.environment, version: d.version })}
        >
          {d.environment} v{d.version}
        </Tag>
      ))}
    </Space>
  );
}

/** The latest version's number and status. */
export function LatestVersion({ version, status }: { version: number | null; status: VersionStatus | null }) {
  if (version === null) return <span className="muted">—</span>;
  return (
    <Space size={6}>
      <span className="version-number">v{version}</span>
      {status && <VersionStatusTag status={status} />}
    </Space>
  );
}
