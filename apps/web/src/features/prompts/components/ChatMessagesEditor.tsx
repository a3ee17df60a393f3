import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CHAT_ROLES, type ChatRole } from '@promptops/shared';
import { Button, Select, Space, Tooltip, Typography } from 'antd';
import { type EditorMarker, TemplateEditor } from '../../../editor/TemplateEditor';
import { useI18n } from '../../../i18n/use-i18n';
import { editable, type EditableMessage } from '../chat-messages';

interface ChatMessagesEditorProps {
  messages: EditableMessage[];
  onChange(messages: EditableMessage[]): void;
  /** A syntax error in one message, shown in that message's editor. */
  error?: { index: number; marker: EditorMarker } | null;
}

/** The role a new message most likely has: the other side of the conversation. */
function nextRole(last: EditableMessage | undefined): ChatRole {
  return last?.role === 'user' ? 'assistant' : 'user';
}

export function ChatMessagesEditor({ messages, onChange, error }: ChatMessagesEditorProps) {
  const { t } = useI18n();

  const update = (id: number, changes: Partial<EditableMessage>) =>
    onChange(messages.map((m) => (m.id === id ? { ...m, ...changes } : m)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...messages];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  };

  return (
    <div className="chat-editor" data-testid="chat-editor">
      {messages.map((message, index) => (
        <div key={message.id} className={`chat-editor__message chat-editor__message--${message.role}`}>
          <div className="chat-editor__head">
            <Space size={8}>
              <Typography.Text type="secondary" className="small chat-editor__index">
                #{index + 1}
              </Typography.Text>
              <Select<ChatRole>
                size="small"
                value={message.role}
                onChange={(role) => update(message.id, { role })}
                aria-label={t('chat.role')}
                className="chat-editor__role"
                popupMatchSelectWidth={false}
                options={CHAT_ROLES.map((role) => ({ value: role, label: t(`chat.role.${role}`) }))}
              />
            </Space>
            <Space size={0}>
              <Tooltip title={t('chat.moveUp')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('chat.moveUp')}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                />
              </Tooltip>
              <Tooltip title={t('chat.moveDown')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('chat.moveDown')}
                  disabled={index === messages.length - 1}
                  onClick={() => move(index, 1)}
                />
              </Tooltip>
              <Tooltip title={t('chat.remove')}>
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('chat.remove')}
                  disabled={messages.length === 1}
                  onClick={() => onChange(messages.filter((m) => m.id !== message.id))}
                />
              </Tooltip>
            </Space>
          </div>
          <TemplateEditor
            value={message.template}
            onChange={(template) => update(message.id, { template })}
            height={message.role === 'system' ? 160 : 120}
            ariaLabel={t('chat.messageLabel', { index: index + 1, role: t(`chat.role.${message.role}`) })}
            marker={error?.index === index ? error.marker : null}
          />
        </div>
      ))}
      <Button
        type="dashed"
        block
        icon={<PlusOutlined />}
        onClick={() => onChange([...messages, editable({ role: nextRole(messages.at(-1)), template: '' })])}
      >
        {t('chat.addMessage')}
      </Button>
    </div>
  );
}
