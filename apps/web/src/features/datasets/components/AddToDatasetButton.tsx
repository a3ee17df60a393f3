import { DatabaseOutlined } from '@ant-design/icons';
import { PROMPT_NAME_PATTERN } from '@promptops/shared';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CodeBlock } from '../../../components/CodeBlock';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth';
import { useAddRunToDataset } from '../hooks/use-add-run-to-dataset';
import { useCreateDataset } from '../hooks/use-create-dataset';
import { useDatasets } from '../hooks/use-datasets';
import { parseExpectedText, toExpectedText } from '../json-field';

interface AddToDatasetButtonProps {
  runId: number;
  /** The run's variables, shown for reference; the server takes them from the run log. */
  variables?: Record<string, unknown>;
  output: string | null;
  size?: 'small' | 'middle';
}

interface AddForm {
  dataset: string;
  expected?: string;
}

/** "Add to dataset" for a logged run: pick a dataset (or name a new one), adjust expected, confirm. */
export function AddToDatasetButton({ runId, variables, output, size }: AddToDatasetButtonProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<AddForm>();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const datasets = useDatasets({ search: debounced || undefined, page: 1, pageSize: 50 }, { enabled: open });
  const create = useCreateDataset();
  const add = useAddRunToDataset();
  const onError = useProblemHandler();

  useEffect(() => {
    if (open) form.setFieldsValue({ dataset: undefined, expected: toExpectedText(output) });
  }, [open, output, form]);

  const known = new Set((datasets.data?.items ?? []).map((d) => d.name));
  const typed = search.trim();
  const options = [
    ...(typed && !known.has(typed) && PROMPT_NAME_PATTERN.test(typed)
      ? [{ value: typed, label: t('datasets.createNamed', { name: typed }) }]
      : []),
    ...(datasets.data?.items ?? []).map((d) => ({ value: d.name, label: `${d.name} · v${d.latestVersion}` })),
  ];

  const submit = async (values: AddForm) => {
    try {
      if (!known.has(values.dataset)) await create.mutateAsync({ body: { name: values.dataset } });
      const result = await add.mutateAsync({
        path: { name: values.dataset },
        body: { runId, expected: parseExpectedText(values.expected) },
      });
      message.success(t('datasets.addedRun', { name: values.dataset, version: result.version }));
      setOpen(false);
    } catch (error) {
      onError(error, form);
    }
  };

  return (
    <>
      <Allowed permission="prompt:edit">
        <Button size={size} icon={<DatabaseOutlined />} onClick={() => setOpen(true)} data-testid="add-to-dataset">
          {t('datasets.addToDataset')}
        </Button>
      </Allowed>
      <Modal
        open={open}
        title={t('datasets.addRunTitle', { id: runId })}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={create.isPending || add.isPending}
        destroyOnHidden
        width={600}
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="dataset" label={t('datasets.pickDataset')} rules={[{ required: true }]}>
            <Select
              showSearch
              placeholder={t('datasets.pickOrCreate')}
              filterOption={false}
              onSearch={setSearch}
              options={options}
              loading={datasets.isFetching}
              data-testid="add-to-dataset-select"
            />
          </Form.Item>
          {variables && (
            <>
              <Typography.Text type="secondary">{t('datasets.runInput')}</Typography.Text>
              <CodeBlock code={JSON.stringify(variables, null, 2)} />
            </>
          )}
          <Form.Item name="expected" label={t('datasets.expectedFromRun')} style={{ marginTop: 16 }}>
            <Input.TextArea className="mono" autoSize={{ minRows: 3, maxRows: 12 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
