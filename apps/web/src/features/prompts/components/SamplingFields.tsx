import { Form, InputNumber, Slider } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

export interface SamplingParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

interface SamplingFieldsProps {
  value: SamplingParameters;
  /** Receives the changed fields only; an emptied field comes as undefined. */
  onChange(change: SamplingParameters): void;
  /** Shown in empty number fields, e.g. that the provider's default applies. */
  placeholder?: string;
}

/** Temperature, max tokens and top-p: what a version saves, and what the Playground overrides. */
export function SamplingFields({ value, onChange, placeholder }: SamplingFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item label={t('model.temperature')}>
        <div className="slider-with-number">
          <Slider
            min={0}
            max={2}
            step={0.05}
            value={value.temperature ?? 1}
            onChange={(temperature) => onChange({ temperature })}
          />
          <InputNumber
            min={0}
            max={2}
            step={0.1}
            value={value.temperature}
            placeholder="1"
            onChange={(temperature) => onChange({ temperature: temperature ?? undefined })}
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
            placeholder={placeholder}
            onChange={(maxTokens) => onChange({ maxTokens: maxTokens ?? undefined })}
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
            placeholder={placeholder}
            onChange={(topP) => onChange({ topP: topP ?? undefined })}
            aria-label={t('model.topP')}
          />
        </Form.Item>
      </div>
    </>
  );
}
