import { ReloadOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import { useProblemText } from '../lib/use-problem-text';

interface LoadErrorProps {
  /** The failed query's error: its problem is shown, translated by `code`. */
  error: unknown;
  /** Fetches again; the button spins while it does. */
  onRetry(): unknown;
  retrying?: boolean;
  /** Smaller, for a list inside a tab or a drawer. */
  compact?: boolean;
}

/** A list or a page that could not load: says why and offers to try again, never looks empty. */
export function LoadError({ error, onRetry, retrying, compact }: LoadErrorProps) {
  const { t } = useI18n();
  const problemText = useProblemText();
  return (
    <div className={compact ? 'load-error load-error--compact' : 'load-error'} data-testid="load-error" role="alert">
      <Result
        status="warning"
        title={t('common.loadFailed')}
        subTitle={problemText(error)}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void onRetry()} loading={retrying}>
            {t('common.retry')}
          </Button>
        }
      />
    </div>
  );
}
