import { findModelContextWindow } from './model-prices';

/** The lint rule's stable name, shown in the editor and returned with the other lint warnings. */
export const CONTEXT_WINDOW_EXCEEDED = 'context_window_exceeded';

export interface ContextWindowWarning {
  rule: typeof CONTEXT_WINDOW_EXCEEDED;
  severity: 'warning';
  model: string;
  promptTokens: number;
  contextWindow: number;
  message: string;
}

/**
 * Lint rule `context_window_exceeded`: the prompt alone has more tokens than the model accepts.
 * `contextWindow` defaults to the known window of the model; an unknown model is never flagged.
 */
export function checkContextWindow(
  promptTokens: number,
  model: string,
  contextWindow: number | undefined = findModelContextWindow(model),
): ContextWindowWarning | undefined {
  if (contextWindow === undefined || promptTokens <= contextWindow) return undefined;
  return {
    rule: CONTEXT_WINDOW_EXCEEDED,
    severity: 'warning',
    model,
    promptTokens,
    contextWindow,
    message: `The prompt has ${promptTokens} tokens, above the ${contextWindow}-token context window of ${model}`,
  };
}
