import { Form, InputNumber, Slider } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

export interface Parameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

export function ParametersForm({ value, onChange }: { value: Parameters; onChange(value: Parameters): void }) {
  const { t } = useI18n();
  const set = (change: Parameters) => onChange({ ...value, ...change });
  return (
    <Form layout="vertical" size="small" component="div" className="model-settings">
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
            placeholder="1"
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
            placeholder={t('playground.providerDefault')}
            onChange={(maxTokens) => set({ maxTokens: maxTokens ?? undefined })}
            aria-label={t('model.maxTokens')}
          />
        </Form.Item>
        <Form.Item label={t('model.topP')}>
          <InputNumber
            className="full-width"
            min={0}
            max={1}
            step={0.05}
            value={value.topP}
            placeholder={t('playground.providerDefault')}
            onChange={(topP) => set({ topP: topP ?? undefined })}
            aria-label={t('model.topP')}
          />
        </Form.Item>
      </div>
    </Form>
  );
}
