import type { FlowIssueDto } from '@promptops/api-client';
import { Alert, Button, Space } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

/** Every problem of the definition above the graph; a click opens the step it concerns. */
export function IssueList({ issues, onOpen }: { issues: FlowIssueDto[]; onOpen(step: string | undefined): void }) {
  const { t } = useI18n();
  if (issues.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      className="flow-issues"
      data-testid="flow-issues"
      message={t('flow.issues', { count: issues.length })}
      description={
        <ul className="flow-issues__list">
          {issues.map((issue, i) => (
            <li key={i}>
              <Space size={4} wrap>
                {issue.steps.map((step) => (
                  <Button key={step} size="small" type="link" className="mono" onClick={() => onOpen(step)}>
                    {step}
                  </Button>
                ))}
                <span>{issue.message}</span>
              </Space>
            </li>
          ))}
        </ul>
      }
    />
  );
}
