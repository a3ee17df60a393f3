import { SearchOutlined } from '@ant-design/icons';
import type { RunSource, RunStatus } from '@promptops/api-client';
import { AutoComplete, DatePicker, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useApiKeys } from '../../api-keys';
import { useCan } from '../../auth/hooks/use-can';
import { useEnvironments } from '../../environments/hooks/use-environments';
import { usePrompts } from '../../prompts/hooks/use-prompts';
import { useProviders } from '../../providers';

export const RUN_SOURCES: RunSource[] = ['playground', 'api', 'webhook', 'flow', 'experiment'];
export const RUN_STATUSES: RunStatus[] = ['success', 'error', 'aborted', 'running'];
export const DAY = 'YYYY-MM-DD';

export interface RunFilters {
  prompt?: string;
  source?: RunSource;
  status?: RunStatus;
  /** Whole days in the viewer's time zone, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  model?: string;
  environment?: string;
  apiKeyId?: number;
  search?: string;
}

function day(value: string | undefined): Dayjs | null {
  const parsed = value ? dayjs(value, DAY) : null;
  return parsed?.isValid() ? parsed : null;
}

/** A model id typed or picked; applied when picked, on Enter or on leaving the field. */
function ModelFilter({ value, onChange }: { value?: string; onChange(model?: string): void }) {
  const { t } = useI18n();
  const providers = useProviders();
  const [text, setText] = useState(value ?? '');
  const models = useMemo(
    () => [...new Set((providers.data ?? []).flatMap((p) => p.models.map((m) => m.id)))].sort(),
    [providers.data],
  );
  const commit = (next: string) => {
    if ((next.trim() || undefined) !== value) onChange(next.trim() || undefined);
  };
  return (
    <AutoComplete
      allowClear
      className="run-log__filter run-log__filter--narrow"
      aria-label={t('runs.filterModel')}
      placeholder={t('runs.allModels')}
      value={text}
      options={models
        .filter((m) => m.includes(text))
        .map((m) => ({ value: m, label: <span className="mono">{m}</span> }))}
      onChange={(next: string) => {
        setText(next ?? '');
        if (!next) commit('');
      }}
      onSelect={(next: string) => commit(next)}
      onBlur={() => commit(text)}
      onKeyDown={(e) => e.key === 'Enter' && commit(text)}
    />
  );
}

/** Every filter of the run log; each change goes straight to the URL. */
export function RunFilterBar({ filters, onChange }: { filters: RunFilters; onChange(changes: RunFilters): void }) {
  const { t } = useI18n();
  const mayViewKeys = useCan('admin:keys');
  const prompts = usePrompts({ page: 1, pageSize: 100 });
  const environments = useEnvironments();
  const apiKeys = useApiKeys(mayViewKeys);
  const from = day(filters.from);
  const to = day(filters.to);

  return (
    <div className="run-log__filters" data-testid="run-filters">
      <Input.Search
        // Typed text is applied on Enter; a new URL (back, a cleared filter) starts it over.
        key={`search-${filters.search ?? ''}`}
        allowClear
        className="run-log__filter run-log__filter--wide"
        aria-label={t('runs.search')}
        placeholder={t('runs.search')}
        defaultValue={filters.search}
        enterButton={<SearchOutlined />}
        onSearch={(search) => onChange({ search: search.trim() || undefined })}
      />
      <DatePicker.RangePicker
        className="run-log__dates"
        aria-label={t('runs.filterDates')}
        allowEmpty={[true, true]}
        value={from || to ? [from, to] : null}
        onChange={(range) => onChange({ from: range?.[0]?.format(DAY), to: range?.[1]?.format(DAY) })}
      />
      <Select
        allowClear
        showSearch
        className="run-log__filter"
        aria-label={t('runs.filterPrompt')}
        placeholder={t('runs.allPrompts')}
        value={filters.prompt}
        loading={prompts.isPending}
        onChange={(prompt?: string) => onChange({ prompt })}
        options={(prompts.data?.items ?? []).map((p) => ({ value: p.name, label: p.name }))}
      />
      <ModelFilter
        key={`model-${filters.model ?? ''}`}
        value={filters.model}
        onChange={(model) => onChange({ model })}
      />
      <Select
        allowClear
        className="run-log__filter run-log__filter--narrow"
        aria-label={t('runs.filterEnvironment')}
        placeholder={t('runs.allEnvironments')}
        value={filters.environment}
        loading={environments.isPending}
        onChange={(environment?: string) => onChange({ environment })}
        options={(environments.data ?? []).map((e) => ({ value: e.name, label: e.name }))}
      />
      {mayViewKeys && (
        <Select<number>
          allowClear
          showSearch
          optionFilterProp="label"
          className="run-log__filter run-log__filter--narrow"
          aria-label={t('runs.filterApiKey')}
          placeholder={t('runs.allApiKeys')}
          value={filters.apiKeyId}
          loading={apiKeys.isPending}
          onChange={(apiKeyId?: number) => onChange({ apiKeyId })}
          popupMatchSelectWidth={false}
          options={(apiKeys.data ?? []).map((k) => ({
            value: k.id,
            label: k.revokedAt ? `${k.name} (${t('apiKeys.revoked')})` : k.name,
          }))}
        />
      )}
      <Select
        allowClear
        className="run-log__filter run-log__filter--narrow"
        aria-label={t('runs.filterSource')}
        placeholder={t('runs.allSources')}
        value={filters.source}
        onChange={(source?: RunSource) => onChange({ source })}
        options={RUN_SOURCES.map((value) => ({ value, label: t(`runSource.${value}`) }))}
      />
      <Select
        allowClear
        className="run-log__filter run-log__filter--narrow"
        aria-label={t('runs.filterStatus')}
        placeholder={t('runs.allStatuses')}
        value={filters.status}
        onChange={(status?: RunStatus) => onChange({ status })}
        options={RUN_STATUSES.map((value) => ({ value, label: t(`runStatus.${value}`) }))}
      />
    </div>
  );
}
