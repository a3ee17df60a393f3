import { CopyOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import { useCopy } from '../lib/use-copy';

interface CodeBlockProps {
  code: string;
  testId?: string;
}

/** A ready-to-paste snippet with a copy button in its corner. */
export function CodeBlock({ code, testId }: CodeBlockProps) {
  const { t } = useI18n();
  const copy = useCopy();
  return (
    <div className="code-block">
      <pre data-testid={testId}>{code}</pre>
      <Tooltip title={t('preview.copy')}>
        <Button
          size="small"
          type="text"
          className="code-block__copy"
          icon={<CopyOutlined />}
          aria-label={t('preview.copy')}
          onClick={() => void copy(code)}
        />
      </Tooltip>
    </div>
  );
}
