import type { ModelConfigDto } from '@promptops/api-client';
import { Form, Input, InputNumber, Slider } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

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
      <Form.Item label={t('model.temperature')}>
        <div className="slider-with-number">
          <Slider
            min={0}
            max={2}
            step={0.05}
            value={value.temperature ?? 1}
            onChange={(temperature) => set({ temperature })}
          />
          <InputNumber
            min={0}
            max={2}
            step={0.1}
            value={value.temperature}
            onChange={(temperature) => set({ temperature: temperature ?? undefined })}
            aria-label={t('model.temperature')}
          />
        </div>
      </Form.Item>
      <div className="form-row">
        <Form.Item label={t('model.maxTokens')}>
          <InputNumber
            className="full-width"
            min={1}
            precision={0}
            value={value.maxTokens}
            onChange={(maxTokens) => set({ maxTokens: maxTokens ?? undefined })}
          />
        </Form.Item>
        <Form.Item label={t('model.topP')}>
          <InputNumber
            className="full-width"
            min={0}
            max={1}
            step={0.05}
            value={value.topP}
            onChange={(topP) => set({ topP: topP ?? undefined })}
          />
        </Form.Item>
      </div>
    </Form>
  );
}
