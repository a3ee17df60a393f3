import type { AfterSunset, CallerApiKeyDto, DeprecatePromptDto, PromptResponseDto } from '@promptops/api-client';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useProblemText } from '../../../lib/use-problem-text';
import { Allowed, useCan } from '../../auth';
import { PromptSelect } from '../../prompts';
import { useDeprecatePrompt } from '../hooks/use-deprecate-prompt';
import { usePromptCallers } from '../hooks/use-prompt-callers';
import { useUndeprecatePrompt } from '../hooks/use-undeprecate-prompt';
import { isSunsetPassed, relativeTime } from '../sunset';

type RetiredEntry = Pick<PromptResponseDto, 'name' | 'type' | 'deprecation'>;

interface RetireForm {
  successor?: string;
  sunsetAt?: Dayjs | null;
  afterSunset: AfterSunset;
  note?: string;
}

const CALLER_DAYS = 7;

/**
 * The Retire tab of a prompt or flow: deprecate it with a successor (same type), a sunset and
 * what callers get after it; undo; and the callers of the last 7 days, so operators know whom to tell.
 */
export function RetirementTab({ prompt }: { prompt: RetiredEntry }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size="large" className="retirement-tab" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('retirement.intro')}</Typography.Paragraph>
      <DeprecationStatus prompt={prompt} />
      <Callers name={prompt.name} />
      <Allowed permission="prompt:publish">
        <RetireForm prompt={prompt} />
      </Allowed>
    </Space>
  );
}

function DeprecationStatus({ prompt }: { prompt: RetiredEntry }) {
  const { t, language } = useI18n();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const undo = useUndeprecatePrompt();
  const canPublish = useCan('prompt:publish');
  const deprecation = prompt.deprecation;
  if (!deprecation) return <Alert type="info" showIcon message={t('retirement.notDeprecated')} />;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      title={t('retirement.current')}
      extra={
        canPublish && (
          <Popconfirm
            title={t('retirement.undoConfirmTitle', { name: prompt.name })}
            description={t('retirement.undoConfirmText')}
            okText={t('retirement.undo')}
            cancelText={t('common.cancel')}
            onConfirm={() => undo.mutateAsync({ path: { name: prompt.name } }).catch(onError)}
          >
            <Button loading={undo.isPending} data-testid="undo-deprecation">
              {t('retirement.undo')}
            </Button>
          </Popconfirm>
        )
      }
      items={[
        { key: 'since', label: t('retirement.deprecatedAt'), children: formatDate(deprecation.deprecatedAt) },
        {
          key: 'successor',
          label: t('retirement.successor'),
          children: deprecation.successor ? (
            <span className="mono">{deprecation.successor}</span>
          ) : (
            <span className="muted">{t('retirement.noSuccessor')}</span>
          ),
        },
        {
          key: 'sunset',
          label: t('retirement.sunsetAt'),
          children: deprecation.sunsetAt ? (
            <Space>
              {formatDate(deprecation.sunsetAt)}
              <Tag color={isSunsetPassed(deprecation) ? 'red' : 'orange'} bordered={false}>
                {relativeTime(deprecation.sunsetAt, language)}
              </Tag>
            </Space>
          ) : (
            <span className="muted">{t('retirement.noSunset')}</span>
          ),
        },
        {
          key: 'after',
          label: t('retirement.afterSunset'),
          children:
            deprecation.afterSunset === 'serve_successor'
              ? t('retirement.afterSunset.serveSuccessor')
              : t('retirement.afterSunset.gone'),
        },
        ...(deprecation.note ? [{ key: 'note', label: t('retirement.note'), children: deprecation.note }] : []),
      ]}
    />
  );
}

function RetireForm({ prompt }: { prompt: RetiredEntry }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RetireForm>();
  const onError = useProblemHandler();
  const deprecate = useDeprecatePrompt();
  const deprecation = prompt.deprecation;
  const [confirming, setConfirming] = useState(false);
  const successor = Form.useWatch('successor', form);

  useEffect(() => {
    form.setFieldsValue({
      successor: deprecation?.successor ?? undefined,
      sunsetAt: deprecation?.sunsetAt ? dayjs(deprecation.sunsetAt) : null,
      afterSunset: deprecation?.afterSunset ?? 'gone',
      note: deprecation?.note ?? '',
    });
  }, [deprecation, form]);

  const submit = async () => {
    setConfirming(false);
    const values = form.getFieldsValue();
    const body: DeprecatePromptDto = {
      successor: values.successor || null,
      sunsetAt: values.sunsetAt ? values.sunsetAt.toISOString() : null,
      afterSunset: values.afterSunset,
      note: values.note?.trim() || null,
    };
    await deprecate.mutateAsync({ path: { name: prompt.name }, body }).catch((error) => onError(error, form));
  };

  return (
    <Form
      form={form}
      layout="vertical"
      className="retire-form"
      data-testid="retire-form"
      onFinish={() => setConfirming(true)}
      initialValues={{ afterSunset: 'gone' }}
    >
      <Typography.Title level={5}>
        {deprecation ? t('retirement.editTitle') : t('retirement.formTitle')}
      </Typography.Title>
      <Form.Item name="successor" label={t('retirement.successor')} extra={t('retirement.successorHint')}>
        {/* A flow's successor is a flow, a prompt's a prompt; never the entry itself. */}
        <PromptSelect
          type={prompt.type}
          exclude={prompt.name}
          allowClear
          ariaLabel={t('retirement.successor')}
          placeholder={t('retirement.successorPlaceholder')}
          testId="successor-picker"
          style={{ maxWidth: 480 }}
        />
      </Form.Item>
      <Form.Item name="sunsetAt" label={t('retirement.sunsetAt')} extra={t('retirement.sunsetHint')}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          disabledDate={(day) => day.isBefore(dayjs(), 'day')}
          data-testid="sunset-picker"
        />
      </Form.Item>
      <Form.Item name="afterSunset" label={t('retirement.afterSunset')}>
        <Radio.Group>
          <Radio value="gone">{t('retirement.afterSunset.gone')}</Radio>
          <Radio value="serve_successor" disabled={!successor}>
            {t('retirement.afterSunset.serveSuccessor')}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('retirement.note')}>
        <Input.TextArea rows={2} maxLength={2000} placeholder={t('retirement.notePlaceholder')} />
      </Form.Item>
      <Popconfirm
        open={confirming}
        title={t('retirement.confirmTitle', { name: prompt.name })}
        description={t('retirement.confirmText')}
        okText={t('retirement.confirm')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={submit}
        onCancel={() => setConfirming(false)}
      >
        <Button type="primary" danger htmlType="submit" loading={deprecate.isPending} data-testid="deprecate-submit">
          {deprecation ? t('retirement.save') : t('retirement.deprecate')}
        </Button>
      </Popconfirm>
    </Form>
  );
}

function Callers({ name }: { name: string }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const problemText = useProblemText();
  const callers = usePromptCallers(name, CALLER_DAYS);
  const columns: ColumnsType<CallerApiKeyDto> = [
    {
      title: t('retirement.callers.key'),
      dataIndex: 'name',
      render: (keyName: string, key) => (
        <Space size={4}>
          {keyName}
          {key.revoked && <Tag bordered={false}>{t('retirement.callers.revoked')}</Tag>}
        </Space>
      ),
    },
    { title: t('retirement.callers.prefix'), dataIndex: 'prefix', render: (prefix: string) => <code>{prefix}</code> },
    {
      title: t('retirement.callers.environment'),
      dataIndex: 'environment',
      render: (environment: string | null) =>
        environment ?? <span className="muted">{t('retirement.callers.any')}</span>,
    },
    { title: t('retirement.callers.calls'), dataIndex: 'calls', align: 'right' },
    { title: t('retirement.callers.lastCall'), dataIndex: 'lastCallAt', render: (iso: string) => formatDate(iso) },
    {
      title: t('retirement.callers.sources'),
      dataIndex: 'sources',
      render: (sources: string[]) => sources.map((source) => <Tag key={source}>{source}</Tag>),
    },
  ];
  const data = callers.data;
  return (
    <div data-testid="callers">
      <Typography.Title level={5}>{t('retirement.callers.title', { days: CALLER_DAYS })}</Typography.Title>
      {callers.isError && <Alert type="error" showIcon message={problemText(callers.error)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={callers.isPending}
        columns={columns}
        dataSource={data?.apiKeys ?? []}
        locale={{ emptyText: <Empty description={t('retirement.callers.none', { days: CALLER_DAYS })} /> }}
      />
      {data && (
        <Typography.Paragraph type="secondary" className="callers-summary" style={{ marginTop: 8 }}>
          {t('retirement.callers.summary', {
            total: data.totalCalls,
            webhook: data.webhookCalls,
            console: data.consoleCalls,
            other: data.otherCalls,
          })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
