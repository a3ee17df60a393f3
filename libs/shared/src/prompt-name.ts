/**
 * A prompt's name is its alias in URLs (`/api/v1/run/{name}`), so it is restricted to a
 * URL-safe, case-stable form: lowercase letters, digits, `-`, `_` and `.`, starting with a
 * letter or digit, at most 100 characters.
 */
export const PROMPT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** The same rule without anchors, for patterns that contain a name, such as routes. */
export const PROMPT_NAME_SOURCE = PROMPT_NAME_PATTERN.source.slice(1, -1);
export const PROMPT_NAME_RULE =
  'lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters';

export function isValidPromptName(name: string): boolean {
  return PROMPT_NAME_PATTERN.test(name);
}
