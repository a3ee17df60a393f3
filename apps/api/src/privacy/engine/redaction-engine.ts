/**
 * CONTRACT between the redaction engine (recognizers, validators, mask/tokenize/restore) and the
 * policy layer that applies it on every path to a model. Pure and framework-free: no Nest, no I/O.
 *
 * Recognizers live in `recognizers/` (a candidate pattern each, then a validator from
 * `validators.ts`), the vault in `token-vault.ts`; docs/privacy.md ("Recognizers") says what each
 * finds and misses.
 */
import { BUILT_IN_RECOGNIZERS, customRecognizer, type Recognizer } from './recognizers';
import { TokenVault } from './token-vault';
import type { Detection, RedactionCounts, RedactionPolicy, RedactionResult } from './types';

export { TokenVault } from './token-vault';
export type { CustomRecognizer, Detection, RedactionCounts, RedactionPolicy, RedactionResult } from './types';
export { customRecognizerProblem, InvalidCustomRecognizerError } from './recognizers';

const BUILT_IN_TYPES = new Set(BUILT_IN_RECOGNIZERS.map((r) => r.type));

/** Rank of a type when two detections have the same length: built-ins in list order, then custom. */
const RANK = new Map(BUILT_IN_RECOGNIZERS.map((r, i) => [r.type, i]));

/**
 * Keeps the best of overlapping detections: the longest, then the most specific type (a card
 * number is not also a phone number), then the earliest. Returns them in text order.
 */
function resolveOverlaps(all: Detection[]): Detection[] {
  const ranked = [...all].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      (RANK.get(a.type) ?? RANK.size) - (RANK.get(b.type) ?? RANK.size) ||
      a.start - b.start,
  );
  const kept: Detection[] = [];
  for (const d of ranked) {
    if (kept.every((k) => d.end <= k.start || d.start >= k.end)) kept.push(d);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Finds personal data in `text` for the types the policy does not leave `off`, without overlaps,
 * in text order. All built-in recognizers run as soon as one built-in type is on, so that a type
 * that is off still claims its span (a card number is never reported as a phone number).
 * Throws InvalidCustomRecognizerError for a custom recognizer that cannot be used (validate
 * policies with `customRecognizerProblem` when they are saved).
 */
export function detect(text: string, policy: RedactionPolicy): Detection[] {
  const on = (type: string) => (policy.entities[type] ?? 'off') !== 'off';
  const recognizers: Recognizer[] = [];
  if ([...BUILT_IN_TYPES].some(on)) recognizers.push(...BUILT_IN_RECOGNIZERS);
  for (const custom of policy.custom ?? []) {
    if (on(custom.name) && !BUILT_IN_TYPES.has(custom.name)) recognizers.push(customRecognizer(custom));
  }
  if (recognizers.length === 0 || text.length === 0) return [];
  const all: Detection[] = [];
  for (const recognizer of recognizers) all.push(...recognizer.find(text));
  return resolveOverlaps(all).filter((d) => on(d.type));
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
