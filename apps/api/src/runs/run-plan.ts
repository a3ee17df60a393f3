import { ChatMessage } from '../gateway/gateway.types';
import type { RenderResult } from '../templates/rendering.service';
import { RunParameters } from './run.entity';

/** Parameters given for one call, falling back to the version's model config. */
export function runParameters(given: Partial<RunParameters>, fallback: RunParameters): RunParameters {
  const parameters: RunParameters = {
    temperature: given.temperature ?? fallback.temperature,
    maxTokens: given.maxTokens ?? fallback.maxTokens,
    topP: given.topP ?? fallback.topP,
    stop: given.stop ?? fallback.stop,
  };
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)) as RunParameters;
}

/** A text without role sections is one user message. */
export function chatMessages(rendered: RenderResult): ChatMessage[] {
  if (!rendered.messages) return [{ role: 'user', content: rendered.text }];
  return rendered.messages.map((m) => ({ role: chatRole(m.role), content: m.content }));
}

/** Tool results need a tool call to answer; a templated `tool` section is sent as user text. */
export function chatRole(role: string): ChatMessage['role'] {
  return role === 'system' || role === 'assistant' ? role : 'user';
}
