import type { ProviderResponseDto } from '@promptops/api-client';
import { AutoComplete, Select, Space } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

export interface Target {
  provider?: string;
  model?: string;
}

interface TargetSelectProps {
  providers: ProviderResponseDto[];
  value: Target;
  onChange(value: Target): void;
  /** Tells the selects of several targets apart for assistive technology and tests. */
  index?: number;
}

/** A provider and one of its models; free text when the provider lists none (any model id goes). */
export function TargetSelect({ providers, value, onChange, index }: TargetSelectProps) {
  const { t } = useI18n();
  const provider = providers.find((p) => p.name === value.provider);
  const suffix = index === undefined ? '' : ` ${index + 1}`;
  return (
    <Space.Compact className="target-select">
      <Select
        className="target-select__provider"
        aria-label={`${t('playground.provider')}${suffix}`}
        placeholder={t('playground.provider')}
        value={value.provider}
        onChange={(name: string) => {
          const next = providers.find((p) => p.name === name);
          onChange({ provider: name, model: next?.models[0]?.id ?? (next ? value.model : undefined) });
        }}
        options={providers.map((p) => ({ value: p.name, label: p.name, disabled: !p.enabled }))}
        popupMatchSelectWidth={false}
      />
      {provider && provider.models.length > 0 ? (
        <Select
          className="target-select__model"
          aria-label={`${t('playground.model')}${suffix}`}
          value={value.model}
          onChange={(model: string) => onChange({ ...value, model })}
          options={provider.models.map((m) => ({ value: m.id, label: <span className="mono">{m.id}</span> }))}
          popupMatchSelectWidth={false}
        />
      ) : (
        <AutoComplete
          className="target-select__model"
          aria-label={`${t('playground.model')}${suffix}`}
          placeholder={t('playground.modelFreeText')}
          value={value.model}
          onChange={(model: string) => onChange({ ...value, model: model || undefined })}
        />
      )}
    </Space.Compact>
  );
}
