import type { PromptResponseDto } from '@promptops/api-client';
import { Button, Popconfirm } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { Allowed } from '../../auth/components/Allowed';
import { useCan } from '../../auth/hooks/use-can';
import { useDisablePrompt } from '../hooks/use-disable-prompt';
import { useEnablePrompt } from '../hooks/use-enable-prompt';

interface TogglePromptButtonProps {
  prompt: Pick<PromptResponseDto, 'name' | 'enabled'>;
  size?: 'small' | 'middle';
  /** `link` inside tables, a regular button in page headers. */
  variant?: 'link' | 'default';
}

/** Disabling stops callers from getting the prompt, so both directions ask first. */
export function TogglePromptButton({ prompt, size = 'middle', variant = 'default' }: TogglePromptButtonProps) {
  const { t } = useI18n();
  const onError = useProblemHandler();
  const enable = useEnablePrompt();
  const disable = useDisablePrompt();
  const mutation = prompt.enabled ? disable : enable;
  const params = { name: prompt.name };
  const canEdit = useCan('prompt:edit');

  return (
    <Allowed permission="prompt:edit">
      <Popconfirm
        title={prompt.enabled ? t('prompt.disableConfirmTitle', params) : t('prompt.enableConfirmTitle', params)}
        description={prompt.enabled ? t('prompt.disableConfirmText') : t('prompt.enableConfirmText')}
        okText={prompt.enabled ? t('prompt.disable') : t('prompt.enable')}
        okButtonProps={{ danger: prompt.enabled }}
        cancelText={t('common.cancel')}
        onConfirm={() => mutation.mutateAsync({ path: { name: prompt.name } }).catch(onError)}
      >
        <Button size={size} type={variant} danger={prompt.enabled} loading={mutation.isPending} disabled={!canEdit}>
          {prompt.enabled ? t('prompt.disable') : t('prompt.enable')}
        </Button>
      </Popconfirm>
    </Allowed>
  );
}
