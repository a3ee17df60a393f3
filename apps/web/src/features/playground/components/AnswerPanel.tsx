import { Alert, Empty, Typography } from 'antd';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useI18n } from '../../../i18n/use-i18n';
import { RenderedOutput } from '../../prompts/components/RenderedOutput';
import { RunNumbers } from '../../runs/components/RunNumbers';
import type { RunState } from '../hooks/use-run-streams';
import type { Parameters } from './ParametersForm';
import { useProblemText } from '../../../lib/use-problem-text';
import { AddToDatasetButton } from '../../datasets';
import { RedactionNotice } from '../../privacy';

interface AnswerPanelProps {
  run: RunState | undefined;
  parameters: Parameters;
  testId?: string;
  /** The prompt run, whose privacy policy says what a redaction was (masked, tokenized). */
  prompt?: string;
}

/** A run's answer as it streams in (Markdown), then the numbers of the finished run. */
export function AnswerPanel({ run, parameters, testId, prompt }: AnswerPanelProps) {
  const { t } = useI18n();
  const problemText = useProblemText();
  if (!run) {
    return (
      <Empty
        className="answer-panel__empty"
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('playground.noAnswer')}
        data-testid={testId}
      />
    );
  }
  return (
    <div className="answer-panel" data-testid={testId} data-phase={run.phase}>
      {run.phase === 'error' && (
        <Alert type="error" showIcon message={t('playground.runFailed')} description={problemText(run.error)} />
      )}
      {run.phase === 'aborted' && (
        <Alert type="warning" showIcon message={t('playground.stopped')} data-testid="run-stopped" />
      )}
      {run.result && (
        <RedactionNotice redactions={run.result.redactions} sent={run.result.renderedMessages} prompt={prompt} />
      )}
      {run.phase === 'done' ? (
        <RenderedOutput text={run.output} />
      ) : run.output ? (
        <div className="markdown-body answer-panel__streaming" data-testid="streaming-markdown">
          <Markdown remarkPlugins={[remarkGfm]}>{run.output}</Markdown>
          {run.phase === 'streaming' && <span className="answer-panel__caret" />}
        </div>
      ) : run.phase === 'streaming' ? (
        <Typography.Text type="secondary" className="answer-panel__waiting">
          {t('playground.waiting')}
        </Typography.Text>
      ) : null}
      {run.result && (
        <RunNumbers
          provider={run.result.provider}
          model={run.result.model}
          parameters={parameters}
          usage={run.result.usage}
          ttftMs={run.result.ttftMs}
          latencyMs={run.result.latencyMs}
          costUsd={run.result.costUsd}
        />
      )}
      {run.phase === 'done' && run.runId !== undefined && (
        <div className="answer-panel__actions">
          <AddToDatasetButton size="small" runId={run.runId} output={run.output} />
        </div>
      )}
    </div>
  );
}
