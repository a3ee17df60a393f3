import type { PromptDetailResponseDto } from '@promptops/api-client';
import { Empty, Skeleton, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { usePromptVersion } from '../hooks/use-prompt-version';
import { usePromptVersions } from '../hooks/use-prompt-versions';
import { VersionPreview } from './VersionPreview';
import { VersionSelect } from './VersionSelect';
import { LoadError } from '../../../components/LoadError';

/** Renders `?version=N` (the latest by default) with a form generated from its variables. */
export function PreviewTab({ prompt }: { prompt: PromptDetailResponseDto }) {
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const versions = usePromptVersions(prompt.name);
  const version = Number(searchParams.get('version')) || prompt.latestVersion || undefined;
  const current = usePromptVersion(prompt.name, version);

  if (version === undefined) return <Empty description={t('version.none')} />;

  return (
    <div className="preview-tab">
      <div className="toolbar">
        <Space>
          <Typography.Text type="secondary">{t('preview.version')}</Typography.Text>
          <VersionSelect
            ariaLabel={t('preview.version')}
            versions={versions.data?.items}
            loading={versions.isPending}
            value={version}
            onChange={(next) => setSearchParams({ version: String(next) }, { replace: true })}
          />
        </Space>
      </div>
      {current.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : current.isError ? (
        <LoadError error={current.error} onRetry={current.refetch} retrying={current.isFetching} />
      ) : (
        <VersionPreview key={version} version={current.data} />
      )}
    </div>
  );
}
