import type { DeploymentResponseDto } from '@promptops/api-client';
import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { CodeBlock } from '../../../components/CodeBlock';
import { useI18n } from '../../../i18n/use-i18n';
import { usePromptVersion } from '../../prompts/hooks/use-prompt-version';
import { curlRender, exampleVariables } from '../snippets';

/** How a backend service that calls models itself gets this environment's rendered prompt. */
export function RenderApiPanel({ prompt, deployment }: { prompt: string; deployment: DeploymentResponseDto }) {
  const { t } = useI18n();
  const version = usePromptVersion(prompt, deployment.version ?? undefined);
  const code = curlRender(window.location.origin, prompt, deployment.environment, exampleVariables(version.data));
  return (
    <div className="render-api-panel">
      <Typography.Paragraph type="secondary">
        {t('renderApi.intro')} <Link to="/api-keys">{t('renderApi.keysLink')}</Link>
      </Typography.Paragraph>
      <CodeBlock code={code} testId="curl-render" />
      {deployment.version === null && (
        <Typography.Text type="warning" className="small">
          {t('renderApi.notDeployed', { env: deployment.environment })}
        </Typography.Text>
      )}
    </div>
  );
}
