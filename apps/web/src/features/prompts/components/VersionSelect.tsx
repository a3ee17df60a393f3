import type { VersionSummaryDto } from '@promptops/api-client';
import { Select } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

interface VersionSelectProps {
  versions: VersionSummaryDto[] | undefined;
  value: number | undefined;
  onChange(version: number): void;
  ariaLabel: string;
  loading?: boolean;
}

export function VersionSelect({ versions, value, onChange, ariaLabel, loading }: VersionSelectProps) {
  const { t } = useI18n();
  return (
    <Select<number>
      className="version-select"
      aria-label={ariaLabel}
      value={value}
      onChange={onChange}
      loading={loading}
      popupMatchSelectWidth={false}
      options={(versions ?? []).map((v) => ({
        value: v.version,
        label: [`v${v.version}`, t(`versionStatus.${v.status}`), v.isLatest ? t('version.latest') : null]
          .filter(Boolean)
          .join(' · '),
      }))}
    />
  );
}
