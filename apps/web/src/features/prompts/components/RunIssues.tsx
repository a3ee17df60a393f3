import { WarningOutlined } from '@ant-design/icons';
import type { RunIssueDto } from '@promptops/api-client';
import { Alert, Tag, Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

/** The server's message in English (it names the provider and model); the code's translation otherwise. */
function useIssueText(): (issue: RunIssueDto) => string {
  const { t, language } = useI18n();
  return (issue) => (language === 'en' ? issue.message : t(`runIssue.${issue.code}`));
}

export function RunIssueList({ issues }: { issues: RunIssueDto[] }) {
  const text = useIssueText();
  return (
    <ul className="run-issues" data-testid="run-issues">
      {issues.map((issue) => (
        <li key={issue.code}>{text(issue)}</li>
      ))}
    </ul>
  );
}

/** Why a version would fail on the run API, before it is published, deployed or promoted. */
export function RunIssuesAlert({ issues, className = 'modal-alert' }: { issues: RunIssueDto[]; className?: string }) {
  const { t } = useI18n();
  return (
    <Alert
      className={className}
      type="warning"
      showIcon
      data-testid="not-runnable"
      message={t('runIssue.title')}
      description={
        <>
          <RunIssueList issues={issues} />
          {t('runIssue.proceedHint')}
        </>
      }
    />
  );
}

/** A small flag on a version that cannot run on a model as it stands. */
export function NotRunnableTag({ issues }: { issues: RunIssueDto[] }) {
  const { t } = useI18n();
  const text = useIssueText();
  return (
    <Tooltip title={issues.map(text).join(' · ')}>
      <Tag color="warning" bordered={false} icon={<WarningOutlined />} data-testid="not-runnable-tag">
        {t('runIssue.tag')}
      </Tag>
    </Tooltip>
  );
}
