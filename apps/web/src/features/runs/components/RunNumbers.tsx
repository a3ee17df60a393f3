import type { RunParametersDto, RunUsageDto } from '@promptops/api-client';
import { Tooltip } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost, formatMs } from '../format';

interface RunNumbersProps {
  provider: string;
  model: string;
  parameters?: RunParametersDto;
  usage: RunUsageDto | null;
  ttftMs: number | null;
  latencyMs: number | null;
  costUsd: number | null;
}

/** One line with everything a run cost: model, parameters, tokens, time to first token, latency, dollars. */
export function RunNumbers({ provider, model, parameters, usage, ttftMs, latencyMs, costUsd }: RunNumbersProps) {
  const { t } = useI18n();
  const params = [
    parameters?.temperature !== undefined && `T ${parameters.temperature}`,
    parameters?.maxTokens !== undefined && `max ${parameters.maxTokens}`,
    parameters?.topP !== undefined && `top-p ${parameters.topP}`,
  ].filter(Boolean);
  return (
    <div className="run-numbers" data-testid="run-summary">
      <span className="run-numbers__model mono">
        {provider}/{model}
      </span>
      {params.length > 0 && <span className="mono">{params.join(' · ')}</span>}
      {usage && (
        <Tooltip title={usage.estimated ? t('run.estimatedTokens') : undefined}>
          <span>
            {t('run.tokens', { prompt: usage.promptTokens, completion: usage.completionTokens })}
            {usage.estimated && <span className="run-numbers__estimated"> ≈</span>}
          </span>
        </Tooltip>
      )}
      <span>
        {t('run.ttft')} {formatMs(ttftMs)}
      </span>
      <span>
        {t('run.latency')} {formatMs(latencyMs)}
      </span>
      <span className="run-numbers__cost">{formatCost(costUsd)}</span>
    </div>
  );
}
