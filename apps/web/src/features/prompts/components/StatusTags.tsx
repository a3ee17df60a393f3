import type { VersionStatus } from '@promptops/api-client';
import { Badge, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

const statusColors: Record<VersionStatus, string> = { draft: 'default', published: 'green', archived: 'orange' };

export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={statusColors[status]} bordered={false}>
      {t(`versionStatus.${status}`)}
    </Tag>
  );
}

export function LatestTag() {
  const { t } = useI18n();
  return (
    <Tag color="blue" bordered={false}>
      {t('version.latest')}
    </Tag>
  );
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  const { t } = useI18n();
  return <Badge status={enabled ? 'success' : 'default'} text={enabled ? t('prompt.enabled') : t('prompt.disabled')} />;
}
