import { CloudServerOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { VersionResponseDto } from '@promptops/api-client';
import {
  type ChatMessage,
  type CompiledTemplate,
  compileTemplate,
  extractVariables,
  mergeVariablesMeta,
  TemplateError,
  UndefinedVariableError,
  validateVariables,
  type VariableMeta,
} from '@promptops/templating';
import { ErrorCode } from '@promptops/shared';
import { Alert, Button, Card, Empty, Form, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { TemplateEditor } from '../../../editor/TemplateEditor';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem, problemDetail } from '../../../lib/problem';
import { useRenderPrompt } from '../hooks/use-render-prompt';
import { fromVariablesDto } from '../variables-meta';
import { InvalidJson } from './JsonInput';
import { ChatBubbles } from './ChatBubbles';
import { RenderedOutput } from './RenderedOutput';
import { VariableInput } from './VariableInput';

type Values = Record<string, unknown>;

/** Form values the template can use: empty and unparsable fields count as not given. */
function toVariables(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && !(value instanceof InvalidJson)),
  );
}

function defaultsOf(fields: VariableMeta[]): Values {
  return Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]));
}

interface LiveResult {
  text?: string;
  /** A chat version's rendered messages. */
  messages?: ChatMessage[];
  error?: string;
  /** Required variables without a value yet: an invitation to fill them in, not an error. */
  missing: string[];
  /** Per-variable problems, shown on the form fields they concern. */
  issues: Record<string, string>;
}

export function VersionPreview({ version }: { version: VersionResponseDto }) {
  const { t } = useI18n();
  const renderOnServer = useRenderPrompt();

  // Older versions may use variables they never declared; give those a field too.
  const fields = useMemo(
    () =>
      mergeVariablesMeta(
        fromVariablesDto(version.variablesMeta),
        extractVariables(version.messages ?? version.template),
      ),
    [version],
  );
  const compiled = useMemo((): { parts: { role?: string; template: CompiledTemplate }[] } | { error: string } => {
    try {
      if (version.messages) {
        return { parts: version.messages.map((m) => ({ role: m.role, template: compileTemplate(m.template) })) };
      }
      return { parts: [{ template: compileTemplate(version.template) }] };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [version]);

  const [values, setValues] = useState<Values>(() => defaultsOf(fields));
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});

  const live = useMemo((): LiveResult => {
    if ('error' in compiled) return { error: compiled.error, missing: [], issues: {} };
    const { values: withDefaults, issues } = validateVariables(fields, toVariables(values));
    if (issues.length > 0) {
      const invalid = issues.filter((i) => i.code !== ErrorCode.MISSING_VARIABLE);
      return {
        missing: issues.filter((i) => i.code === ErrorCode.MISSING_VARIABLE).map((i) => i.name),
        issues: Object.fromEntries(invalid.map((i) => [i.name, i.message])),
      };
    }
    let index = 0;
    try {
      const rendered = compiled.parts.map((part, i) => {
        index = i;
        return { role: part.role ?? 'user', content: part.template.render(withDefaults) };
      });
      return version.messages
        ? { messages: rendered, missing: [], issues: {} }
        : { text: rendered[0].content, missing: [], issues: {} };
    } catch (error) {
      const message = error instanceof TemplateError ? error.message : String(error);
      const line = (error as { line?: number }).line;
      const atLine = line ? t('preview.errorAtLine', { line, message }) : message;
      const located = version.messages ? t('chat.inMessage', { index: index + 1, error: atLine }) : atLine;
      // A missing attribute (`user.name`) belongs to the field of its root variable.
      const issues = error instanceof UndefinedVariableError ? { [error.variable.split(/[.[]/)[0]]: message } : {};
      return { error: located, missing: [], issues };
    }
  }, [compiled, fields, values, version.messages, t]);

  const onValuesChange = (_changed: Values, all: Values) => {
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
        <Card size="small" title={t('preview.variables')}>
          {fields.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('preview.noVariables')} />
          ) : (
            <Form layout="vertical" initialValues={values} onValuesChange={onValuesChange} data-testid="preview-form">
              {fields.map((field) => (
                <Form.Item
                  key={field.name}
                  name={field.name}
                  label={
                    <span>
                      <span className="mono">{field.name}</span>{' '}
                      <Tag bordered={false} color="geekblue">
                        {t(`variableType.${field.type}`)}
                      </Tag>
                    </span>
                  }
                  required={field.required !== false && field.default === undefined}
                  tooltip={field.description}
                  validateStatus={issues[field.name] || values[field.name] instanceof InvalidJson ? 'error' : undefined}
                  help={
                    issues[field.name] ??
                    (values[field.name] instanceof InvalidJson ? t('preview.invalidJson') : undefined)
                  }
                >
                  <VariableInput meta={field} />
                </Form.Item>
              ))}
            </Form>
          )}
        </Card>
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
            description={problemDetail(renderOnServer.error)}
          />
        ) : server ? (
          version.kind === 'chat' && server.messages ? (
            <ChatBubbles messages={server.messages} />
          ) : (
            <RenderedOutput text={server.text} />
          )
        ) : live.messages ? (
          <ChatBubbles messages={live.messages} />
        ) : live.text !== undefined ? (
          <RenderedOutput text={live.text} />
        ) : live.error || live.missing.length === 0 ? (
          <Alert
            type="error"
            showIcon
            message={t('preview.renderError')}
            description={live.error ?? t('preview.fixFields')}
            data-testid="render-error"
          />
        ) : (
          <Alert
            type="info"
            showIcon
            message={t('preview.fillIn', { count: live.missing.length })}
            description={
              <Typography.Text type="secondary">
                {live.missing.map((name) => `{{ ${name} }}`).join(', ')}
              </Typography.Text>
            }
          />
        )}
      </Card>
    </div>
  );
}
