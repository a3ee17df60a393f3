import type { AlertComparator, AlertMetric, AlertRuleResponseDto } from '@promptops/api-client';
import { App, Button, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useEnvironments } from '../../environments';
import { PromptSelect } from '../../prompts';
import { ALERT_COMPARATORS, ALERT_METRICS } from '../alert-format';
import { useCreateAlertRule } from '../hooks/use-create-alert-rule';
import { useTestAlertRule } from '../hooks/use-test-alert-rule';
import { useUpdateAlertRule } from '../hooks/use-update-alert-rule';

interface Values {
  name: string;
  prompt: string;
  environment: string;
  metric: AlertMetric;
  comparator: AlertComparator;
  threshold: number;
  windowMinutes: number;
  minRequests: number;
  webhookUrl?: string;
  enabled: boolean;
}

interface AlertRuleModalProps {
  open: boolean;
  /** The rule to edit; a new one when null. */
  rule: AlertRuleResponseDto | null;
  onClose(): void;
}

const UNITS: Record<AlertMetric, string> = {
  error_rate: '%',
  p95_latency_ms: 'ms',
  cost_per_hour_usd: 'USD/h',
  requests: '#',
};

/** Creates or edits an alert rule; an edited rule can send a test message from here. */
export function AlertRuleModal({ open, rule, onClose }: AlertRuleModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule();
  const test = useTestAlertRule();
  const environments = useEnvironments();
  const [form] = Form.useForm<Values>();
  const metric = Form.useWatch('metric', form) ?? 'error_rate';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (rule) form.setFieldsValue({ ...rule, webhookUrl: undefined });
  }, [open, rule, form]);

  const submit = (values: Values) => {
    const body = {
      name: values.name.trim(),
      prompt: values.prompt,
      environment: values.environment,
      metric: values.metric,
      comparator: values.comparator,
      threshold: values.threshold,
      windowMinutes: values.windowMinutes,
      minRequests: values.minRequests,
      enabled: values.enabled,
      ...(values.webhookUrl ? { webhookUrl: values.webhookUrl.trim() } : {}),
    };
    const done = {
      onSuccess: () => {
        message.success(t(rule ? 'alerts.saved' : 'alerts.created', { name: body.name }));
        onClose();
      },
      onError: (error: unknown) => onError(error, form),
    };
    if (rule) update.mutate({ path: { id: rule.id }, body }, done);
    else create.mutate({ body: { ...body, webhookUrl: body.webhookUrl ?? '' } }, done);
  };

  const sendTest = () =>
    rule &&
    test.mutate(
      { path: { id: rule.id } },
      {
        onSuccess: (delivery) =>
          delivery.deliveryStatus === 'delivered'
            ? message.success(t('alerts.testDelivered', { status: String(delivery.httpStatus ?? '') }))
            : message.error(t('alerts.testFailed', { error: delivery.deliveryError ?? '' })),
        onError: (error) => onError(error),
      },
    );

  return (
    <Modal
      open={open}
      width={640}
      title={rule ? t('alerts.editTitle', { name: rule.name }) : t('alerts.createTitle')}
      onCancel={onClose}
      footer={[
        rule ? (
          <Button key="test" onClick={sendTest} loading={test.isPending} data-testid="alert-send-test">
            {t('alerts.sendTest')}
          </Button>
        ) : null,
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
          {rule ? t('alerts.save') : t('alerts.create')}
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        initialValues={{
          environment: '',
          metric: 'error_rate',
          comparator: '>',
          threshold: 5,
          windowMinutes: 5,
          minRequests: 10,
          enabled: true,
        }}
      >
        <Form.Item
          name="name"
          label={t('alerts.name')}
          rules={[{ required: true, whitespace: true, message: t('alerts.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('alerts.namePlaceholder')} autoComplete="off" />
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="prompt"
            label={t('alerts.prompt')}
            rules={[{ required: true, message: t('alerts.promptRequired') }]}
          >
            <PromptSelect ariaLabel={t('alerts.prompt')} placeholder={t('alerts.promptPlaceholder')} />
          </Form.Item>
          <Form.Item name="environment" label={t('alerts.environment')}>
            <Select
              aria-label={t('alerts.environment')}
              loading={environments.isPending}
              options={[
                { value: '', label: t('alerts.allEnvironments') },
                ...(environments.data ?? []).map((env) => ({ value: env.name, label: env.name })),
              ]}
            />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="metric" label={t('alerts.metric')}>
            <Select
              aria-label={t('alerts.metric')}
              options={ALERT_METRICS.map((m) => ({ value: m, label: t(`alerts.metric.${m}`) }))}
            />
          </Form.Item>
          <Form.Item name="comparator" label={t('alerts.comparator')}>
            <Select
              aria-label={t('alerts.comparator')}
              options={ALERT_COMPARATORS.map((c) => ({
                value: c,
                label: t(c === '>' ? 'alerts.above' : 'alerts.below'),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="threshold"
            label={t('alerts.threshold')}
            rules={[{ required: true, message: t('alerts.thresholdRequired') }]}
          >
            <InputNumber aria-label={t('alerts.threshold')} className="full-width" min={0} addonAfter={UNITS[metric]} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="windowMinutes" label={t('alerts.window')} extra={t('alerts.windowHelp')}>
            <InputNumber className="full-width" min={1} max={1440} precision={0} addonAfter={t('alerts.minutes')} />
          </Form.Item>
          <Form.Item name="minRequests" label={t('alerts.minRequests')} extra={t('alerts.minRequestsHelp')}>
            <InputNumber className="full-width" min={1} precision={0} />
          </Form.Item>
        </div>
        <Form.Item
          name="webhookUrl"
          label={t('alerts.webhookUrl')}
          extra={rule ? t('alerts.webhookUrlKeep', { masked: rule.webhookUrlMasked }) : t('alerts.webhookUrlHelp')}
          rules={rule ? [] : [{ required: true, whitespace: true, message: t('alerts.webhookUrlRequired') }]}
        >
          <Input placeholder="https://hooks.slack.com/services/…" autoComplete="off" className="mono" />
        </Form.Item>
        <Form.Item name="enabled" label={t('alerts.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
