import { Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { usePrompts } from '../../prompts';

/** A prompt (never a flow) found by name, display name, folder or tag. */
export function PromptPicker({ value, onChange }: { value: string; onChange(name: string): void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const prompts = usePrompts({ type: 'prompt', search: debounced || undefined, enabled: true, page: 1, pageSize: 20 });
  const options = (prompts.data?.items ?? []).map((prompt) => ({
    value: prompt.name,
    label: (
      <span>
        {prompt.displayName} <span className="muted mono small">{prompt.name}</span>
      </span>
    ),
  }));
  if (value && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: <span className="mono">{value}</span> });
  }
  return (
    <Select
      showSearch
      value={value || undefined}
      placeholder={t('flow.step.promptPlaceholder')}
      filterOption={false}
      onSearch={setSearch}
      onChange={onChange}
      loading={prompts.isFetching}
      options={options}
      notFoundContent={t('flow.step.noPrompts')}
      aria-label={t('flow.step.prompt')}
      data-testid="step-prompt"
    />
  );
}
