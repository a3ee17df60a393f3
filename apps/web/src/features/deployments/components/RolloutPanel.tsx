import {
  CheckCircleOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  StepForwardOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { RolloutArmStatsDto, RolloutResponseDto } from '@promptops/api-client';
import { Alert, App, Button, Card, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { formatCost, formatMs } from '../../runs';
import { useAbortRollout } from '../hooks/use-abort-rollout';
import { usePauseRollout } from '../hooks/use-pause-rollout';
import { usePromoteRollout } from '../hooks/use-promote-rollout';
import { useResumeRollout } from '../hooks/use-resume-rollout';
import { useRolloutStats } from '../hooks/use-rollout-stats';
import { useUpdateRollout } from '../hooks/use-update-rollout';
import { comparisonSentence, formatRate, ROLLOUT_STATUS_COLORS } from './rollout-format';

const RolloutChart = lazy(() => import('./RolloutChart'));

/** The active rollout of a deployment: its arms with live stats, the tests in words, and its actions. */
export function RolloutPanel({ prompt, rollout }: { prompt: string; rollout: RolloutResponseDto }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const onError = useProblemHandler();
  const env = rollout.environment;
  const path = { name: prompt, environment: env };
  // By id: once it ends (promote, abort) its stats still answer while the panel goes away.
  const stats = useRolloutStats(prompt, env, { id: rollout.id, live: rollout.status === 'running' });
  const update = useUpdateRollout();
  const pause = usePauseRollout();
  const resume = useResumeRollout();
  const promote = usePromoteRollout();
  const abort = useAbortRollout();
  const candidate = rollout.candidates[0];
  const nextStep =
    rollout.steps && rollout.currentStep !== null && rollout.currentStep < rollout.steps.length - 1
      ? rollout.steps[rollout.currentStep + 1]
      : null;
  const params = { candidate: candidate.version, baseline: rollout.baselineVersion, env };

  const confirmPromote = () =>
    modal.confirm({
      title: t('rollout.promoteConfirmTitle', params),
      content: t('rollout.promoteConfirmText', params),
      okText: t('rollout.promote'),
      cancelText: t('common.cancel'),
      onOk: () =>
        promote
          .mutateAsync({ path, body: { version: candidate.version } })
          .then(() => message.success(t('rollout.promoted', params)))
          .catch(onError),
    });
  const confirmAbort = () =>
    modal.confirm({
      title: t('rollout.abortConfirmTitle', params),
      content: t('rollout.abortConfirmText', params),
      okText: t('rollout.abort'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        abort
          .mutateAsync({ path, body: {} })
          .then(() => message.success(t('rollout.aborted', params)))
          .catch(onError),
    });

  const columns = [
    {
      title: t('rollout.arm'),
      key: 'arm',
      render: (_: unknown, arm: RolloutArmStatsDto) => (
        <Space size={4}>
          <Tag color={arm.variant === 'baseline' ? 'default' : 'blue'} bordered={false}>
            {arm.variant === 'baseline' ? t('rollout.baseline') : t('rollout.candidateArm')}
          </Tag>
          <span className="version-number">v{arm.version}</span>
        </Space>
      ),
    },
    { title: t('rollout.share'), dataIndex: 'weight', render: (w: number) => `${w} %` },
    { title: t('rollout.requests'), dataIndex: 'requests' },
    { title: t('rollout.errorRate'), dataIndex: 'errorRate', render: (r: number | null) => formatRate(r) },
    { title: 'p50', dataIndex: 'latencyP50Ms', render: (v: number | null) => formatMs(v) },
    { title: 'p95', dataIndex: 'latencyP95Ms', render: (v: number | null) => formatMs(v) },
    { title: t('rollout.meanCost'), dataIndex: 'meanCostUsd', render: (v: number | null) => formatCost(v) },
  ];

  const guardrail = stats.data?.guardrail;
  return (
    <Card
      size="small"
      className="rollout-panel"
      data-testid={`rollout-panel-${env}`}
      style={{ marginTop: 12, borderColor: '#91caff' }}
      title={
        <Space wrap>
          <span>{t('rollout.panelTitle', params)}</span>
          <Tag color={ROLLOUT_STATUS_COLORS[rollout.status]} data-testid="rollout-status">
            {t(`rollout.status.${rollout.status}`)}
          </Tag>
          <Typography.Text type="secondary" className="small">
            {rollout.steps
              ? t('rollout.stepOf', {
                  step: (rollout.currentStep ?? 0) + 1,
                  steps: rollout.steps.length,
                  weight: candidate.weight,
                })
              : t('rollout.weightNow', { weight: candidate.weight })}
            {' · '}
            {t(`rollout.sticky.${rollout.stickyKey}`)}
          </Typography.Text>
        </Space>
      }
      extra={
        <Allowed permission="prompt:publish">
          <Space wrap>
            {nextStep !== null && (
              <Button
                size="small"
                icon={<StepForwardOutlined />}
                loading={update.isPending}
                onClick={() =>
                  update
                    .mutateAsync({ path, body: { nextStep: true } })
                    .then(() => message.success(t('rollout.stepped', { weight: nextStep })))
                    .catch(onError)
                }
              >
                {t('rollout.nextStep', { weight: nextStep })}
              </Button>
            )}
            {rollout.status === 'running' ? (
              <Button
                size="small"
                icon={<PauseCircleOutlined />}
                loading={pause.isPending}
                onClick={() => pause.mutateAsync({ path, body: {} }).catch(onError)}
              >
                {t('rollout.pause')}
              </Button>
            ) : (
              <Button
                size="small"
                icon={<PlayCircleOutlined />}
                loading={resume.isPending}
                onClick={() => resume.mutateAsync({ path, body: {} }).catch(onError)}
              >
                {t('rollout.resume')}
              </Button>
            )}
            <Button size="small" type="primary" icon={<CheckCircleOutlined />} onClick={confirmPromote}>
              {t('rollout.promote')}
            </Button>
            <Button size="small" danger icon={<StopOutlined />} onClick={confirmAbort}>
              {t('rollout.abort')}
            </Button>
          </Space>
        </Allowed>
      }
    >
      {rollout.status === 'paused' && rollout.reason && (
        <Alert type="warning" showIcon message={rollout.reason} style={{ marginBottom: 12 }} />
      )}
      {stats.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : stats.isError ? (
        <Alert type="error" showIcon message={t('rollout.statsFailed')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Table
            size="small"
            rowKey="variant"
            pagination={false}
            columns={columns}
            dataSource={stats.data.arms}
            data-testid="rollout-arms"
          />
          {stats.data.comparisons.map((c) => (
            <Typography.Text key={c.variant} strong={c.errorRate.significant || c.p95Latency.significant}>
              {comparisonSentence(c, t)}
            </Typography.Text>
          ))}
          {guardrail && (
            <Typography.Text type="secondary" className="small" data-testid="rollout-guardrail">
              {guardrail.state === 'collecting'
                ? t('rollout.guardrail.collecting', { n: guardrail.smallestArm, min: guardrail.minSamples })
                : t(`rollout.guardrail.${guardrail.state}`, { alpha: guardrail.alpha })}
            </Typography.Text>
          )}
          {stats.data.series.length > 0 && (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 180 }} />}>
              <RolloutChart series={stats.data.series} />
            </Suspense>
          )}
        </Space>
      )}
    </Card>
  );
}
