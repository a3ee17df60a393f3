import type { ChatMessageDto, PromptKind } from '@promptops/api-client';
import type { MessageKey } from '../../i18n/messages/en';

/** A starting point offered in the New prompt dialog; the user edits it before creating. */
export interface PromptStarter {
  id: string;
  label: MessageKey;
  kind: PromptKind;
  template?: string;
  messages?: ChatMessageDto[];
}

export const PROMPT_STARTERS: PromptStarter[] = [
  {
    id: 'summarise',
    label: 'starter.summarise',
    kind: 'text',
    template:
      'Summarise the text below in {{ sentences | default(3) }} sentences for {{ audience }}.\n' +
      'Keep names, numbers and dates exact.\n\n' +
      'Text:\n{{ text }}',
  },
  {
    id: 'classify',
    label: 'starter.classify',
    kind: 'text',
    template:
      'Classify the message into exactly one of these labels:\n' +
      '{% for label in labels %}- {{ label }}\n{% endfor %}\n' +
      'Answer with the label only.\n\n' +
      'Message:\n{{ message }}',
  },
  {
    id: 'extract-json',
    label: 'starter.extractJson',
    kind: 'chat',
    messages: [
      {
        role: 'system',
        template:
          'You extract data from text. Answer with one JSON object and nothing else.\n' +
          'Fields: {{ fields }}. Use null for a field the text does not give.',
      },
      { role: 'user', template: '{{ text }}' },
    ],
  },
  {
    id: 'few-shot-support',
    label: 'starter.fewShotSupport',
    kind: 'chat',
    messages: [
      {
        role: 'system',
        template: 'You are a friendly support agent for {{ product }}. Answer in two or three sentences.',
      },
      { role: 'user', template: 'My invoice shows the wrong address.' },
      {
        role: 'assistant',
        template: 'Sorry about that! You can change the address under Billing → Details; the next invoice uses it.',
      },
      { role: 'user', template: '{{ question }}' },
    ],
  },
  {
    id: 'rag-answer',
    label: 'starter.ragAnswer',
    kind: 'chat',
    messages: [
      {
        role: 'system',
        template:
          'Answer only from the sources below. If they do not contain the answer, say so.\n' +
          'Cite sources as [1], [2].\n\n' +
          '{% for doc in documents %}[{{ loop.index }}] {{ doc }}\n{% endfor %}',
      },
      { role: 'user', template: '{{ question }}' },
    ],
  },
];
