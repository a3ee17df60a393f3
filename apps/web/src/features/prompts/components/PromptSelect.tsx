import type { PromptType } from '@promptops/api-client';
import { Select, Tag } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { usePrompts } from '../hooks/use-prompts';

interface PromptSelectProps {
  value?: string;
  onChange?(name: string | undefined): void;
  id?: string;
  ariaLabel: string;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  style?: CSSProperties;
  /** Only prompts, or only flows; both when left out. */
  type?: PromptType;
  /** A name never offered, e.g. the prompt being edited. */
  exclude?: string;
  notFoundContent?: ReactNode;
  testId?: string;
}

/**
 * A prompt or flow by name, searched on the server (name, display name, folder, tag) as the
 * user types; flows are tagged. A value not on the current page stays shown as its name.
 */
export function PromptSelect({
  value,
  onChange,
  id,
  ariaLabel,
  placeholder,
  allowClear,
  className,
  style,
  type,
  exclude,
  notFoundContent,
  testId,
}: PromptSelectProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const prompts = usePrompts({ search: debounced || undefined, enabled: true, page: 1, pageSize: 50, type });
  const options = (prompts.data?.items ?? [])
    .filter((p) => p.name !== exclude)
    .map((p) => ({
      value: p.name,
      label: (
        <span>
          <span className="mono">{p.name}</span>
          {p.displayName && p.displayName !== p.name && <span className="muted"> · {p.displayName}</span>}
          {p.type === 'flow' && (
            <Tag bordered={false} color="purple" className="prompt-select__flow">
              {t('flows.tag')}
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
      style={style}
      aria-label={ariaLabel}
      data-testid={testId}
      showSearch
      allowClear={allowClear}
      filterOption={false}
      onSearch={setSearch}
      loading={prompts.isFetching}
      placeholder={placeholder}
      value={value || undefined}
      onChange={(name?: string) => {
        setSearch('');
        onChange?.(name ?? undefined);
      }}
      options={options}
      notFoundContent={notFoundContent}
      popupMatchSelectWidth={false}
    />
  );
}
