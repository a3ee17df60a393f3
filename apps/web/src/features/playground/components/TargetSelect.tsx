import type { ProviderResponseDto } from '@promptops/api-client';
import { Space } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { ModelPicker, ProviderSelect } from '../../providers';

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
      <ProviderSelect
        className="target-select__provider"
        ariaLabel={`${t('playground.provider')}${suffix}`}
        providers={providers}
        value={value.provider}
        onChange={(name) => {
          const next = providers.find((p) => p.name === name);
          onChange({ provider: name, model: next?.models[0]?.id ?? (next ? value.model : undefined) });
        }}
      />
      <ModelPicker
        className="target-select__model"
        ariaLabel={`${t('playground.model')}${suffix}`}
        provider={provider}
        value={value.model}
        onChange={(model) => onChange({ ...value, model })}
      />
    </Space.Compact>
  );
}
