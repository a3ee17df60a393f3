/**
 * CONTRACT between the redaction engine (recognizers, validators, mask/tokenize/restore) and the
 * policy layer that applies it on every path to a model. Pure and framework-free: no Nest, no I/O.
 *
 * The implementation here is a deliberately small placeholder (emails only) so that the policy
 * layer can be built and tested against the real interface; the engine work replaces the
 * internals (all recognizers with validators, custom recognizers with context words) without
 * changing these signatures.
 */
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

/**
 * Placeholders handed out within one request (`<EMAIL_1>` → original), shared by every text of
 * that request (all messages), so the same value always gets the same placeholder.
 */
export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly next = new Map<string, number>();

  placeholderFor(type: string, value: string): string {
    const key = `${type}\u0000${value}`;
    let token = this.byValue.get(key);
    if (!token) {
      const n = (this.next.get(type) ?? 0) + 1;
      this.next.set(type, n);
      token = `<${type}_${n}>`;
      this.byValue.set(key, token);
      this.byToken.set(token, value);
    }
    return token;
  }

  get size(): number {
    return this.byToken.size;
  }

  /** The original of a placeholder, if this vault handed it out. */
  original(token: string): string | undefined {
    return this.byToken.get(token);
  }

  /** Restores every placeholder of this vault in a complete text (unknown ones stay as they are). */
  restore(text: string): string {
    if (this.byToken.size === 0) return text;
    return text.replace(/<[A-Z][A-Z0-9_]*_\d+>/g, (token) => this.byToken.get(token) ?? token);
  }

  /**
   * A restorer for a streamed answer: feed it the deltas in order, it returns what can be sent now
   * (holding back a possible placeholder split across chunks); `flush()` returns the rest.
   */
  streamRestorer(): { push(delta: string): string; flush(): string } {
    let held = '';
    return {
      push: (delta: string) => {
        held += delta;
        const cut = held.lastIndexOf('<');
        // Everything before an unfinished `<…` can go; the tail may still become a placeholder.
        if (cut >= 0 && !held.slice(cut).includes('>') && held.length - cut <= MAX_PLACEHOLDER_LENGTH) {
          const ready = held.slice(0, cut);
          held = held.slice(cut);
          return this.restore(ready);
        }
        const ready = held;
        held = '';
        return this.restore(ready);
      },
      flush: () => {
        const rest = held;
        held = '';
        return this.restore(rest);
      },
    };
  }
}

const MAX_PLACEHOLDER_LENGTH = 48;

/** The outcome of redacting one text. */
export interface RedactionResult {
  text: string;
  /** What was found, per type, whatever the action (blocked and masked ones included). */
  counts: RedactionCounts;
  /** Types whose action is `block` that were found: the request must be refused. */
  blocked: string[];
}

/** Finds personal data in `text` for the types the policy does not leave `off`. */
export function detect(text: string, policy: RedactionPolicy): Detection[] {
  const found: Detection[] = [];
  if ((policy.entities.EMAIL ?? 'off') !== 'off') {
    for (const match of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
      found.push({ type: 'EMAIL', start: match.index, end: match.index + match[0].length, value: match[0] });
    }
  }
  return found;
}

/**
 * Applies the policy to one text: `mask` → `<TYPE>`, `tokenize` → the vault's `<TYPE_n>`,
 * `block` → reported in `blocked` (the text is returned unchanged; the caller refuses the request).
 */
export function redact(text: string, policy: RedactionPolicy, vault: TokenVault): RedactionResult {
  const detections = detect(text, policy).sort((a, b) => a.start - b.start);
  const counts: RedactionCounts = {};
  const blocked = new Set<string>();
  let out = '';
  let at = 0;
  for (const d of detections) {
    if (d.start < at) continue;
    counts[d.type] = (counts[d.type] ?? 0) + 1;
    const action = policy.entities[d.type] ?? 'off';
    if (action === 'block') blocked.add(d.type);
    const replacement =
      action === 'mask' ? `<${d.type}>` : action === 'tokenize' ? vault.placeholderFor(d.type, d.value) : d.value;
    out += text.slice(at, d.start) + replacement;
    at = d.end;
  }
  out += text.slice(at);
  return { text: out, counts, blocked: [...blocked] };
}
