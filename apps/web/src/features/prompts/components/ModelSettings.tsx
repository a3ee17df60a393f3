import type { ModelConfigDto } from '@promptops/api-client';
import { Form, Input } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
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
  const set = (changes: ModelConfigDto) => onChange(clean({ ...value, ...changes }));
  return (
    <Form layout="vertical" size="small" component="div" className="model-settings">
      <div className="form-row">
        <Form.Item label={t('model.provider')} tooltip={t('model.providerHelp')}>
          <Input value={value.provider} onChange={(e) => set({ provider: e.target.value })} placeholder="openai" />
        </Form.Item>
        <Form.Item label={t('model.model')}>
          <Input value={value.model} onChange={(e) => set({ model: e.target.value })} placeholder="gpt-4o-mini" />
        </Form.Item>
      </div>
      <SamplingFields value={value} onChange={set} />
    </Form>
  );
}
