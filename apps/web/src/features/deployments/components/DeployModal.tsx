import type { DeploymentResponseDto, VersionSummaryDto } from '@promptops/api-client';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { RunIssuesAlert } from '../../prompts/components/RunIssues';
import { useDeployVersion } from '../hooks/use-deploy-version';

interface DeployModalProps {
  open: boolean;
  onClose(): void;
  prompt: string;
  deployment: DeploymentResponseDto;
  versions: VersionSummaryDto[];
}

interface Values {
  version?: number;
  note?: string;
}

export function DeployModal({ open, onClose, prompt, deployment, versions }: DeployModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const deploy = useDeployVersion();
  const [form] = Form.useForm<Values>();
  const env = deployment.environment;
  const chosenVersion = Form.useWatch('version', form);
  const chosen = versions.find((v) => v.version === chosenVersion);

  // Archived versions cannot be deployed anywhere; a protected environment takes published ones only.
  const deployable = versions.filter((v) =>
    deployment.isProtected ? v.status === 'published' : v.status !== 'archived',
  );
  const suggested =
    deployable.find((v) => v.isLatest && v.version !== deployment.version) ??
    deployable.find((v) => v.version !== deployment.version);

  useEffect(() => {
    if (open) form.setFieldsValue({ version: suggested?.version, note: undefined });
    // Suggest once per opening, not on every refetch of the versions.
  }, [open]);

  const submit = (values: Values) =>
    deploy.mutate(
      {
        path: { name: prompt, environment: env },
        body: { version: values.version!, note: values.note?.trim() || undefined },
      },
      {
        onSuccess: (result) => {
          message.success(t('deploy.deployed', { version: result.version ?? '', env }));
          onClose();
        },
        onError: (error) => onError(error, form),
      },
    );

  return (
    <Modal
      open={open}
      title={t('deploy.modalTitle', { env })}
      okText={t('deploy.deploy')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: deploy.isPending, disabled: deployable.length === 0 }}
      destroyOnHidden
    >
      {deployment.isProtected && (
        <Alert
          className="modal-alert"
          type={deployable.length === 0 ? 'warning' : 'info'}
          showIcon
          message={t('deploy.protectedOnlyPublished', { env })}
          description={deployable.length === 0 ? t('deploy.publishFirst') : undefined}
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" preserve={false}>
        <Form.Item
          name="version"
          label={t('version.version')}
          rules={[{ required: true, message: t('deploy.versionRequired') }]}
        >
          <Select<number>
            placeholder={t('deploy.versionPlaceholder')}
            options={deployable.map((v) => ({
              value: v.version,
              label: [
                `v${v.version}`,
                t(`versionStatus.${v.status}`),
                v.isLatest ? t('version.latest') : null,
                v.version === deployment.version ? t('deploy.current') : null,
                v.runnable ? null : t('runIssue.tag'),
                v.comment,
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
          />
        </Form.Item>
        {chosen && !chosen.runnable && <RunIssuesAlert issues={chosen.runIssues} />}
        <Form.Item name="note" label={t('deploy.note')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('deploy.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
