import { DeleteOutlined, DownloadOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import type { ExperimentResponseDto } from '@promptops/api-client';
import { App, Button, Dropdown, Form, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth';
import { formatCost } from '../../runs';
import { isResumable, isUnderWay } from '../experiment-status';
import { useCancelExperiment } from '../hooks/use-cancel-experiment';
import { useDeleteExperiment } from '../hooks/use-delete-experiment';
import { useDownloadReport } from '../hooks/use-download-report';
import { useResumeExperiment } from '../hooks/use-resume-experiment';

/** Cancel while it runs, resume when it stopped, delete once it has ended; the reports. */
export function ExperimentActions({ experiment }: { experiment: ExperimentResponseDto }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const cancel = useCancelExperiment();
  const resume = useResumeExperiment();
  const remove = useDeleteExperiment();
  const report = useDownloadReport();
  const [askingBudget, setAskingBudget] = useState(false);
  const id = experiment.id;
  const path = { id };

  const onResume = () => {
    if (experiment.status === 'budget_exceeded') setAskingBudget(true);
    else resume.mutate({ path, body: {} }, { onError: (error) => onError(error) });
  };

  const onDelete = () =>
    modal.confirm({
      title: t('experiments.deleteTitle', { name: experiment.name }),
      content: t('experiments.deleteText'),
      okText: t('experiments.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(
          { path },
          {
            onSuccess: () => {
              message.success(t('experiments.deleted'));
              navigate('/experiments');
            },
            onError: (error) => onError(error),
          },
        ),
    });

  return (
    <Space wrap>
      <Dropdown
        menu={{
          items: [
            { key: 'markdown', label: t('experiments.reportMarkdown') },
            { key: 'junit', label: t('experiments.reportJunit') },
          ],
          onClick: ({ key }) =>
            report.mutate({ id, format: key as 'junit' | 'markdown' }, { onError: (error) => onError(error) }),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={report.isPending}>
          {t('experiments.report')}
        </Button>
      </Dropdown>
      {isUnderWay(experiment.status) && (
        <Allowed permission="prompt:edit">
          <Button
            icon={<StopOutlined />}
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ path }, { onError: (error) => onError(error) })}
            data-testid="cancel-experiment"
          >
            {t('experiments.cancel')}
          </Button>
        </Allowed>
      )}
      {isResumable(experiment.status) && (
        <Allowed permission="prompt:edit">
          <Button type="primary" icon={<PlayCircleOutlined />} loading={resume.isPending} onClick={onResume}>
            {t('experiments.resume')}
          </Button>
        </Allowed>
      )}
      {!isUnderWay(experiment.status) && (
        <Allowed permission="prompt:edit">
          <Button danger icon={<DeleteOutlined />} onClick={onDelete}>
            {t('experiments.delete')}
          </Button>
        </Allowed>
      )}
      <ResumeBudgetModal
        open={askingBudget}
        experiment={experiment}
        pending={resume.isPending}
        onCancel={() => setAskingBudget(false)}
        onResume={(budgetUsd) =>
          resume.mutate(
            { path, body: { budgetUsd } },
            { onSuccess: () => setAskingBudget(false), onError: (error) => onError(error) },
          )
        }
      />
    </Space>
  );
}

interface ResumeBudgetModalProps {
  open: boolean;
  experiment: ExperimentResponseDto;
  pending: boolean;
  onCancel(): void;
  onResume(budgetUsd: number): void;
}

/** An experiment that stopped at its budget continues only with a larger one. */
function ResumeBudgetModal({ open, experiment, pending, onCancel, onResume }: ResumeBudgetModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ budgetUsd: number }>();
  const spent = experiment.progress.costUsd;
  const remaining = experiment.estimatedCostUsd !== null ? Math.max(0, experiment.estimatedCostUsd - spent) : null;
  const suggested = Math.ceil((spent + (remaining ?? spent)) * 100) / 100 || 1;
  return (
    <Modal
      open={open}
      title={t('experiments.resumeBudgetTitle')}
      okText={t('experiments.resume')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('experiments.resumeBudgetText', {
          spent: formatCost(spent),
          budget: formatCost(experiment.budgetUsd),
        })}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ budgetUsd: suggested }}
        onFinish={({ budgetUsd }) => onResume(budgetUsd)}
      >
        <Form.Item
          name="budgetUsd"
          label={t('experiments.form.budget')}
          rules={[
            { required: true, message: t('experiments.resumeBudgetRequired') },
            {
              validator: async (_rule, value: number | undefined) => {
                if (value !== undefined && value <= spent)
                  throw new Error(t('experiments.resumeBudgetTooLow', { spent: formatCost(spent) }));
              },
            },
          ]}
        >
          <InputNumber min={0} step={0.5} prefix="$" className="full-width" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
