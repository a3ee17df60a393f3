import type { RunMessageDto } from '@promptops/api-client';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import type { MessageKey } from '../../../i18n/messages/en';
import { useI18n } from '../../../i18n/use-i18n';
import { useEffectivePrivacyPolicy } from '../hooks/use-effective-privacy-policy';
import { entityLabel } from './PolicyEditor';

interface RedactionNoticeProps {
  /** Counts per entity type, from the run's answer. */
  redactions: Record<string, number> | undefined;
  /** The messages as sent to the model (redacted). */
  sent: RunMessageDto[];
  prompt?: string;
}

/** After a Playground run: what the privacy policy redacted before the call, and the text actually sent. */
export function RedactionNotice({ redactions, sent, prompt }: RedactionNoticeProps) {
  const { t } = useI18n();
  const policy = useEffectivePrivacyPolicy(prompt);
  const [showSent, setShowSent] = useState(false);
  const found = Object.entries(redactions ?? {}).filter(([, n]) => n > 0);
  if (found.length === 0) return null;
  const parts = found.map(([type, count]) => {
    const action = policy.data?.entities[type];
    const what = t('privacy.notice.count', { count, type: entityLabel(t, type) });
    return action && action !== 'off' ? `${what} ${t(`privacy.notice.${action}` as MessageKey)}` : what;
  });
  return (
    <Alert
      type="info"
      showIcon
      className="redaction-notice"
      data-testid="redaction-notice"
      message={t('privacy.notice.title', { what: parts.join(t('privacy.notice.separator')) })}
      description={
        <>
          <Button
            type="link"
            size="small"
            className="redaction-notice__toggle"
            icon={showSent ? <UpOutlined /> : <DownOutlined />}
            onClick={() => setShowSent(!showSent)}
            aria-expanded={showSent}
          >
            {showSent ? t('privacy.notice.hideSent') : t('privacy.notice.showSent')}
          </Button>
          {showSent && (
            <div data-testid="redacted-sent">
              {sent.map((message, index) => (
                <div key={index} className="redaction-notice__message">
                  <Typography.Text type="secondary">{message.role}</Typography.Text>
                  <pre className="mono redaction-notice__text">{message.content}</pre>
                </div>
              ))}
            </div>
          )}
        </>
      }
    />
  );
}
