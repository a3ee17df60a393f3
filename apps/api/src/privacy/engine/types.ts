/** The engine's vocabulary, shared by the recognizers and the engine (re-exported by redaction-engine.ts). */
import type { PiiAction } from '@promptops/shared';

/** One piece of personal data found in a text. `end` is exclusive; offsets are UTF-16 indices. */
export interface Detection {
  type: string;
  start: number;
  end: number;
  value: string;
}

/** An instance's own recognizer: a regex, optionally required to have one of `contextWords` nearby. */
export interface CustomRecognizer {
  /** Upper-case entity name, e.g. `EMPLOYEE_ID`; used in placeholders `<EMPLOYEE_ID_1>`. */
  name: string;
  /** A JavaScript regular expression source (no flags; matched globally, case-sensitively). */
  pattern: string;
  /** When set, a match counts only if one of these words occurs within `contextWindow` characters. */
  contextWords?: string[];
  contextWindow?: number;
}

/** What to do per entity type (types not listed are `off`), plus custom recognizers. */
export interface RedactionPolicy {
  entities: Record<string, PiiAction>;
  custom?: CustomRecognizer[];
}

/** Counts per entity type, for the run log, the audit log and the Playground (never values). */
export type RedactionCounts = Record<string, number>;

/** The outcome of redacting one text. */
export interface RedactionResult {
  text: string;
  /** What was found, per type, whatever the action (blocked and masked ones included). */
  counts: RedactionCounts;
  /** Types whose action is `block` that were found: the request must be refused. */
  blocked: string[];
}
