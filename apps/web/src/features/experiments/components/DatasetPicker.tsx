import { Form, Select, Typography } from 'antd';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useDatasets, useDatasetVersions } from '../../datasets';
import type { ExperimentFormValues } from '../experiment-form';

interface FormControl<T> {
  value?: T;
  onChange?(value: T | undefined): void;
  id?: string;
}

/** A dataset by name, searched on the server as the user types. */
export function DatasetSelect({
  value,
  onChange,
  id,
  allowClear,
  className,
  placeholder,
}: FormControl<string> & { allowClear?: boolean; className?: string; placeholder?: string }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const datasets = useDatasets({ search: debounced || undefined, page: 1, pageSize: 50 });
  const options = (datasets.data?.items ?? []).map((d) => ({
    value: d.name,
    label: (
      <span>
        <span className="mono">{d.name}</span>
        <span className="muted">
          {' '}
          · {t('experiments.form.datasetItems', { count: d.itemCount, version: d.latestVersion })}
        </span>
      </span>
    ),
  }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: <span className="mono">{value}</span> });
  return (
    <Select
      id={id}
      className={className}
      allowClear={allowClear}
      aria-label={t('experiments.form.dataset')}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={datasets.isFetching}
      placeholder={placeholder ?? t('experiments.form.datasetPick')}
      value={value}
      onChange={(name?: string) => {
        setSearch('');
        onChange?.(name);
      }}
      options={options}
      notFoundContent={datasets.isFetching ? undefined : t('experiments.form.noDatasets')}
    />
  );
}

/** A version of the chosen dataset; empty = the latest, pinned when the experiment starts. */
function DatasetVersionSelect({ dataset, value, onChange, id }: FormControl<number> & { dataset: string | undefined }) {
  const { t } = useI18n();
  if (!dataset) {
    return <Select id={id} disabled placeholder={t('experiments.form.latestVersion')} />;
  }
  return <KnownDatasetVersionSelect dataset={dataset} value={value} onChange={onChange} id={id} />;
}

function KnownDatasetVersionSelect({ dataset, value, onChange, id }: FormControl<number> & { dataset: string }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const versions = useDatasetVersions(dataset);
  return (
    <Select<number>
      id={id}
      aria-label={t('experiments.form.datasetVersion')}
      allowClear
      loading={versions.isPending}
      placeholder={t('experiments.form.latestVersion')}
      value={value}
      onChange={(next) => onChange?.(next)}
      popupMatchSelectWidth={false}
      options={(versions.data?.items ?? []).map((v) => ({
        value: v.version,
        label: (
          <span>
            v{v.version}
            <Typography.Text type="secondary" className="small">
              {' '}
              · {t('experiments.form.datasetItems', { count: v.itemCount, version: v.version })} ·{' '}
              {v.change ?? formatDate(v.createdAt, 'short')}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
}

/** The dataset and the version to pin (empty = the latest). */
export function DatasetPicker() {
  const { t } = useI18n();
  const form = Form.useFormInstance<ExperimentFormValues>();
  const dataset = Form.useWatch('dataset', form);
  return (
    <div className="form-row">
      <Form.Item
        name="dataset"
        label={t('experiments.form.dataset')}
        rules={[{ required: true, message: t('experiments.form.datasetRequired') }]}
      >
        <DatasetSelect />
      </Form.Item>
      <Form.Item name="datasetVersion" label={t('experiments.form.datasetVersion')}>
        <DatasetVersionSelect dataset={dataset} />
      </Form.Item>
    </div>
  );
}
