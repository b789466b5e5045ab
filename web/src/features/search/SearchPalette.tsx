// The Cmd/Ctrl+K palette: the app's actions (new task, sidebar, theme, settings, stop / rename / delete the open
// task, pages, sign out; see commands.ts), and a search of sessions, projects and message text (GET /search, ranked,
// any language) as one types; it runs or opens what is chosen, and a message opens its session scrolled to it.
// The actions the current page offers (pageCommands.ts: export…) join the app's.

import './SearchPalette.css';
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi, authState, useMe } from '../../api/auth';
import { errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import { MAX_QUERY, searchApi } from '../../api/search';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { useTheme } from '../../theme';
import { ConfirmDialog } from '../../ui/Dialog';
import { Icon, Spinner } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import { markOwnSignOut } from '../account/AuthGate';
import { openSettings } from '../settings/settingsStore';
import { removeSession, upsertSession, useSidebar } from '../sidebar/sidebarStore';
import { buildCommands, COMMAND_PATHS, commandLabel, filterCommands, stopRun, toggleTheme, type Command } from './commands';
import { Highlighted } from './Highlighted';
import { jumpToMessage } from './jump';
import { matchCommands, usePaletteCommands } from './pageCommands';

interface Item {
  key: string;
  kind: 'action' | 'task' | 'project' | 'message';
  open: () => void;
  node: React.ReactNode;
}

interface Props {
  onClose: () => void;
  /** Shows or hides the sidebar (the palette's "toggle sidebar"). */
  onToggleSidebar?: () => void;
  /** The session the page shows, if any: stop, rename and delete act on it. */
  sessionId?: string | null;
}

export function SearchPalette({ onClose, onToggleSidebar, sessionId = null }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const theme = useTheme();
  const me = useMe();
  const { sessions } = useSidebar();
  const session = sessionId ? sessions.find((s) => s.session_id === sessionId) ?? null : null;
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // "rename": the input edits the open task's title; "delete": the confirmation replaces the palette.
  const [mode, setMode] = useState<'search' | 'rename' | 'delete'>('search');
  const input = useRef<HTMLInputElement>(null);
  const pageCommands = usePaletteCommands();

  useEffect(() => input.current?.focus(), [mode]);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);

  const signOut = async () => {
    markOwnSignOut();
    try {
      await authApi.logout();
    } finally {
      authState.markSignedOut();
    }
  };

  const run = (c: Command) => {
    const to = COMMAND_PATHS[c.id];
    if (to) {
      onClose();
      navigate(to());
      return;
    }
    switch (c.id) {
      case 'rename-task':
        setMode('rename');
        setText(session?.title ?? '');
        return;
      case 'delete-task':
        setMode('delete');
        return;
      default:
        break;
    }
    onClose();
    const done = (p: Promise<unknown>) => p.catch((e: unknown) => showToast(errorText(e), 'error'));
    if (c.id === 'toggle-sidebar') onToggleSidebar?.();
    else if (c.id === 'toggle-theme') toggleTheme(theme);
    else if (c.id === 'settings') openSettings();
    else if (c.id === 'shortcuts') openSettings('shortcuts');
    else if (c.id === 'stop-run') void done(stopRun(session));
    else if (c.id === 'sign-out') void done(signOut());
  };

  const rename = async () => {
    const title = text.trim();
    if (!session || !title) return;
    onClose();
    if (title === session.title) return;
    try {
      upsertSession(await api.renameSession(session.session_id, title));
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };

  const commands = mode === 'search' ? filterCommands(buildCommands({ session, signedIn: me !== null }), text.trim(), t) : [];

  const results = useQuery({
    queryKey: ['search', query],
    queryFn: ({ signal }) => searchApi.search(query, signal),
    enabled: query !== '' && mode === 'search',
    staleTime: 5_000,
    retry: false,
  });

  const items = ((): Item[] => {
    const pageActions: Item[] = (mode === 'search' ? matchCommands(pageCommands, text) : []).map((c) => ({
      key: `c${c.id}`,
      kind: 'action' as const,
      open: () => {
        onClose();
        c.run();
      },
      node: (
        <>
          <Icon name={c.icon} size={14} />
          <span className="palette-main" data-command={c.id}>
            {c.label}
          </span>
        </>
      ),
    }));
    const appActions: Item[] = commands.map((c) => ({
      key: `a${c.id}`,
      kind: 'action' as const,
      open: () => run(c),
      node: (
        <>
          <Icon name="sparkle" size={14} />
          <span className="palette-main" data-command={c.id}>
            {commandLabel(c, t)}
          </span>
          {c.keys && <kbd className="palette-keys">{c.keys}</kbd>}
        </>
      ),
    }));
    const actions = [...appActions, ...pageActions];
    const data = results.data;
    if (mode !== 'search' || !data || query === '') return actions;
    const go = (to: string, after?: () => void) => () => {
      onClose();
      navigate(to);
      after?.();
    };
    return [
      ...actions,
      ...data.tasks.map((hit) => ({
        key: `t${hit.session_id}`,
        kind: 'task' as const,
        open: go(paths.session(hit.session_id)),
        node: (
          <>
            <Icon name="list" size={14} />
            <span className="palette-main">
              <Highlighted text={hit.title} highlights={hit.highlights} />
            </span>
          </>
        ),
      })),
      ...data.projects.map((hit) => ({
        key: `p${hit.project_id}`,
        kind: 'project' as const,
        open: go(paths.project(hit.project_id)),
        node: (
          <>
            <Icon name="folder" size={14} />
            <span className="palette-main">
              <Highlighted text={hit.name} highlights={hit.highlights} />
            </span>
          </>
        ),
      })),
      ...data.messages.map((hit) => ({
        key: `m${hit.message_id}`,
        kind: 'message' as const,
        open: go(paths.session(hit.session_id), () => jumpToMessage(hit.message_id)),
        node: (
          <>
            <Icon name={hit.role === 'user' ? 'send' : 'sparkle'} size={14} />
            <span className="palette-main">
              <span className="palette-snippet">
                <Highlighted text={hit.snippet} highlights={hit.highlights} />
              </span>
              <span className="palette-sub muted">{hit.session_title ?? t('nav.untitled')}</span>
            </span>
          </>
        ),
      })),
    ];
  })();

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (mode === 'rename') {
      if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
        e.preventDefault();
        void rename();
      }
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && items[active]) {
      e.preventDefault();
      items[active].open();
    }
  };

  const heading = (kind: Item['kind']) =>
    kind === 'action'
      ? t('palette.actions')
      : kind === 'task'
        ? t('search.tasks')
        : kind === 'project'
          ? t('search.projects')
          : t('search.messages');

  if (mode === 'delete' && session) {
    const title = session.title || t('nav.untitled');
    return (
      <ConfirmDialog
        title={t('confirm.deleteTask.title')}
        body={t('confirm.deleteTask.body', { title })}
        confirmLabel={t('confirm.delete')}
        danger
        onCancel={onClose}
        onConfirm={async () => {
          onClose();
          try {
            await api.deleteSession(session.session_id);
            removeSession(session.session_id);
            navigate(paths.home(), { replace: true });
          } catch (e) {
            showToast(errorText(e), 'error');
          }
        }}
      />
    );
  }

  const renaming = mode === 'rename';
  return (
    <div className="palette-backdrop" onMouseDown={onClose} data-testid="search-palette">
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('search.title')}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKey}
      >
        <div className="palette-input">
          <Icon name={renaming ? 'pencil' : 'search'} size={16} />
          <input
            ref={input}
            value={text}
            maxLength={renaming ? undefined : MAX_QUERY}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            placeholder={renaming ? t('palette.renamePlaceholder') : t('search.placeholder')}
            aria-label={renaming ? t('palette.rename') : t('search.title')}
            data-testid={renaming ? 'palette-rename' : 'search-input'}
          />
          {results.isFetching && <Spinner size={14} />}
        </div>
        <div className="palette-results" role="listbox" aria-label={t('search.results')}>
          {!renaming && results.isError && (
            <div className="inline-error" role="alert">
              {errorText(results.error)}
            </div>
          )}
          {!renaming && query !== '' && results.data && items.length === 0 && (
            <div className="palette-empty muted" data-testid="search-empty">
              {t('search.none')}
            </div>
          )}
          {items.map((item, i) => (
            <div key={item.key}>
              {(i === 0 || items[i - 1].kind !== item.kind) && <div className="palette-group">{heading(item.kind)}</div>}
              <div
                role="option"
                aria-selected={i === active}
                className={`palette-item${i === active ? ' active' : ''}`}
                data-testid={item.kind === 'action' ? 'palette-action' : `search-${item.kind}`}
                onMouseEnter={() => setActive(i)}
                onClick={item.open}
              >
                {item.node}
              </div>
            </div>
          ))}
        </div>
        <div className="palette-foot muted">{renaming ? t('palette.renameHint') : t('search.hint')}</div>
      </div>
    </div>
  );
}
