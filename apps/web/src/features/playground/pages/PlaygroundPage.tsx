import { ExperimentOutlined } from '@ant-design/icons';
import { Card, Empty, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { VersionSelect } from '../../prompts/components/VersionSelect';
import { usePromptVersion } from '../../prompts/hooks/use-prompt-version';
import { usePromptVersions } from '../../prompts/hooks/use-prompt-versions';
import { usePrompts } from '../../prompts/hooks/use-prompts';
import { type Mode, Workbench } from '../components/Workbench';
import { LoadError } from '../../../components/LoadError';

function VersionPicker({ prompt, version, onChange }: { prompt: string; version?: number; onChange(v: number): void }) {
  const { t } = useI18n();
  const versions = usePromptVersions(prompt);
  return (
    <VersionSelect
      ariaLabel={t('preview.version')}
      versions={versions.data?.items}
      loading={versions.isPending}
      value={version}
      onChange={onChange}
    />
  );
}

function VersionWorkbench({
  prompt,
  version,
  mode,
  onModeChange,
}: {
  prompt: string;
  version: number;
  mode: Mode;
  onModeChange(m: Mode): void;
}) {
  const current = usePromptVersion(prompt, version);
  if (current.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (current.isError)
    return <LoadError error={current.error} onRetry={current.refetch} retrying={current.isFetching} />;
  return <Workbench key={`${prompt}@${version}`} version={current.data} mode={mode} onModeChange={onModeChange} />;
}

/** `?prompt=name&version=N` choose what runs, so a prompt page can link here with both preselected. */
export default function PlaygroundPage() {
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const [mode, setMode] = useState<Mode>('single');
  const prompts = usePrompts({ page: 1, pageSize: 100 });
  const promptName = searchParams.get('prompt') ?? undefined;
  const chosen = prompts.data?.items.find((p) => p.name === promptName);
  const version = Number(searchParams.get('version')) || chosen?.latestVersion || undefined;

  return (
    <div className="page playground">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('playground.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('playground.subtitle')}</Typography.Text>
        </div>
        <Segmented<Mode>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'single', label: t('playground.single') },
            { value: 'compare', label: t('playground.compare') },
          ]}
          data-testid="mode"
        />
      </div>
      <Card size="small" className="playground-picker">
        <Space wrap size="middle">
          <Space>
            <Typography.Text type="secondary">{t('playground.prompt')}</Typography.Text>
            <Select
              showSearch
              className="playground-picker__prompt"
              aria-label={t('playground.prompt')}
              placeholder={t('playground.choosePrompt')}
              loading={prompts.isPending}
              value={promptName}
              optionFilterProp="search"
              onChange={(name: string) => setSearchParams({ prompt: name }, { replace: true })}
              options={(prompts.data?.items ?? []).map((p) => ({
                value: p.name,
                search: `${p.name} ${p.displayName}`,
                label: (
                  <span>
                    <span className="mono">{p.name}</span>
                    {p.displayName !== p.name && <span className="muted"> · {p.displayName}</span>}
                  </span>
                ),
              }))}
            />
          </Space>
          {promptName && (
            <Space>
              <Typography.Text type="secondary">{t('preview.version')}</Typography.Text>
              <VersionPicker
                prompt={promptName}
                version={version}
                onChange={(v) => setSearchParams({ prompt: promptName, version: String(v) }, { replace: true })}
              />
              <Link to={`/prompts/${promptName}`}>{t('playground.openPrompt')}</Link>
            </Space>
          )}
        </Space>
      </Card>
      {!promptName ? (
        <Card>
          <Empty
            className="empty-invite"
            image={<ExperimentOutlined className="empty-invite__icon" />}
            description={t('playground.choosePromptInvite')}
          />
        </Card>
      ) : version === undefined ? (
        prompts.isPending ? (
          <Skeleton active />
        ) : (
          <Card>
            <Empty description={t('version.none')} />
          </Card>
        )
      ) : (
        <VersionWorkbench prompt={promptName} version={version} mode={mode} onModeChange={setMode} />
      )}
    </div>
  );
}
