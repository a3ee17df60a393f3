import type { ModelConfigDto } from '@promptops/api-client';
import { Form } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { ModelPicker, ProviderSelect, useProviders } from '../../providers';
import { SamplingFields } from './SamplingFields';

interface ModelSettingsProps {
  value: ModelConfigDto;
  onChange(value: ModelConfigDto): void;
}

/** Drops empty fields so an untouched setting is absent rather than null. */
function clean(config: ModelConfigDto): ModelConfigDto {
  return Object.fromEntries(
    Object.entries(config).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as ModelConfigDto;
}

export function ModelSettings({ value, onChange }: ModelSettingsProps) {
  const { t } = useI18n();
  const providers = useProviders();
  const provider = providers.data?.find((p) => p.name === value.provider);
  const set = (changes: ModelConfigDto) => onChange(clean({ ...value, ...changes }));

  // A provider that lists its models runs only those: keep the model if it is one, else take its first.
  const switchProvider = (name: string | undefined) => {
    const next = providers.data?.find((p) => p.name === name);
    const offered = next?.models.map((m) => m.id) ?? [];
    const keep = offered.length === 0 || (value.model !== undefined && offered.includes(value.model));
    set({ provider: name, model: keep ? value.model : offered[0] });
  };

  return (
    <Form layout="vertical" size="small" component="div" className="model-settings">
      <div className="form-row">
        <Form.Item label={t('model.provider')} tooltip={t('model.providerHelp')}>
          <ProviderSelect
            ariaLabel={t('model.provider')}
            providers={providers.data ?? []}
            loading={providers.isPending}
            value={value.provider}
            onChange={switchProvider}
            allowClear
            disabledSelectable
          />
        </Form.Item>
        <Form.Item label={t('model.model')}>
          <ModelPicker
            ariaLabel={t('model.model')}
            provider={provider}
            value={value.model}
            onChange={(model) => set({ model })}
            allowClear
          />
        </Form.Item>
      </div>
      <SamplingFields value={value} onChange={set} />
    </Form>
  );
}
