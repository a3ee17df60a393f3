import type { PromptDetailResponseDto } from '@promptops/api-client';
import { Empty, Skeleton } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { usePromptVersion } from '../hooks/use-prompt-version';
import { VersionEditor } from './VersionEditor';
import { BuilderVersionEditor } from '../builder/BuilderVersionEditor';
import { LoadError } from '../../../components/LoadError';

/** Edits a new version starting from `?from=N` (the latest by default). */
export function EditorTab({ prompt }: { prompt: PromptDetailResponseDto }) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  // Without `?from`, start from the version that was latest on opening, even if a save moves it on.
  const [latestOnOpen] = useState(prompt.latestVersion ?? undefined);
  const from = Number(searchParams.get('from')) || latestOnOpen;
  const base = usePromptVersion(prompt.name, from);

  if (from === undefined) return <Empty description={t('version.none')} />;
  if (base.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (base.isError) return <LoadError error={base.error} onRetry={base.refetch} retrying={base.isFetching} />;
  // A version written in builder mode opens in the builder; one written in code stays in code.
  if (base.data.builderSpec)
    return <BuilderVersionEditor key={`${prompt.name}@${from}`} prompt={prompt} base={base.data} />;
  return <VersionEditor key={`${prompt.name}@${from}`} prompt={prompt} base={base.data} />;
}
