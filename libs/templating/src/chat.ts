/**
 * Chat prompts: a list of `{role, template}` messages rendered one by one, and promptflow-style
 * text templates whose rendered output marks roles with `# system:` / `# user:` lines.
 */
import { type RenderOptions, compileTemplate } from './render';

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** One message of a chat prompt version: the role and the Jinja2 template of its content. */
export interface ChatMessageTemplate {
  role: string;
  template: string;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/**
 * Chat messages as one promptflow text (`# system:` lines): the form in which a chat version is
 * stored for diffs and search, and which `parseRoleMessages` reads back.
 */
export function toPromptflowText(messages: ChatMessageTemplate[]): string {
  return messages.map((m) => `# ${m.role}:\n${m.template}`).join('\n\n');
}

/** A role marker alone on its line, as promptflow writes them: `# system:`, `#User:`. */
const ROLE_MARKER = /^[ \t]*#[ \t]*(system|user|assistant|tool)[ \t]*:[ \t]*$/gim;

/** Content between markers without the blank lines around it (inner indentation is kept). */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}

/**
 * Splits rendered text on promptflow role markers. Returns null when the text has no marker;
 * text before the first marker, if any, becomes a `user` message.
 */
export function parseRoleMessages(text: string): { role: ChatRole; content: string }[] | null {
  if (!text.includes('#')) return null; // the common case, answered without a regex pass
  const source = text.replace(/\r\n?/g, '\n');
  const markers = [...source.matchAll(ROLE_MARKER)];
  if (markers.length === 0) return null;
  const messages: { role: ChatRole; content: string }[] = [];
  const leading = trimBlankLines(source.slice(0, markers[0].index));
  if (leading) messages.push({ role: 'user', content: leading });
  markers.forEach((marker, i) => {
    const start = (marker.index as number) + marker[0].length;
    const end = i + 1 < markers.length ? (markers[i + 1].index as number) : source.length;
    messages.push({
      role: marker[1].toLowerCase() as ChatRole,
      content: trimBlankLines(source.slice(start, end)),
    });
  });
  return messages;
}

/** Renders every message template with the same variables and options. */
export function renderChat(
  messages: ChatMessageTemplate[],
  variables: Record<string, unknown>,
  options?: RenderOptions,
): ChatMessage[] {
  return messages.map((message) => ({
    role: message.role,
    content: compileTemplate(message.template).render(variables, options),
  }));
}
