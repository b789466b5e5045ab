// The Memories page (`/memories`): what the agent remembers about the user between sessions. List, hybrid
// search (words and meaning, with why each result ranks), edit, delete, each memory's history, and the switch that
// gives runs the memory tools.

// the page shell (.caps, head, content) and the switch are the capabilities page's
import '../capabilities/Capabilities.css';
import './Memories.css';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { memoryApi, memoryKeys, type Memory, type MemoryHistoryEntry } from '../../api/memories';
import { intlLocale, useLang, useT } from '../../i18n';
import { formatRelative } from '../../lib/format';
import { ConfirmDialog } from '../../ui/Dialog';
import { Icon, Spinner } from '../../ui/Icon';
import { ErrorBox, Toggle } from '../capabilities/parts';

const MAX_QUERY = 1000;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function History({ id }: { id: string }) {
  const t = useT();
  const lang = useLang();
  const query = useQuery({ queryKey: memoryKeys.history(id), queryFn: () => memoryApi.history(id) });
  if (query.isPending) return <Spinner />;
  if (query.error) return <ErrorBox error={query.error} />;
  return (
    <ol className="memory-history" data-testid="memory-history">
      {query.data.map((h: MemoryHistoryEntry) => (
        <li key={h.id} data-event={h.event}>
          <span className={`memory-event memory-event-${h.event.toLowerCase()}`}>{t(`memories.event.${h.event}`)}</span>
          <span className="memory-history-text">
            {h.event === 'UPDATE' ? (
              <>
                <del>{h.old_memory}</del> → {h.new_memory}
              </>
            ) : h.event === 'DELETE' ? (
              <del>{h.old_memory}</del>
            ) : (
              h.new_memory
            )}
          </span>
          <span className="muted memory-when">{formatRelative(h.created_at, intlLocale(lang))}</span>
        </li>
      ))}
    </ol>
  );
}

function MemoryRow({ memory, onChanged }: { memory: Memory; onChanged: () => Promise<unknown> }) {
  const t = useT();
  const lang = useLang();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(memory.memory);
  const [showHistory, setShowHistory] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="memory-item" data-testid="memory-item" data-id={memory.id}>
      {editing ? (
        <div className="memory-edit">
          <textarea
            className="input"
            rows={3}
            value={text}
            aria-label={t('memories.text')}
            onChange={(e) => setText(e.target.value)}
            data-testid="memory-edit-text"
          />
          <div className="memory-actions">
            <button type="button" className="btn btn-small" onClick={() => { setEditing(false); setText(memory.memory); }}>
              {t('memories.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={busy || !text.trim() || text.trim() === memory.memory}
              onClick={() => void act(() => memoryApi.update(memory.id, text.trim())).then((ok) => ok && setEditing(false))}
              data-testid="memory-save"
            >
              {busy && <Spinner size={12} />} {t('memories.save')}
            </button>
          </div>
        </div>
      ) : (
        <div className="memory-main">
          <p className="memory-text" data-testid="memory-text">{memory.memory}</p>
          <div className="memory-meta muted">
            <span>{formatRelative(memory.updated_at, intlLocale(lang))}</span>
            {memory.score != null && (
              <span className="memory-why" data-testid="memory-why" title={t('memories.whyHint')}>
                {t('memories.why', {
                  score: memory.score.toFixed(2),
                  text: (memory.text_rank ?? 0).toFixed(2),
                  meaning: memory.similarity == null ? '–' : memory.similarity.toFixed(2),
                })}
              </span>
            )}
          </div>
          <div className="memory-actions">
            <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="memory-edit">
              <Icon name="pencil" size={13} /> {t('memories.edit')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              aria-expanded={showHistory}
              onClick={() => setShowHistory((v) => !v)}
              data-testid="memory-show-history"
            >
              <Icon name="list" size={13} /> {t('memories.history')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirm(true)} data-testid="memory-delete">
              <Icon name="trash" size={13} /> {t('memories.delete')}
            </button>
          </div>
        </div>
      )}
      {error != null && <ErrorBox error={error} />}
      {showHistory && <History key={memory.updated_at} id={memory.id} />}
      {confirm && (
        <ConfirmDialog
          title={t('memories.deleteTitle')}
          body={memory.memory}
          confirmLabel={t('memories.delete')}
          danger
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            void act(() => memoryApi.remove(memory.id));
          }}
        />
      )}
    </li>
  );
}

function Switch() {
  const t = useT();
  const client = useQueryClient();
  const query = useQuery({ queryKey: memoryKeys.settings, queryFn: memoryApi.settings });
  const [error, setError] = useState<unknown>(null);
  if (!query.data) return null;
  return (
    <div className="memory-switch">
      <label className="cap-inline">
        <Toggle
          checked={query.data.enabled}
          label={t('memories.enabled')}
          onChange={(enabled) => {
            setError(null);
            memoryApi
              .setEnabled(enabled)
              .then((s) => client.setQueryData(memoryKeys.settings, s))
              .catch(setError);
          }}
          testId="memory-enabled"
        />
        <span>{t('memories.enabled')}</span>
      </label>
      <span className="muted">{query.data.enabled ? t('memories.enabledHint') : t('memories.disabledHint')}</span>
      {!query.data.available && <div className="muted" role="status">{t('memories.unavailable')}</div>}
      {error != null && <ErrorBox error={error} />}
    </div>
  );
}

export default function Memories({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const client = useQueryClient();
  const [input, setInput] = useState('');
  const query = useDebounced(input.trim(), 250);
  const searching = query.length > 0;
  const tooLong = input.length > MAX_QUERY;
  const list = useQuery({
    queryKey: searching ? memoryKeys.search(query) : memoryKeys.list,
    queryFn: () => (searching ? memoryApi.search(query) : memoryApi.list()),
    enabled: !tooLong,
  });

  useEffect(() => {
    document.title = `${t('memories.title')} · Poco`;
  }, [t]);

  const refresh = () => client.invalidateQueries({ queryKey: memoryKeys.all });
  const items = list.data ?? [];

  return (
    <div className="caps memories" data-testid="memories">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('memories.title')}</h1>
      </header>
      <div className="caps-content memories-content">
        <p className="muted">{t('memories.hint')}</p>
        <Switch />
        <div className="memory-search">
          <Icon name="search" size={15} />
          <input
            className="input"
            type="search"
            value={input}
            placeholder={t('memories.search')}
            aria-label={t('memories.search')}
            onChange={(e) => setInput(e.target.value)}
            data-testid="memory-search"
          />
        </div>
        {tooLong && <div className="cap-field-hint cap-over">{t('memories.queryTooLong', { max: MAX_QUERY })}</div>}
        {list.isPending && !tooLong ? (
          <div className="cap-empty muted">
            <Spinner /> {t('session.loading')}
          </div>
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : items.length === 0 ? (
          <div className="cap-empty muted" data-testid="memory-empty">
            {searching ? t('memories.noMatches') : t('memories.empty')}
          </div>
        ) : (
          <ul className="memory-list" data-testid="memory-list">
            {items.map((m) => (
              <MemoryRow key={`${m.id}-${m.updated_at}`} memory={m} onChanged={refresh} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
