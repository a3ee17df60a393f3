import type { ExperimentResponseDto } from '@promptops/api-client';
import { Progress, Space, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost } from '../../runs';
import { isUnderWay, progressPercent } from '../experiment-status';

interface ExperimentProgressProps {
  experiment: ExperimentResponseDto;
  /** The list's one-line version: the bar and done/total only. */
  compact?: boolean;
}

/** Results done of the total, with what went wrong and what it has cost so far. */
export function ExperimentProgress({ experiment, compact }: ExperimentProgressProps) {
  const { t } = useI18n();
  const { progress, status } = experiment;
  const percent = progressPercent(experiment);
  const bar = (
    <Progress
      percent={percent}
      size={compact ? 'small' : 'default'}
      status={
        status === 'failed'
          ? 'exception'
          : isUnderWay(status)
            ? 'active'
            : status === 'completed'
              ? 'success'
              : 'normal'
      }
      format={() => `${progress.done} / ${progress.total}`}
      aria-label={t('experiments.progress')}
    />
  );
  if (compact) return <div className="experiment-progress--compact">{bar}</div>;
  return (
    <div
      className="experiment-progress"
      data-testid="experiment-progress"
      data-done={progress.done}
      data-total={progress.total}
    >
      {bar}
      <Space size="large" wrap className="experiment-progress__facts">
        <Typography.Text>
          {t('experiments.progressDone', { done: progress.done, total: progress.total })}
        </Typography.Text>
        <Typography.Text type={progress.failed > 0 ? 'danger' : 'secondary'}>
          {t('experiments.progressFailed', { count: progress.failed })}
        </Typography.Text>
        <Typography.Text type={progress.scorerErrors > 0 ? 'warning' : 'secondary'}>
          {t('experiments.progressScorerErrors', { count: progress.scorerErrors })}
        </Typography.Text>
        <Typography.Text>
          {experiment.budgetUsd !== null
            ? t('experiments.progressCostOfBudget', {
                cost: formatCost(progress.costUsd),
                budget: formatCost(experiment.budgetUsd),
              })
            : t('experiments.progressCost', { cost: formatCost(progress.costUsd) })}
        </Typography.Text>
      </Space>
    </div>
  );
}
