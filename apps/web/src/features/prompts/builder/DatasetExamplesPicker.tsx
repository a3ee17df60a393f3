import { DatabaseOutlined } from '@ant-design/icons';
import type { BuilderDatasetRef, BuilderExample } from '@promptops/templating';
import { Button, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useDatasetItems, useDatasets, useDatasetVersions } from '../../datasets';
import { useI18n } from '../../../i18n/use-i18n';

interface DatasetExamplesPickerProps {
  onPick(examples: BuilderExample[], ref: BuilderDatasetRef): void;
}

function asText(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** Picks few-shot examples from the items of a dataset version (input → the variables, expected → the output). */
export function DatasetExamplesPicker({ onPick }: DatasetExamplesPickerProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [dataset, setDataset] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [selected, setSelected] = useState<number[]>([]);
  const datasets = useDatasets({ page: 1, pageSize: 100 }, { enabled: open });
  const versions = useDatasetVersions(dataset ?? '', { enabled: Boolean(dataset) });
  const items = useDatasetItems(dataset ?? '', { version, page: 1, pageSize: 50 }, { enabled: Boolean(dataset) });
  const rows = dataset ? (items.data?.items ?? []) : [];

  const pick = () => {
    if (!dataset || !items.data) return;
    const chosen = rows.filter((item) => selected.includes(item.id));
    onPick(
      chosen.map((item) => ({ input: item.input, output: asText(item.expected) })),
      { name: dataset, version: items.data.version },
    );
    setOpen(false);
    setSelected([]);
  };

  return (
    <>
      <Button icon={<DatabaseOutlined />} onClick={() => setOpen(true)} data-testid="builder-from-dataset">
        {t('builder.fromDataset')}
      </Button>
      <Modal
        open={open}
        title={t('builder.fromDatasetTitle')}
        onCancel={() => setOpen(false)}
        onOk={pick}
        okText={t('builder.addExamples', { count: selected.length })}
        okButtonProps={{ disabled: selected.length === 0 }}
        width={760}
        destroyOnHidden
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ width: 260 }}
            placeholder={t('builder.dataset')}
            aria-label={t('builder.dataset')}
            loading={datasets.isPending}
            value={dataset}
            onChange={(name: string) => {
              setDataset(name);
              setVersion(undefined);
              setSelected([]);
            }}
            options={(datasets.data?.items ?? []).map((d) => ({ value: d.name, label: d.name }))}
          />
          <Select
            style={{ width: 160 }}
            placeholder={t('builder.datasetLatest')}
            aria-label={t('builder.datasetVersion')}
            disabled={!dataset}
            allowClear
            value={version}
            onChange={(v: number | undefined) => setVersion(v)}
            options={(dataset ? (versions.data?.items ?? []) : []).map((v) => ({
              value: v.version,
              label: `v${v.version} (${v.itemCount})`,
            }))}
          />
        </Space>
        <Table
          size="small"
          rowKey="id"
          loading={Boolean(dataset) && items.isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ y: 360 }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
          columns={[
            {
              title: t('builder.exampleInput'),
              key: 'input',
              render: (_v, item) => (
                <Typography.Text className="mono small">{JSON.stringify(item.input)}</Typography.Text>
              ),
            },
            {
              title: t('builder.exampleOutput'),
              key: 'expected',
              render: (_v, item) => <Typography.Text className="small">{asText(item.expected)}</Typography.Text>,
            },
          ]}
        />
      </Modal>
    </>
  );
}
