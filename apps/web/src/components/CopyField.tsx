import { CopyOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tooltip } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import { useCopy } from '../lib/use-copy';

interface CopyFieldProps {
  value: string;
  ariaLabel: string;
  testId?: string;
}

/** A read-only value (a URL, a secret) that is meant to be copied, not read. */
export function CopyField({ value, ariaLabel, testId }: CopyFieldProps) {
  const { t } = useI18n();
  const copy = useCopy();
  return (
    <Space.Compact className="copy-field">
      <Input
        readOnly
        value={value}
        aria-label={ariaLabel}
        className="mono"
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      <Tooltip title={t('preview.copy')}>
        <Button icon={<CopyOutlined />} onClick={() => void copy(value)} aria-label={t('preview.copy')}>
          {t('preview.copy')}
        </Button>
      </Tooltip>
    </Space.Compact>
  );
}
