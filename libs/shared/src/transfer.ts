import type { VersionStatus, VariableType } from './enums';
import type { FlowDefinition, PromptType } from './flows';
import type { JsonValue } from './json';
import type { ChatMessageTemplate, ModelConfig, VersionKind } from './prompts';

/**
 * Prompts moved between instances and into Git: one bundle format that `GET /api/v1/transfer/export`
 * answers and `POST /api/v1/transfer/import` takes, and that the CLI writes as files (`pull`) and
 * reads back (`push`). Additive changes only: a bundle written today must import tomorrow.
 */
export const TRANSFER_FORMAT = 'promptops/v1';

export interface TransferBundle {
  format: typeof TRANSFER_FORMAT;
  /** ISO time of the export; informational. */
  exportedAt?: string;
  environments?: TransferEnvironment[];
  /** Providers without their API keys: an import creates them keyless and says so. */
  providers?: TransferProvider[];
  prompts: TransferPrompt[];
  datasets?: TransferDataset[];
}

export interface TransferEnvironment {
  name: string;
  displayName?: string;
  description?: string | null;
  /** Only published versions may be deployed there (prod); created so by an import. */
  isProtected?: boolean;
}

export interface TransferProvider {
  name: string;
  kind: string;
  baseUrl?: string | null;
  models: JsonValue[];
}

export interface TransferVariableMeta {
  name: string;
  type: VariableType;
  required?: boolean;
  default?: unknown;
  description?: string;
  choices?: string[];
}

/** A prompt (or a flow: `type: 'flow'`) with its versions, oldest first, and where it is deployed. */
export interface TransferPrompt {
  name: string;
  type: PromptType;
  displayName: string;
  description?: string | null;
  folder?: string | null;
  tags?: string[];
  versions: TransferVersion[];
  /** Environment name → version number (numbers as in `versions`). */
  deployments?: TransferDeployment[];
}

export interface TransferDeployment {
  environment: string;
  version: number;
}

export interface TransferVersion {
  /**
   * The version's number where it came from. Absent on a version written by hand (a local edit):
   * the import then creates it as the next version unless the latest already has this content.
   */
  version?: number;
  status: VersionStatus;
  kind: VersionKind;
  /** A text version's template; for chat and flow versions what the versions API keeps there. */
  template: string;
  messages?: ChatMessageTemplate[] | null;
  flow?: FlowDefinition | null;
  variablesMeta: TransferVariableMeta[];
  modelConfig: ModelConfig;
  comment?: string | null;
  /** `versionContentHash` of this version, written by export; an import recomputes it and ignores this. */
  hash?: string;
}

export interface TransferDataset {
  name: string;
  description?: string | null;
  /** Items as the dataset API exports them: `{ input, expected?, metadata? }`. */
  items: JsonValue[];
}

/** The parts of a version its content hash covers: what is rendered and how, never who or when. */
export interface VersionContent {
  kind: VersionKind;
  template: string;
  messages?: ChatMessageTemplate[] | null;
  flow?: FlowDefinition | null;
  variablesMeta: TransferVariableMeta[];
  modelConfig: ModelConfig;
}

/**
 * The exact text a version's content hash is the SHA-256 (hex) of: canonical JSON (keys sorted,
 * no whitespace, absent and null fields dropped) of the `VersionContent` fields. The server and
 * the CLI hash this same string, so equal content has equal hashes on every instance.
 */
export function canonicalVersionContent(version: VersionContent): string {
  const content: Record<string, unknown> = {
    kind: version.kind,
    template: version.template,
    messages: version.messages ?? null,
    flow: version.flow ?? null,
    variablesMeta: version.variablesMeta ?? [],
    modelConfig: version.modelConfig ?? {},
  };
  return canonicalJson(content);
}

/** JSON with object keys sorted and null/undefined members dropped, recursively. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== null && member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What an import did (or, with `dryRun`, would do) to each thing in the bundle. */
export const TRANSFER_ACTIONS = ['created', 'updated', 'unchanged', 'conflict', 'skipped'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

export interface ImportRequest {
  bundle: TransferBundle;
  /** Report what would change and write nothing. */
  dryRun?: boolean;
  /**
   * Publish the versions this import creates as drafts in the bundle, and the drafts here whose
   * content the bundle has (push --publish after a pull request pushed them as drafts).
   */
  publish?: boolean;
  /**
   * Which bundle deployments to apply: only on prompts this import creates (default), on every
   * prompt (`all`: an environment moves to the imported version), or none.
   */
  deployments?: 'new-prompts' | 'all' | 'none';
}

export interface ImportVersionOutcome {
  /** The number in the bundle, if it had one. */
  sourceVersion: number | null;
  /** The number it has here: created, or the existing version with the same content. */
  version: number;
  action: TransferAction;
  hash: string;
  /** Why, for `conflict` and `skipped`: e.g. "v3 here has other content; created as v5". */
  reason?: string;
}

export interface ImportPromptOutcome {
  name: string;
  action: TransferAction;
  /** Why, for `skipped`: e.g. the prompt here is disabled, or of the other type. */
  reason?: string;
  versions: ImportVersionOutcome[];
  deployments: { environment: string; version: number | null; action: TransferAction; reason?: string }[];
}

export interface ImportReport {
  dryRun: boolean;
  /** False when importing changed nothing (the same bundle imported twice). */
  changed: boolean;
  prompts: ImportPromptOutcome[];
  environments: { name: string; action: TransferAction }[];
  providers: { name: string; action: TransferAction; needsApiKey: boolean }[];
  datasets: { name: string; action: TransferAction; reason?: string }[];
  totals: {
    promptsCreated: number;
    versionsCreated: number;
    /** Drafts here that `publish` published because the bundle had their content (action `updated`). */
    versionsPublished: number;
    versionsUnchanged: number;
    conflicts: number;
    deploymentsApplied: number;
  };
}

/**
 * Push invalidation for caching clients (the SDK): `GET /api/v1/serving/events` is a
 * `text/event-stream` that announces when what a prompt resolves to may have changed.
 */
export const SERVING_EVENT_NAMES = ['ready', 'changed'] as const;
export type ServingEventName = (typeof SERVING_EVENT_NAMES)[number];

export const SERVING_CHANGE_REASONS = ['deployed', 'rolled_back', 'rollout', 'prompt_changed', 'disabled'] as const;
export type ServingChangeReason = (typeof SERVING_CHANGE_REASONS)[number];

/** Data of an `event: changed`; `environment` null means every environment of that prompt. */
export interface ServingChangedEvent {
  prompt: string;
  environment: string | null;
  reason: ServingChangeReason;
  /** The version now deployed there, when the change is a deploy or rollback. */
  version?: number;
  /** ISO time the change was committed. */
  at: string;
}

/** Data of the first `event: ready`, once the stream listens. */
export interface ServingReadyEvent {
  /** The prompts this stream reports on; null means all. */
  prompts: string[] | null;
  environment: string | null;
}
