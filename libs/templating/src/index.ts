export * from './errors';
export { type CompiledTemplate, type RenderOptions, checkSyntax, compileTemplate, renderTemplate } from './render';
export { type DiscoveredVariable, extractVariables } from './variables';
export { type VariableIssue, type VariableMeta, mergeVariablesMeta, validateVariables } from './validate';
export {
  type ChatMessage,
  type ChatMessageTemplate,
  type ChatRole,
  parseRoleMessages,
  renderChat,
  toPromptflowText,
} from './chat';
export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS } from './render';
export { type PromptRenderOptions, type PromptSource, type RenderedPrompt, renderPrompt } from './prompt';
export { MAX_RANGE } from './environment';
export { MAX_RECURSION_DEPTH } from './runtime';
export { locateVariables } from './variables';
export * from './builder';
export * from './lint';
