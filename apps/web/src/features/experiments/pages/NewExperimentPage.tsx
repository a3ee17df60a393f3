import { ArrowLeftOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { MAX_REPETITIONS } from '@promptops/shared';
import { Button, Card, Form, Input, InputNumber, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { useApplyFieldErrors } from '../../../lib/use-field-errors';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth';
import { DatasetPicker } from '../components/DatasetPicker';
import { EstimatePanel } from '../components/EstimatePanel';
import { ScorersField } from '../components/ScorersField';
import { VariantsField } from '../components/VariantsField';
import { defaultScorerConfig, type ExperimentFormValues, experimentBody, formFieldPath } from '../experiment-form';
import { useCreateExperiment } from '../hooks/use-create-experiment';
import { useEstimateExperiment } from '../hooks/use-estimate-experiment';

/** The API's field errors under the form's names (see formFieldPath). */
function withFormFields(error: unknown): unknown {
  if (!isProblem(error) || !error.errors?.length) return error;
  return { ...error, errors: error.errors.map((e) => ({ ...e, field: formFieldPath(e.field) })) };
}

/**
 * A new experiment: a dataset, the variants to compare (the first is the baseline), how often
 * each item runs, how outputs are scored, and a budget; the estimate beside it follows the form.
 * `?dataset=` and `?prompt=` fill it in (links from a dataset or a prompt).
 */
export default function NewExperimentPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<ExperimentFormValues>();
  const values = Form.useWatch([], form) as ExperimentFormValues | undefined;
  const createExperiment = useCreateExperiment();
  const onError = useProblemHandler();
  const applyFieldErrors = useApplyFieldErrors();

  // Read once: the form owns the values from then on.
  const [initialValues] = useState<ExperimentFormValues>(() => {
    const prompt = searchParams.get('prompt') ?? undefined;
    return {
      dataset: searchParams.get('dataset') ?? undefined,
      variants: [{ prompt }, { prompt }],
      repetitions: 1,
      scorers: [{ name: 'exact', kind: 'exact_match', config: defaultScorerConfig('exact_match') }],
    };
  });

  const body = useMemo(() => (values ? experimentBody(values) : undefined), [values]);
  const estimate = useEstimateExperiment(body);
  const missing = estimate.data && !estimate.isPlaceholderData ? estimate.data.missingVariables : [];

  // An estimate that names fields (a bad pattern, an unknown provider) marks them where they are.
  useEffect(() => {
    if (estimate.error) applyFieldErrors(form, withFormFields(estimate.error));
  }, [estimate.error, form, applyFieldErrors]);

  const blocked = missing.length > 0;
  const onFinish = (submitted: ExperimentFormValues) => {
    const request = experimentBody(submitted);
    if (!request) return;
    createExperiment.mutate(
      { body: request },
      {
        onSuccess: (experiment) => navigate(`/experiments/${experiment.id}`),
        onError: (error) => onError(withFormFields(error), form),
      },
    );
  };

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Link to="/experiments" className="back-link">
            <ArrowLeftOutlined /> {t('experiments.title')}
          </Link>
          <Typography.Title level={3}>{t('experiments.new')}</Typography.Title>
          <Typography.Text type="secondary">{t('experiments.newSubtitle')}</Typography.Text>
        </div>
      </div>
      <Form<ExperimentFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={(changed: ExperimentFormValues) => {
          // Another dataset has versions of its own.
          if ('dataset' in changed) form.setFieldValue('datasetVersion', undefined);
          changed.variants?.forEach((variant, index) => {
            // Another prompt has versions of its own; another provider, models of its own.
            if (variant && 'prompt' in variant) form.setFieldValue(['variants', index, 'version'], undefined);
            if (variant && 'provider' in variant) form.setFieldValue(['variants', index, 'model'], undefined);
          });
          changed.scorers?.forEach((scorer, index) => {
            if (scorer?.config && 'provider' in scorer.config)
              form.setFieldValue(['scorers', index, 'config', 'model'], undefined);
          });
        }}
        className="new-experiment"
        data-testid="new-experiment-form"
      >
        <div className="new-experiment__main">
          <Card title={t('experiments.form.basics')} size="small">
            <Form.Item
              name="name"
              label={t('experiments.form.name')}
              rules={[{ required: true, whitespace: true, message: t('experiments.form.nameRequired') }]}
            >
              <Input maxLength={200} placeholder={t('experiments.form.namePlaceholder')} />
            </Form.Item>
            <Form.Item name="description" label={t('experiments.form.description')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={5000} />
            </Form.Item>
            <DatasetPicker />
            <div className="form-row">
              <Form.Item
                name="repetitions"
                label={t('experiments.form.repetitions')}
                tooltip={t('experiments.form.repetitionsHelp')}
                rules={[{ required: true, message: t('experiments.form.repetitionsRequired') }]}
              >
                <InputNumber min={1} max={MAX_REPETITIONS} precision={0} className="full-width" />
              </Form.Item>
              <Form.Item
                name="budgetUsd"
                label={t('experiments.form.budget')}
                tooltip={t('experiments.form.budgetHelp')}
              >
                <InputNumber
                  min={0}
                  step={0.5}
                  prefix="$"
                  placeholder={t('experiments.form.noBudget')}
                  className="full-width"
                />
              </Form.Item>
            </div>
          </Card>
          <Card
            title={t('experiments.form.variants')}
            size="small"
            extra={<Typography.Text type="secondary">{t('experiments.form.variantsHelp')}</Typography.Text>}
          >
            <VariantsField missing={missing} items={estimate.data?.items} />
          </Card>
          <Card
            title={t('experiments.form.scorers')}
            size="small"
            extra={<Typography.Text type="secondary">{t('experiments.form.scorersHelp')}</Typography.Text>}
          >
            <ScorersField />
          </Card>
        </div>
        <div className="new-experiment__side">
          <EstimatePanel
            ready={body !== undefined}
            estimate={estimate.data}
            error={estimate.error}
            fetching={estimate.isFetching}
            repetitions={values?.repetitions ?? 1}
            budgetUsd={values?.budgetUsd}
          />
          <Allowed permission="prompt:edit">
            <Tooltip title={blocked ? t('experiments.form.blockedByMissing') : undefined}>
              <Button
                type="primary"
                size="large"
                block
                htmlType="submit"
                icon={<PlayCircleOutlined />}
                loading={createExperiment.isPending}
                disabled={blocked}
                data-testid="start-experiment"
              >
                {t('experiments.form.start')}
              </Button>
            </Tooltip>
          </Allowed>
        </div>
      </Form>
    </div>
  );
}
