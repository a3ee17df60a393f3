import type { ChatMessageDto } from '@promptops/api-client';
import { parseRoleMessages } from '@promptops/templating';

/** A message being edited; `id` keeps React state attached to it while messages move. */
export interface EditableMessage extends ChatMessageDto {
  id: number;
}

let nextId = 1;
export function editable(message: ChatMessageDto): EditableMessage {
  return { ...message, id: nextId++ };
}

export function toMessagesDto(messages: EditableMessage[]): ChatMessageDto[] {
  return messages.map(({ role, template }) => ({ role, template }));
}

/** A text template as messages: its `# role:` sections if it has them, else one user message. */
export function messagesFromText(template: string): ChatMessageDto[] {
  const sections = parseRoleMessages(template);
  if (sections) return sections.map((s) => ({ role: s.role, template: s.content }));
  return [
    { role: 'system', template: '' },
    { role: 'user', template },
  ];
}
