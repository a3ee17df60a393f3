import { FileTextOutlined, GlobalOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Input, type InputRef, Modal, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useCan, useCurrentUser } from '../features/auth';
import { CreatePromptModal, usePrompts } from '../features/prompts';
import { useI18n } from '../i18n/use-i18n';
import { hasPermission } from '../lib/permissions';
import { useDebouncedValue } from '../lib/use-debounced-value';
import { menuRoutes } from './routes';

interface Command {
  key: string;
  icon: ReactNode;
  label: ReactNode;
  hint?: string;
  run(): void;
}

/** Ctrl/Cmd+K: jump to a prompt or a page, create a prompt, switch the language. */
export function CommandPalette() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const { data: user } = useCurrentUser();
  const canCreate = useCan('prompt:edit');
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<InputRef>(null);
  const search = useDebouncedValue(query.trim(), 200);
  const prompts = usePrompts({ search: search || undefined, page: 1, pageSize: 6 }, { enabled: open });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setQuery('');
        setActive(0);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const commands = useMemo((): Command[] => {
    const term = query.trim().toLowerCase();
    const matches = (text: string) => !term || text.toLowerCase().includes(term);
    // Results of an earlier search term are kept while the next one loads: only those that match
    // what is typed now may be chosen.
    const found = open ? (prompts.data?.items ?? []) : [];
    const promptCommands = found
      .filter((prompt) => matches(prompt.displayName) || matches(prompt.name))
      .map((prompt): Command => ({
        key: `prompt:${prompt.name}`,
        icon: <FileTextOutlined />,
        label: prompt.displayName,
        hint: prompt.name,
        run: () => navigate(`/prompts/${encodeURIComponent(prompt.name)}`),
      }));
    const actions: Command[] = [
      ...(canCreate
        ? [{ key: 'create', icon: <PlusOutlined />, label: t('palette.create'), run: () => setCreating(true) }]
        : []),
      {
        key: 'language',
        icon: <GlobalOutlined />,
        label: t('palette.language'),
        hint: language === 'en' ? '简体中文' : 'English',
        run: () => setLanguage(language === 'en' ? 'zh' : 'en'),
      },
      ...menuRoutes
        .filter((route) => !route.menu.permission || hasPermission(user, route.menu.permission))
        .map((route) => ({
          key: `page:${route.path}`,
          icon: <RightOutlined />,
          label: t('palette.goTo', { page: t(route.menu.label) }),
          run: () => navigate(`/${route.path}`),
        })),
    ].filter((command) => matches(String(command.label)) || matches(command.hint ?? ''));
    return [...promptCommands, ...actions];
  }, [open, prompts.data, query, canCreate, language, setLanguage, navigate, t, user]);

  const choose = (command: Command | undefined) => {
    if (!command) return;
    setOpen(false);
    command.run();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + commands.length) % Math.max(commands.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(commands[active]);
    }
  };

  return (
    <>
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        closable={false}
        width={560}
        className="command-palette"
        afterOpenChange={(visible) => visible && input.current?.focus()}
        destroyOnHidden
      >
        <Input
          ref={input}
          autoFocus
          size="large"
          variant="borderless"
          value={query}
          placeholder={t('palette.placeholder')}
          aria-label={t('palette.placeholder')}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="command-palette__list" role="listbox" data-testid="command-palette">
          {commands.map((command, index) => (
            <li
              key={command.key}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'command-palette__item is-active' : 'command-palette__item'}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(command)}
            >
              <span className="command-palette__icon">{command.icon}</span>
              <span className="command-palette__label">{command.label}</span>
              {command.hint && (
                <Typography.Text type="secondary" className="mono small">
                  {command.hint}
                </Typography.Text>
              )}
            </li>
          ))}
          {commands.length === 0 && <li className="command-palette__empty muted">{t('palette.nothing')}</li>}
        </ul>
      </Modal>
      <CreatePromptModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
