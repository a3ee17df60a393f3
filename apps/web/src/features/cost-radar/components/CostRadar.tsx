import { findModelContextWindow, tokenizerFor } from '@promptops/shared';
import { contextWindowWarning } from '@promptops/templating';
import { Alert, Flex, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { useProviders } from '../../providers';
import { type RenderedPromptInput, usePromptTokens } from '../hooks/use-prompt-tokens';
import { comparisonRows, radarRow } from '../radar-rows';
import { CostTag } from './CostTag';
import { ModelComparisonTable } from './ModelComparisonTable';
import { TokenTag } from './TokenTag';

interface CostRadarProps {
  /** The rendered preview; undefined while it cannot render (missing variables, errors). */
  prompt: RenderedPromptInput;
  provider?: string;
  model?: string;
  maxTokens?: number;
}

/**
 * Live tokens and worst-case cost of the rendered prompt for the selected model, its context
 * window check, and the same prompt on every configured model. Everything is counted in the
 * browser: typing sends nothing to the server.
 */
export function CostRadar({ prompt, provider, model, maxTokens }: CostRadarProps) {
  const { t } = useI18n();
  const providers = useProviders();
  const list = useMemo(() => providers.data ?? [], [providers.data]);
  const kinds = useMemo(
    () => [
      ...(model ? [tokenizerFor(model)] : []),
      ...list.filter((p) => p.enabled).flatMap((p) => p.models.map((m) => tokenizerFor(m.id))),
    ],
    [model, list],
  );
  const counts = usePromptTokens(prompt, kinds);
  const selected = model
    ? radarRow(
        model,
        list.find((p) => p.name === provider),
        counts,
        maxTokens,
      )
    : undefined;
  const rows = useMemo(() => comparisonRows(list, counts, maxTokens), [list, counts, maxTokens]);
  // The lint rule `context_window_exceeded` (libs/templating), for a model whose window is known.
  const contextWindow = selected ? findModelContextWindow(selected.model) : undefined;
  const warning =
    selected?.promptTokens !== undefined &&
    contextWindow !== undefined &&
    contextWindowWarning({ promptTokens: selected.promptTokens, contextWindow, model: selected.model })
      ? { promptTokens: selected.promptTokens, contextWindow, model: selected.model }
      : undefined;

  return (
    <Flex vertical gap={8} className="cost-radar" data-testid="cost-radar">
      <Typography.Text strong>{t('radar.title')}</Typography.Text>
      {prompt === undefined ? (
        <Typography.Text type="secondary" className="small">
          {t('radar.noPrompt')}
        </Typography.Text>
      ) : !selected ? (
        <Typography.Text type="secondary" className="small">
          {t('radar.noModel')}
        </Typography.Text>
      ) : (
        <Space size={4} wrap className="cost-radar__selected-model">
          <Typography.Text className="mono small">{selected.model}</Typography.Text>
          <TokenTag row={selected} />
          <CostTag row={selected} />
        </Space>
      )}
      {warning && (
        <Alert
          type="warning"
          showIcon
          data-testid="context-window-warning"
          message={t('radar.contextWindowExceeded', {
            tokens: warning.promptTokens,
            window: warning.contextWindow,
            model: warning.model,
          })}
        />
      )}
      {prompt !== undefined && <ModelComparisonTable rows={rows} selected={selected?.key} />}
      <Typography.Text type="secondary" className="small">
        {t('radar.formula')}
      </Typography.Text>
    </Flex>
  );
}
