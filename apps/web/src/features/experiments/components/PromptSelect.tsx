import type { PromptType } from '@promptops/api-client';
import { Select, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { usePrompts } from '../../prompts';

interface PromptSelectProps {
  value?: string;
  onChange?(name: string | undefined): void;
  id?: string;
  ariaLabel: string;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  /** Only prompts, or only flows; both when left out. */
  type?: PromptType;
}

/** A prompt by name, searched on the server as the user types. */
export function PromptSelect({
  value,
  onChange,
  id,
  ariaLabel,
  placeholder,
  allowClear,
  className,
  type,
}: PromptSelectProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const prompts = usePrompts({ search: debounced || undefined, page: 1, pageSize: 50, type });
  const options = (prompts.data?.items ?? []).map((p) => ({
    value: p.name,
    label: (
      <span>
        <span className="mono">{p.name}</span>
        {p.displayName && p.displayName !== p.name && <span className="muted"> · {p.displayName}</span>}
        {p.type === 'flow' && (
          <Tag bordered={false} color="purple" className="prompt-select__flow">
            {t('experiments.form.flowTag')}
          </Tag>
        )}
      </span>
    ),
  }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: <span className="mono">{value}</span> });
  return (
    <Select
      id={id}
      className={className}
      aria-label={ariaLabel}
      showSearch
      allowClear={allowClear}
      filterOption={false}
      onSearch={setSearch}
      loading={prompts.isFetching}
      placeholder={placeholder}
      value={value}
      onChange={(name?: string) => {
        setSearch('');
        onChange?.(name);
      }}
      options={options}
      popupMatchSelectWidth={false}
    />
  );
}
