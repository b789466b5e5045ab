// The Cmd/Ctrl+K palette: searches sessions, projects and message text (GET /search, ranked, any
// language) as one types, and opens what is chosen; a message opens its session scrolled to it.
// Above the results, the actions the current page offers (pageCommands.ts) that match what is typed.

import './SearchPalette.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorText } from '../../api/client';
import { MAX_QUERY, searchApi } from '../../api/search';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { Icon, Spinner } from '../../ui/Icon';
import { Highlighted } from './Highlighted';
import { jumpToMessage } from './jump';
import { matchCommands, usePaletteCommands } from './pageCommands';

interface Item {
  key: string;
  kind: 'command' | 'task' | 'project' | 'message';
  open: () => void;
  node: React.ReactNode;
}

export function SearchPalette({ onClose }: { onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const commands = usePaletteCommands();

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useQuery({
    queryKey: ['search', query],
    queryFn: ({ signal }) => searchApi.search(query, signal),
    enabled: query !== '',
    staleTime: 5_000,
    retry: false,
  });

  const items = useMemo<Item[]>(() => {
    const actions: Item[] = matchCommands(commands, text).map((c) => ({
      key: `c${c.id}`,
      kind: 'command' as const,
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
    const data = results.data;
    if (!data || query === '') return actions;
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
  }, [commands, text, results.data, query, navigate, onClose, t]);

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
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
    kind === 'command' ? t('search.actions') : kind === 'task' ? t('search.tasks') : kind === 'project' ? t('search.projects') : t('search.messages');

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
          <Icon name="search" size={16} />
          <input
            ref={input}
            value={text}
            maxLength={MAX_QUERY}
            onChange={(e) => {
              setText(e.target.value);
              setActive(0);
            }}
            placeholder={t('search.placeholder')}
            aria-label={t('search.title')}
            data-testid="search-input"
          />
          {results.isFetching && <Spinner size={14} />}
        </div>
        <div className="palette-results" role="listbox" aria-label={t('search.results')}>
          {results.isError && (
            <div className="inline-error" role="alert">
              {errorText(results.error)}
            </div>
          )}
          {query !== '' && results.data && items.length === 0 && (
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
                data-testid={`search-${item.kind}`}
                onMouseEnter={() => setActive(i)}
                onClick={item.open}
              >
                {item.node}
              </div>
            </div>
          ))}
        </div>
        <div className="palette-foot muted">{t('search.hint')}</div>
      </div>
    </div>
  );
}
