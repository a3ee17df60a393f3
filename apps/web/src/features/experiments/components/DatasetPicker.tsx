import { Form, Input, InputNumber } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

/** The dataset and the version to pin (empty = the latest). */
export function DatasetPicker() {
  const { t } = useI18n();
  return (
    <div className="form-row">
      <Form.Item
        name="dataset"
        label={t('experiments.form.dataset')}
        rules={[{ required: true, message: t('experiments.form.datasetRequired') }]}
      >
        <Input className="mono" aria-label={t('experiments.form.dataset')} />
      </Form.Item>
      <Form.Item name="datasetVersion" label={t('experiments.form.datasetVersion')}>
        <InputNumber min={1} precision={0} placeholder={t('experiments.form.latestVersion')} className="full-width" />
      </Form.Item>
    </div>
  );
}
