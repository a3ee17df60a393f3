import { CloudServerOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { VersionResponseDto } from '@promptops/api-client';
import { Alert, Button, Card } from 'antd';
import { useState } from 'react';
import { TemplateEditor } from '../../../editor/TemplateEditor';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import {
  defaultsOf,
  toVariables,
  useLiveRender,
  useVersionFields,
  type VariableValues,
} from '../hooks/use-live-render';
import { useRenderPrompt } from '../hooks/use-render-prompt';
import { ChatBubbles } from './ChatBubbles';
import { RenderedOutput } from './RenderedOutput';
import { LivePreview } from './LivePreview';
import { VariablesCard } from './VariablesForm';
import { useProblemText } from '../../../lib/use-problem-text';

export function VersionPreview({ version }: { version: VersionResponseDto }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const renderOnServer = useRenderPrompt();

  const fields = useVersionFields(version);
  const [values, setValues] = useState<VariableValues>(() => defaultsOf(fields));
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const live = useLiveRender(version, fields, values);

  const onValuesChange = (all: VariableValues) => {
    setValues(all);
    setServerIssues({});
    renderOnServer.reset();
  };

  const runOnServer = () =>
    renderOnServer.mutate(
      { path: { name: version.prompt }, body: { version: version.version, variables: toVariables(values) } },
      {
        onError: (error) => {
          const fieldErrors = isProblem(error) ? (error.errors ?? []) : [];
          setServerIssues(
            Object.fromEntries(
              fieldErrors
                .filter((e) => e.field.startsWith('variables.'))
                .map((e) => [e.field.slice('variables.'.length), e.message]),
            ),
          );
        },
      },
    );

  const issues = { ...live.issues, ...serverIssues };
  const server = renderOnServer.data;

  return (
    <div className="preview-grid">
      <div className="preview-grid__inputs">
        <VariablesCard
          fields={fields}
          values={values}
          issues={issues}
          onChange={onValuesChange}
          testId="preview-form"
        />
        <Card size="small" title={t('preview.templateSource', { version: version.version })}>
          <TemplateEditor
            value={version.template}
            readOnly
            height={220}
            ariaLabel={t('preview.templateSource', { version: version.version })}
          />
        </Card>
      </div>
      <Card
        size="small"
        className="preview-grid__output"
        title={
          server ? (
            <span>
              <CloudServerOutlined /> {t('preview.serverResult', { version: server.version })}
            </span>
          ) : (
            <span>
              <ThunderboltOutlined /> {t('preview.livePreview')}
            </span>
          )
        }
        extra={
          <Button
            size="small"
            icon={<CloudServerOutlined />}
            onClick={runOnServer}
            loading={renderOnServer.isPending}
            data-testid="render-on-server"
          >
            {t('preview.renderOnServer')}
          </Button>
        }
      >
        {renderOnServer.isError ? (
          <Alert
            type="error"
            showIcon
            message={t('preview.serverError')}
            description={problemText(renderOnServer.error)}
          />
        ) : server ? (
          version.kind === 'chat' && server.messages ? (
            <ChatBubbles messages={server.messages} />
          ) : (
            <RenderedOutput text={server.text} />
          )
        ) : (
          <LivePreview live={live} />
        )}
      </Card>
    </div>
  );
}
