import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Space, Tooltip } from 'antd';
import { type ReactNode, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useI18n } from '../../../i18n/use-i18n';
import { remarkHardBreaks } from '../remark-hard-breaks';

type View = 'markdown' | 'raw';

export function RenderedOutput({ text, extra }: { text: string; extra?: ReactNode }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<View>('markdown');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('preview.copied'));
    } catch {
      message.error(t('preview.copyFailed'));
    }
  };

  return (
    <div className="rendered-output">
      <div className="rendered-output__bar">
        <Segmented<View>
          size="small"
          value={view}
          onChange={setView}
          options={[
            { value: 'markdown', label: t('preview.markdown') },
            { value: 'raw', label: t('preview.raw') },
          ]}
        />
        <Space size={8}>
          {extra}
          <Tooltip title={t('preview.copy')}>
            <Button size="small" icon={<CopyOutlined />} onClick={copy} aria-label={t('preview.copy')} />
          </Tooltip>
        </Space>
      </div>
      {view === 'markdown' ? (
        <div className="markdown-body" data-testid="rendered-markdown">
          <Markdown remarkPlugins={[remarkGfm, remarkHardBreaks]}>{text}</Markdown>
        </div>
      ) : (
        <pre className="rendered-output__raw" data-testid="rendered-raw">
          {text}
        </pre>
      )}
    </div>
  );
}
