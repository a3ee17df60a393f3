import { Form } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { SamplingFields, SamplingParameters } from '../../prompts/components/SamplingFields';

export type Parameters = SamplingParameters;

/** The Playground's overrides of a version's sampling settings; empty fields keep the provider's default. */
export function ParametersForm({ value, onChange }: { value: Parameters; onChange(value: Parameters): void }) {
  const { t } = useI18n();
  return (
    <Form layout="vertical" size="small" component="div" className="model-settings">
      <SamplingFields
        value={value}
        onChange={(change) => onChange({ ...value, ...change })}
        placeholder={t('playground.providerDefault')}
      />
    </Form>
  );
}
