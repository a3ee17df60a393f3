import type { ExperimentEstimateResponseDto, VariantEstimateDto } from '@promptops/api-client';
import { Alert, Card, Descriptions, Empty, Spin, Table, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemText } from '../../../lib/use-problem-text';
import { formatCost } from '../../runs';

interface EstimatePanelProps {
  /** False while the form lacks what an estimate needs. */
  ready: boolean;
  estimate: ExperimentEstimateResponseDto | undefined;
  error: unknown;
  fetching: boolean;
  repetitions: number;
  budgetUsd: number | null | undefined;
}

function tokens(n: number): string {
  return n.toLocaleString();
}

/** What the experiment would run and cost, refreshed as the form changes. */
export function EstimatePanel({ ready, estimate, error, fetching, repetitions, budgetUsd }: EstimatePanelProps) {
  const { t } = useI18n();
  const problemText = useProblemText();

  let body;
  if (!ready) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experiments.estimate.incomplete')} />;
  else if (error)
    body = <Alert type="error" showIcon message={t('experiments.estimate.failed')} description={problemText(error)} />;
  else if (!estimate) body = <Spin />;
  else {
    const overBudget = typeof budgetUsd === 'number' && estimate.costUsd !== null && estimate.costUsd > budgetUsd;
    body = (
      <div className="estimate-panel__body">
        <Typography.Paragraph className="estimate-panel__formula" data-testid="estimate-formula">
          {t('experiments.estimate.formula', {
            items: estimate.items,
            variants: estimate.variants.length,
            repetitions,
            results: estimate.totalResults,
          })}
        </Typography.Paragraph>
        <Table<VariantEstimateDto>
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={estimate.variants}
          columns={[
            {
              title: t('experiments.variant'),
              dataIndex: 'label',
              render: (label: string, v) => (
                <div className="prompt-title-cell">
                  <span>{label}</span>
                  <Typography.Text type="secondary" className="small mono">
                    {v.model}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('experiments.estimate.tokens'),
              align: 'right',
              render: (_, v) => (
                <span className="mono small">
                  {tokens(v.promptTokens)} / {tokens(v.completionTokens)}
                </span>
              ),
            },
            {
              title: t('experiments.estimate.cost'),
              align: 'right',
              render: (_, v) =>
                v.costUsd === null ? (
                  <Typography.Text type="secondary">{t('experiments.estimate.noPrice')}</Typography.Text>
                ) : (
                  <span className="mono">{formatCost(v.costUsd)}</span>
                ),
            },
          ]}
        />
        <Descriptions size="small" column={1} className="estimate-panel__totals">
          <Descriptions.Item label={t('experiments.estimate.judgeCalls')}>{estimate.judgeCalls}</Descriptions.Item>
          <Descriptions.Item label={t('experiments.estimate.total')}>
            <span className="mono" data-testid="estimate-cost">
              {estimate.costUsd === null ? t('experiments.estimate.noPrice') : formatCost(estimate.costUsd)}
            </span>
            {estimate.maxCostUsd !== null && (
              <Typography.Text type="secondary" className="small">
                &nbsp;{t('experiments.estimate.atMost', { cost: formatCost(estimate.maxCostUsd) })}
              </Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
        {estimate.judgeCalls > 0 && (
          <Typography.Text type="secondary" className="small">
            {t('experiments.estimate.judgesExtra')}
          </Typography.Text>
        )}
        {overBudget && <Alert type="warning" showIcon message={t('experiments.estimate.overBudget')} />}
        {estimate.missingVariables.length > 0 && (
          <Alert
            type="error"
            showIcon
            data-testid="estimate-missing"
            message={t('experiments.estimate.missing', { count: estimate.missingVariables.length })}
          />
        )}
      </div>
    );
  }

  return (
    <Card
      size="small"
      className="estimate-panel"
      data-testid="estimate-panel"
      title={t('experiments.estimate.title')}
      extra={fetching && ready ? <Spin size="small" /> : null}
    >
      {body}
    </Card>
  );
}
