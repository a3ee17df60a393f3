import type { CreatedApiKeyResponseDto } from '@promptops/api-client';
import { Alert, Button, Modal, Typography } from 'antd';
import { CodeBlock } from '../../../components/CodeBlock';
import { CopyField } from '../../../components/CopyField';
import { useI18n } from '../../../i18n/use-i18n';

/** The only time the secret exists outside its hash: say so, and make copying it easy. */
export function ApiKeySecretModal({ created, onClose }: { created: CreatedApiKeyResponseDto | null; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={created !== null}
      title={t('apiKeys.secretTitle', { name: created?.name ?? '' })}
      onCancel={onClose}
      maskClosable={false}
      keyboard={false}
      width={600}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('apiKeys.secretDone')}
        </Button>
      }
    >
      {created && (
        <div className="secret-modal">
          <Alert type="warning" showIcon message={t('apiKeys.secretWarning')} />
          <CopyField value={created.key} ariaLabel={t('apiKeys.secret')} testId="api-key-secret" />
          <Typography.Text type="secondary">{t('apiKeys.secretUsage')}</Typography.Text>
          <CodeBlock code={`X-API-Key: ${created.key}`} />
        </div>
      )}
    </Modal>
  );
}
