/**
 * What a service credential may call: run a model, render a template, read prompts (resolved ones,
 * versions, exports), run experiments (CI gates), write prompts (new versions, imports: `promptops
 * push`) and move deployments (`promptops deploy`, rollback).
 */
export const API_KEY_SCOPES = ['run', 'render', 'read', 'eval', 'write', 'deploy'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
