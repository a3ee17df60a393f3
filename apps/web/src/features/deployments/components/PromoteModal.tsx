import type { DeploymentResponseDto } from '@promptops/api-client';
import { Alert, App, Input, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { usePromptDiff } from '../../prompts/hooks/use-prompt-diff';
import { RunIssuesAlert } from '../../prompts/components/RunIssues';
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
  // The server's line diff, as plain lines: a dialog opens and closes too often for an editor widget.
  const diff = usePromptDiff(
    prompt,
    open ? (to.version ?? undefined) : undefined,
    open ? (from.version ?? undefined) : undefined,
  );
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

  const loading = incoming.isPending || (to.version !== null && diff.isPending);

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
        {incoming.data && !incoming.data.runnable && <RunIssuesAlert issues={incoming.data.runIssues} className="" />}
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <pre className="promote-diff" data-testid="promote-diff">
            {(
              diff.data?.template.lines ??
              (incoming.data?.template ?? '').split('\n').map((text) => ({ type: 'added', text }))
            ).map((line, index) => (
              <div key={index} className={`promote-diff__line promote-diff__line--${line.type}`}>
                <span className="promote-diff__sign">
                  {line.type === 'added' ? '+' : line.type === 'removed' ? '−' : ' '}
                </span>
                {line.text}
              </div>
            ))}
          </pre>
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
