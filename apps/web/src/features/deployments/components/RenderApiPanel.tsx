import type { DeploymentResponseDto } from '@promptops/api-client';
import { Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { CodeBlock } from '../../../components/CodeBlock';
import { useI18n } from '../../../i18n/use-i18n';
import { usePromptVersion } from '../../prompts/hooks/use-prompt-version';
import { apiSnippet, type Endpoint, exampleVariables, type SnippetLanguage } from '../snippets';

/** How a backend service gets this environment's rendered prompt, or the model's answer, in its language. */
export function RenderApiPanel({
  prompt,
  deployment,
  flow = false,
}: {
  prompt: string;
  deployment: DeploymentResponseDto;
  /** A flow is called on its `/execute` endpoint only. */
  flow?: boolean;
}) {
  const { t } = useI18n();
  const version = usePromptVersion(prompt, deployment.version ?? undefined);
  const [chosen, setEndpoint] = useState<Endpoint>('render');
  const endpoint: Endpoint = flow ? 'execute' : chosen;
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const code = apiSnippet(
    language,
    endpoint,
    window.location.origin,
    prompt,
    deployment.environment,
    exampleVariables(version.data),
  );
  return (
    <div className="render-api-panel">
      <Typography.Paragraph type="secondary">
        {t(
          endpoint === 'render'
            ? language === 'sdk'
              ? 'renderApi.sdkIntro'
              : 'renderApi.intro'
            : endpoint === 'execute'
              ? 'renderApi.executeIntro'
              : 'renderApi.runIntro',
        )}{' '}
        <Link to="/api-keys">{t('renderApi.keysLink')}</Link>
      </Typography.Paragraph>
      <Space wrap>
        {!flow && (
          <Segmented<Endpoint>
            size="small"
            value={endpoint}
            onChange={setEndpoint}
            data-testid="snippet-endpoint"
            options={[
              { value: 'render', label: '/render' },
              { value: 'run', label: '/run' },
            ]}
          />
        )}
        <Segmented<SnippetLanguage>
          size="small"
          value={language}
          onChange={setLanguage}
          data-testid="snippet-language"
          options={[
            { value: 'curl', label: 'curl' },
            { value: 'python', label: 'Python' },
            { value: 'javascript', label: 'JavaScript' },
            { value: 'sdk', label: 'TypeScript SDK' },
          ]}
        />
      </Space>
      <CodeBlock code={code} testId={`snippet-${endpoint}-${language}`} />
      {deployment.version === null && (
        <Typography.Text type="warning" className="small">
          {t('renderApi.notDeployed', { env: deployment.environment })}
        </Typography.Text>
      )}
    </div>
  );
}
