import { Alert, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import type { LiveRender } from '../hooks/use-live-render';
import { ChatBubbles } from './ChatBubbles';
import { RenderedOutput } from './RenderedOutput';

/** What the browser renders as the variables are typed: the prompt, or what keeps it from rendering. */
export function LivePreview({ live }: { live: LiveRender }) {
  const { t } = useI18n();
  if (live.messages) return <ChatBubbles messages={live.messages} />;
  if (live.text !== undefined) return <RenderedOutput text={live.text} />;
  if (live.error || live.missing.length === 0) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('preview.renderError')}
        description={live.error ?? t('preview.fixFields')}
        data-testid="render-error"
      />
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      message={t('preview.fillIn', { count: live.missing.length })}
      description={
        <Typography.Text type="secondary">{live.missing.map((name) => `{{ ${name} }}`).join(', ')}</Typography.Text>
      }
    />
  );
}
