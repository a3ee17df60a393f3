import { PII_ACTIONS, type PiiAction } from '@promptops/shared';
import { CustomRecognizer, redact, RedactionCounts, RedactionPolicy, TokenVault } from './engine/redaction-engine';

/** The levels a policy is set at, least specific first. */
export const POLICY_LEVELS = ['default', 'environment', 'prompt'] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

/** A policy as one level stores it: only the entity types it says something about. */
export interface StoredPolicy {
  entities: Record<string, PiiAction>;
  custom: CustomRecognizer[];
}

/** The policy that applies, with the level each entity type's action and each recognizer came from. */
export interface EffectivePolicy extends RedactionPolicy {
  entities: Record<string, PiiAction>;
  custom: CustomRecognizer[];
  sources: Record<string, PolicyLevel>;
}

/**
 * Merges the levels (default, environment, prompt): for each entity type, and each custom
 * recognizer by name, the most specific level that mentions it wins. A level that says `off`
 * turns off what a less specific one turned on; a level that does not mention a type inherits it.
 */
export function resolvePolicy(levels: Partial<Record<PolicyLevel, StoredPolicy | undefined>>): EffectivePolicy {
  const entities: Record<string, PiiAction> = {};
  const custom = new Map<string, CustomRecognizer>();
  const sources: Record<string, PolicyLevel> = {};
  for (const level of POLICY_LEVELS) {
    const policy = levels[level];
    if (!policy) continue;
    for (const [type, action] of Object.entries(policy.entities)) {
      entities[type] = action;
      sources[type] = level;
    }
    for (const recognizer of policy.custom) custom.set(recognizer.name, recognizer);
  }
  return { entities, custom: [...custom.values()], sources };
}

/** True when the policy can change a text: some type is not `off`. */
export function isActive(policy: RedactionPolicy): boolean {
  return Object.values(policy.entities).some((action) => action !== 'off');
}

/**
 * For logs of things no single policy governs (a flow run's own inputs and output): every type
 * any of the policies acts on is masked, so nothing one of them protects is written down.
 */
export function strictestForLog(policies: RedactionPolicy[]): RedactionPolicy {
  const entities: Record<string, PiiAction> = {};
  const custom = new Map<string, CustomRecognizer>();
  for (const policy of policies) {
    for (const [type, action] of Object.entries(policy.entities)) if (action !== 'off') entities[type] = 'mask';
    for (const recognizer of policy.custom ?? []) custom.set(recognizer.name, recognizer);
  }
  return { entities, custom: [...custom.values()] };
}

/** The same policy with `block` read as `mask`: what a refused request is logged with. */
export function blockAsMask(policy: RedactionPolicy): RedactionPolicy {
  return {
    ...policy,
    entities: Object.fromEntries(
      Object.entries(policy.entities).map(([type, action]) => [type, action === 'block' ? 'mask' : action]),
    ),
  };
}

/** Redacts every string in a JSON value (variables), keys left as they are. */
export function redactValue(value: unknown, policy: RedactionPolicy, vault: TokenVault): unknown {
  if (typeof value === 'string') return redact(value, policy, vault).text;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, policy, vault));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, policy, vault)]));
  }
  return value;
}

/** What one request's messages become under a policy. */
export interface RedactedMessages<M extends { content: string }> {
  messages: M[];
  /** Values found per type (the blocked ones included). */
  counts: RedactionCounts;
  /** Types set to `block` that were found: the request must be refused. */
  blocked: string[];
}

/** Redacts the content of every message with one vault, so a value gets one placeholder throughout. */
export function redactMessages<M extends { content: string }>(
  messages: M[],
  policy: RedactionPolicy,
  vault: TokenVault,
): RedactedMessages<M> {
  const counts: RedactionCounts = {};
  const blocked = new Set<string>();
  const redacted = messages.map((message) => {
    const result = redact(message.content, policy, vault);
    for (const [type, n] of Object.entries(result.counts)) counts[type] = (counts[type] ?? 0) + n;
    for (const type of result.blocked) blocked.add(type);
    return { ...message, content: result.text };
  });
  return { messages: redacted, counts, blocked: [...blocked].sort() };
}

export function isPiiAction(value: unknown): value is PiiAction {
  return typeof value === 'string' && (PII_ACTIONS as readonly string[]).includes(value);
}
