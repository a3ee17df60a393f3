import type { DeploymentResponseDto } from '@promptops/api-client';
import { Alert, App, Input, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TemplateDiff } from '../../../editor/TemplateDiff';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { usePromptVersion } from '../../prompts/hooks/use-prompt-version';
import { useDeployVersion } from '../hooks/use-deploy-version';

interface PromoteModalProps {
  prompt: string;
  from: DeploymentResponseDto;
  to: DeploymentResponseDto;
  open: boolean;
  onClose(): void;
}

/** Deploys what `from` serves to `to`, after showing what changes for `to`'s callers. */
export function PromoteModal({ prompt, from, to, open, onClose }: PromoteModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const deploy = useDeployVersion();
  const [note, setNote] = useState('');
  const incoming = usePromptVersion(prompt, open ? (from.version ?? undefined) : undefined);
  const current = usePromptVersion(prompt, open ? (to.version ?? undefined) : undefined);
  const params = { from: from.environment, to: to.environment, version: from.version ?? 0 };

  const promote = () =>
    deploy.mutate(
      {
        path: { name: prompt, environment: to.environment },
        body: { version: from.version!, note: note.trim() || t('promote.defaultNote', params) },
      },
      {
        onSuccess: () => {
          message.success(t('promote.done', params));
          setNote('');
          onClose();
        },
        onError: (error) => onError(error),
      },
    );

  const loading = incoming.isPending || (to.version !== null && current.isPending);

  return (
    <Modal
      open={open}
      title={t('promote.title', params)}
      okText={t('promote.submit')}
      cancelText={t('common.cancel')}
      onOk={promote}
      onCancel={onClose}
      confirmLoading={deploy.isPending}
      okButtonProps={{ disabled: loading }}
      width={960}
      destroyOnHidden
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="promote-dialog">
        <Typography.Text>
          <Tag className="mono">{to.environment}</Tag>
          {to.version === null ? t('promote.nothingYet') : `v${to.version}`} → <strong>v{from.version}</strong>
        </Typography.Text>
        {to.isProtected && incoming.data && incoming.data.status !== 'published' && (
          <Alert type="warning" showIcon message={t('deploy.protectedOnlyPublished', { env: to.environment })} />
        )}
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <TemplateDiff original={current.data?.template ?? ''} modified={incoming.data?.template ?? ''} height={360} />
        )}
        <Input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('promote.notePlaceholder')}
          aria-label={t('deploy.note')}
          maxLength={500}
        />
      </Space>
    </Modal>
  );
}
