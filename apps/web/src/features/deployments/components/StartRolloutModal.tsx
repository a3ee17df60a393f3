import type { DeploymentResponseDto, StartRolloutDto, VersionSummaryDto } from '@promptops/api-client';
import { Alert, App, Checkbox, Collapse, Form, Input, InputNumber, Modal, Radio, Select, Slider, Space } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useStartRollout } from '../hooks/use-start-rollout';

interface StartRolloutModalProps {
  open: boolean;
  onClose(): void;
  prompt: string;
  deployment: DeploymentResponseDto;
  versions: VersionSummaryDto[];
}

interface Values {
  version?: number;
  weight: number;
  stickyKey: 'userId' | 'subjectKey' | 'random';
  ramp: boolean;
  steps: number[];
  autoAdvanceMinutes?: number;
  metrics: Array<'error_rate' | 'p95_latency'>;
  minSamples: number;
  alpha: number;
  action: 'pause' | 'rollback';
  note?: string;
}

const QUICK_WEIGHTS = [1, 5, 10, 25, 50];
const DEFAULT_STEPS = [1, 5, 25, 50, 100];
const STEP_OPTIONS = [1, 2, 5, 10, 20, 25, 50, 75, 100];

/** Start a canary: a published candidate version, its share, the sticky key, an optional ramp and guardrails. */
export function StartRolloutModal({ open, onClose, prompt, deployment, versions }: StartRolloutModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const start = useStartRollout();
  const [form] = Form.useForm<Values>();
  const ramp = Form.useWatch('ramp', form);
  const weight = Form.useWatch('weight', form);
  const env = deployment.environment;
  const candidates = versions.filter((v) => v.status === 'published' && v.version !== deployment.version);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      version: candidates.find((v) => v.isLatest)?.version ?? candidates[0]?.version,
      weight: 10,
      stickyKey: 'userId',
      ramp: false,
      steps: DEFAULT_STEPS,
      metrics: ['error_rate', 'p95_latency'],
      minSamples: 200,
      alpha: 0.05,
      action: 'pause',
    });
    // Suggest once per opening, not on every refetch of the versions.
  }, [open]);

  const submit = (values: Values) => {
    const steps = values.ramp ? [...values.steps].sort((a, b) => a - b) : undefined;
    const body: StartRolloutDto = {
      candidates: [{ version: values.version!, weight: steps ? steps[0] : values.weight }],
      stickyKey: values.stickyKey,
      steps,
      autoAdvanceMinutes: steps ? values.autoAdvanceMinutes || undefined : undefined,
      guardrails: {
        metrics: values.metrics,
        minSamples: values.minSamples,
        alpha: values.alpha,
        action: values.action,
      },
      note: values.note?.trim() || undefined,
    };
    start.mutate(
      { path: { name: prompt, environment: env }, body },
      {
        onSuccess: (rollout) => {
          message.success(
            t('rollout.started', { version: rollout.candidates[0].version, weight: rollout.candidates[0].weight, env }),
          );
          onClose();
        },
        onError: (error) => onError(error, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('rollout.startTitle', { env })}
      okText={t('rollout.start')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: start.isPending, disabled: candidates.length === 0 }}
      width={620}
      destroyOnHidden
    >
      <Alert
        className="modal-alert"
        type={candidates.length === 0 ? 'warning' : 'info'}
        showIcon
        message={t('rollout.startIntro', { version: deployment.version ?? '' })}
        description={candidates.length === 0 ? t('rollout.noCandidates') : undefined}
      />
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" preserve={false}>
        <Form.Item
          name="version"
          label={t('rollout.candidate')}
          rules={[{ required: true, message: t('rollout.candidateRequired') }]}
        >
          <Select<number>
            data-testid="rollout-candidate"
            options={candidates.map((v) => ({
              value: v.version,
              label: [`v${v.version}`, v.isLatest ? t('version.latest') : null, v.comment].filter(Boolean).join(' · '),
            }))}
          />
        </Form.Item>
        {!ramp && (
          <Form.Item label={t('rollout.weight')} required>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Radio.Group
                optionType="button"
                value={QUICK_WEIGHTS.includes(weight) ? weight : undefined}
                onChange={(e) => form.setFieldValue('weight', e.target.value)}
                options={QUICK_WEIGHTS.map((w) => ({ value: w, label: `${w} %` }))}
                data-testid="rollout-weights"
              />
              <Space align="center" style={{ width: '100%' }}>
                <Form.Item name="weight" noStyle>
                  <Slider min={1} max={100} style={{ width: 320 }} tooltip={{ formatter: (v) => `${v} %` }} />
                </Form.Item>
                <Form.Item name="weight" noStyle>
                  <InputNumber min={0.01} max={100} step={1} precision={2} addonAfter="%" style={{ width: 130 }} />
                </Form.Item>
              </Space>
            </Space>
          </Form.Item>
        )}
        <Form.Item name="stickyKey" label={t('rollout.stickyKey')} extra={t('rollout.stickyKeyHelp')}>
          <Radio.Group
            options={[
              { value: 'userId', label: t('rollout.sticky.userId') },
              { value: 'subjectKey', label: t('rollout.sticky.subjectKey') },
              { value: 'random', label: t('rollout.sticky.random') },
            ]}
          />
        </Form.Item>
        <Form.Item name="ramp" valuePropName="checked" style={{ marginBottom: ramp ? 8 : undefined }}>
          <Checkbox>{t('rollout.useRamp')}</Checkbox>
        </Form.Item>
        {ramp && (
          <Space align="start" wrap>
            <Form.Item
              name="steps"
              label={t('rollout.steps')}
              rules={[{ required: true, type: 'array', min: 1, message: t('rollout.stepsRequired') }]}
            >
              <Select<number[]>
                mode="multiple"
                style={{ minWidth: 300 }}
                options={STEP_OPTIONS.map((s) => ({ value: s, label: `${s} %` }))}
              />
            </Form.Item>
            <Form.Item name="autoAdvanceMinutes" label={t('rollout.autoAdvance')} extra={t('rollout.autoAdvanceHelp')}>
              <InputNumber min={1} max={10080} addonAfter={t('rollout.minutes')} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        )}
        <Collapse
          size="small"
          items={[
            {
              key: 'guardrails',
              label: t('rollout.guardrails'),
              children: (
                <>
                  <Form.Item name="metrics" label={t('rollout.guardrailMetrics')}>
                    <Checkbox.Group
                      options={[
                        { value: 'error_rate', label: t('rollout.metric.error_rate') },
                        { value: 'p95_latency', label: t('rollout.metric.p95_latency') },
                      ]}
                    />
                  </Form.Item>
                  <Space wrap>
                    <Form.Item name="minSamples" label={t('rollout.minSamples')}>
                      <InputNumber min={10} max={1_000_000} />
                    </Form.Item>
                    <Form.Item name="alpha" label={t('rollout.alpha')}>
                      <InputNumber min={0.0001} max={0.2} step={0.01} />
                    </Form.Item>
                    <Form.Item name="action" label={t('rollout.guardrailAction')}>
                      <Radio.Group
                        optionType="button"
                        options={[
                          { value: 'pause', label: t('rollout.action.pause') },
                          { value: 'rollback', label: t('rollout.action.rollback') },
                        ]}
                      />
                    </Form.Item>
                  </Space>
                </>
              ),
            },
          ]}
        />
        <Form.Item name="note" label={t('deploy.note')} style={{ marginTop: 16 }}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('rollout.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
