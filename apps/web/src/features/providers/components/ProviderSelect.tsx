import type { ProviderResponseDto } from '@promptops/api-client';
import { Select, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

interface ProviderSelectProps {
  providers: ProviderResponseDto[];
  loading?: boolean;
  value: string | undefined;
  onChange(name: string | undefined): void;
  className?: string;
  ariaLabel: string;
  allowClear?: boolean;
  /** Whether a disabled provider can be picked: a version may name one, a run may not use one. */
  disabledSelectable?: boolean;
}

/** One of the configured providers, by name. */
export function ProviderSelect({
  providers,
  loading,
  value,
  onChange,
  className,
  ariaLabel,
  allowClear,
  disabledSelectable,
}: ProviderSelectProps) {
  const { t } = useI18n();
  return (
    <Select
      className={className}
      aria-label={ariaLabel}
      placeholder={t('playground.provider')}
      showSearch
      allowClear={allowClear}
      loading={loading}
      value={value}
      onChange={(name?: string) => onChange(name)}
      options={providers.map((p) => ({
        value: p.name,
        disabled: !p.enabled && !disabledSelectable,
        label: (
          <span>
            {p.name}
            {!p.enabled && (
              <Tag bordered={false} className="provider-select__off">
                {t('providers.off')}
              </Tag>
            )}
          </span>
        ),
      }))}
      optionFilterProp="value"
      popupMatchSelectWidth={false}
    />
  );
}
