import { WarningOutlined } from '@ant-design/icons';
import type { LintWarning } from '@promptops/templating';
import { Typography } from 'antd';
import { useLintMessage } from './use-lint-message';

/** Lint warnings shown under the form field they are about. */
export function FieldWarnings({ warnings }: { warnings: LintWarning[] }) {
  const text = useLintMessage();
  if (warnings.length === 0) return null;
  return (
    <div className="builder-warnings">
      {warnings.map((w, i) => (
        <Typography.Text
          key={i}
          type={w.severity === 'error' ? 'danger' : 'warning'}
          className="small"
          data-testid="builder-warning"
          data-code={w.code}
        >
          <WarningOutlined /> {text(w)}
        </Typography.Text>
      ))}
    </div>
  );
}
