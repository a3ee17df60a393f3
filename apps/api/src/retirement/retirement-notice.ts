import type { AfterSunset } from '@promptops/shared';
import type { Prompt } from '../prompts/prompt.entity';
import type { PromptDeprecationDto } from './dto/deprecation.dto';

/**
 * A prompt's deprecation as the serving paths keep it in the cached resolution: plain numbers,
 * so that checking it costs no database read, and "past the sunset" is decided per request.
 */
export interface ResolvedRetirement {
  /** Epoch milliseconds. */
  deprecatedAt: number;
  sunsetAt: number | null;
  successor: string | null;
  afterSunset: AfterSunset;
}

/** What a serving answer says about the prompt that was asked for, when it is deprecated. */
export interface RetirementNotice extends ResolvedRetirement {
  /** The prompt asked for. */
  prompt: string;
  /** Set when the sunset has passed and the successor (this prompt) answered instead. */
  servedPrompt?: string;
}

export function retirementOf(prompt: Prompt): ResolvedRetirement | null {
  if (!prompt.deprecatedAt) return null;
  return {
    deprecatedAt: prompt.deprecatedAt.getTime(),
    sunsetAt: prompt.sunsetAt?.getTime() ?? null,
    successor: prompt.successorName,
    afterSunset: prompt.afterSunset,
  };
}

export function isPastSunset(retirement: ResolvedRetirement, now: number = Date.now()): boolean {
  return retirement.sunsetAt !== null && now >= retirement.sunsetAt;
}

/** Where a caller reads about the successor; its serving URLs are the same paths with its name. */
export function successorUrl(successor: string): string {
  return `/api/v1/prompts/${successor}`;
}

/**
 * The response headers of a deprecated prompt's answers: `Deprecation` (RFC 9745, a structured
 * date: `@` and Unix seconds), `Sunset` (RFC 8594, an HTTP-date), `Link` to the successor
 * (`rel="successor-version"`, RFC 5829) and, when the successor answered, which prompt did.
 */
export function retirementHeaders(notice: RetirementNotice | null): Record<string, string> {
  if (!notice) return {};
  const headers: Record<string, string> = { deprecation: `@${Math.floor(notice.deprecatedAt / 1000)}` };
  if (notice.sunsetAt !== null) headers.sunset = new Date(notice.sunsetAt).toUTCString();
  if (notice.successor) headers.link = `<${successorUrl(notice.successor)}>; rel="successor-version"`;
  if (notice.servedPrompt) headers['x-promptops-served-prompt'] = notice.servedPrompt;
  return headers;
}

/** The `deprecation` object of a prompt's answers. */
export function deprecationResponse(prompt: Prompt, now: number = Date.now()): PromptDeprecationDto | null {
  const retirement = retirementOf(prompt);
  if (!retirement) return null;
  return {
    deprecatedAt: prompt.deprecatedAt as Date,
    sunsetAt: prompt.sunsetAt,
    sunsetPassed: isPastSunset(retirement, now),
    successor: prompt.successorName,
    note: prompt.deprecationNote,
    afterSunset: prompt.afterSunset,
  };
}
