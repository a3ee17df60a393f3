export * from './errors';
export { type CompiledTemplate, type RenderOptions, checkSyntax, compileTemplate, renderTemplate } from './render';
export { type DiscoveredVariable, extractVariables } from './variables';
export { type VariableIssue, type VariableMeta, mergeVariablesMeta, validateVariables } from './validate';
