import { Alert } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { useProblemText } from '../../../lib/use-problem-text';

/** A refused import in place: where in the file (line and column) as the title, then what is wrong. */
export function ImportErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const place = isProblem(error) ? (error as { line?: number | null; column?: number | string | null }) : {};
  const where = place.line
    ? t('datasets.importFailedAt', { line: place.line, column: place.column ?? '—' })
    : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="dataset-import-error"
      message={where ?? t('common.requestFailed')}
      // The title names the place already; the server's detail starts with it too.
      description={problemText(error).replace(/^line \d+(, column [^:]+)?: /, '')}
    />
  );
}
