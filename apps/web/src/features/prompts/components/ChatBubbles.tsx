import { CopyOutlined } from '@ant-design/icons';
import { CHAT_ROLES, type ChatRole } from '@promptops/shared';
import type { ChatMessage } from '@promptops/templating';
import { Button, Tooltip } from 'antd';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useI18n } from '../../../i18n/use-i18n';
import { useCopy } from '../../../lib/use-copy';
import { toPromptflowText } from '@promptops/templating';
import { remarkHardBreaks } from '../remark-hard-breaks';

function isRole(role: string): role is ChatRole {
  return (CHAT_ROLES as readonly string[]).includes(role);
}

/** Rendered chat messages as a conversation: each message a bubble labelled with its role. */
export function ChatBubbles({ messages }: { messages: ChatMessage[] }) {
  const { t } = useI18n();
  const copy = useCopy();
  const text = toPromptflowText(messages.map((m) => ({ role: m.role as ChatRole, template: m.content })));
  return (
    <div className="chat-bubbles" data-testid="chat-bubbles">
      <div className="chat-bubbles__bar">
        <span className="muted small">{t('chat.messageCount', { count: messages.length })}</span>
        <Tooltip title={t('preview.copy')}>
          <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(text)} aria-label={t('preview.copy')} />
        </Tooltip>
      </div>
      <div className="chat-bubbles__list">
        {messages.map((message, i) => (
          <div key={i} className={`chat-bubble chat-bubble--${message.role}`} data-testid="chat-bubble">
            <div className="chat-bubble__role">
              {isRole(message.role) ? t(`chat.role.${message.role}`) : message.role}
            </div>
            <div className="chat-bubble__content markdown-body">
              {message.content ? (
                <Markdown remarkPlugins={[remarkGfm, remarkHardBreaks]}>{message.content}</Markdown>
              ) : (
                <span className="muted">{t('chat.emptyMessage')}</span>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
