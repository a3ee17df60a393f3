import { ConfigReader, ScorerConfigProblem } from './scorer-config';
import type { Verdict } from './scorer.types';

/** The judge's own scale, e.g. 1–5; scores are mapped onto 0..1. */
export interface JudgeScale {
  min: number;
  max: number;
}

export interface LlmJudgeConfig {
  /** The judge prompt's name; the demo data's `eval-judge` by default. */
  prompt: string;
  /** A version of it; the latest when the scorer is pinned, by default. */
  version?: number;
  /** Overrides of the judge version's own model. */
  provider?: string;
  model?: string;
  scale: JudgeScale;
}

export const DEFAULT_JUDGE_PROMPT = 'eval-judge';

export function llmJudgeConfig(config: Record<string, unknown>): LlmJudgeConfig {
  const read = new ConfigReader(config, ['prompt', 'version', 'provider', 'model', 'scale']);
  const provider = read.string('provider');
  const model = read.string('model');
  const version = read.optionalInt('version');
  return {
    prompt: read.string('prompt') ?? DEFAULT_JUDGE_PROMPT,
    ...(version !== undefined ? { version } : {}),
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
    scale: judgeScale(read.raw('scale')),
  };
}

function judgeScale(raw: unknown): JudgeScale {
  if (raw === undefined) return { min: 0, max: 1 };
  const pair = (Array.isArray(raw) && raw.length === 2 ? { min: raw[0], max: raw[1] } : raw) as {
    min?: unknown;
    max?: unknown;
  } | null;
  const { min, max } = pair ?? {};
  if (
    typeof min !== 'number' ||
    typeof max !== 'number' ||
    !Number.isFinite(min) ||
    !Number.isFinite(max) ||
    max <= min
  ) {
    throw new ScorerConfigProblem('scale', 'must be {min, max} (or [min, max]) with max above min, e.g. [1, 5]');
  }
  return { min, max };
}

/**
 * Reads a judge's answer: JSON `{"score", "reason"}` on its own, in a ```json block, or
 * among prose ("Here is my verdict: {…}"). The score (a number or a numeric string) is
 * mapped from the judge's scale onto 0..1 and clamped there.
 */
export function parseJudgeAnswer(answer: string, scale: JudgeScale): Verdict {
  const verdict = findVerdict(answer);
  if (!verdict) {
    return { error: `the judge's answer has no JSON {"score": …, "reason": …}: ${JSON.stringify(cut(answer))}` };
  }
  const raw = typeof verdict.score === 'string' ? Number(verdict.score.trim()) : verdict.score;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    return { error: `the judge's score is not a number: ${JSON.stringify(verdict.score)}` };
  }
  const score = Math.min(1, Math.max(0, (raw - scale.min) / (scale.max - scale.min)));
  const reason = typeof verdict.reason === 'string' && verdict.reason.trim() ? verdict.reason.trim() : null;
  const onScale = scale.min === 0 && scale.max === 1 ? '' : ` (${raw} on ${scale.min}–${scale.max})`;
  return { score, reason: `${reason ?? 'no reason given'}${onScale}` };
}

interface RawVerdict {
  score: unknown;
  reason?: unknown;
}

function findVerdict(answer: string): RawVerdict | null {
  const fenced = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/.exec(answer);
  const candidates = [fenced?.[1], answer, ...objectsIn(answer)];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const value = tryParse(candidate.trim());
    if (value && typeof value === 'object' && !Array.isArray(value) && 'score' in value) return value as RawVerdict;
  }
  return null;
}

/** Every balanced `{…}` in a text (quotes respected), outermost first. */
function objectsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (inString) {
        if (char === '\\') i++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        found.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
