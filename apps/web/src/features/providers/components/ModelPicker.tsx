import type { ProviderResponseDto } from '@promptops/api-client';
import { AutoComplete, Select } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { modelChoices } from '../model-suggestions';

interface ModelPickerProps {
  /** The chosen provider; undefined while none is. */
  provider: ProviderResponseDto | undefined;
  value: string | undefined;
  onChange(model: string | undefined): void;
  className?: string;
  ariaLabel: string;
  allowClear?: boolean;
}

/**
 * A model of the chosen provider: one of its list when it has one (the only ones it runs), else
 * any model id, with the vendor's known models as suggestions.
 */
export function ModelPicker({ provider, value, onChange, className, ariaLabel, allowClear }: ModelPickerProps) {
  const { t } = useI18n();
  const { strict, models } = modelChoices(provider);
  const options = models.map((id) => ({ value: id, label: <span className="mono">{id}</span> }));
  if (strict) {
    return (
      <Select
        className={className}
        aria-label={ariaLabel}
        showSearch
        allowClear={allowClear}
        placeholder={t('model.modelPick')}
        value={value}
        onChange={(model?: string) => onChange(model)}
        options={options}
        popupMatchSelectWidth={false}
      />
    );
  }
  return (
    <AutoComplete
      className={className}
      aria-label={ariaLabel}
      allowClear={allowClear}
      placeholder={t('playground.modelFreeText')}
      value={value}
      onChange={(model?: string) => onChange(model || undefined)}
      options={options.filter((o) => !value || o.value.includes(value))}
      popupMatchSelectWidth={false}
    />
  );
}
