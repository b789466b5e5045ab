import './QueueList.css';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import type { Draft } from './Composer';

export interface QueuedItem {
  id: string;
  draft: Draft;
}

interface Props {
  items: QueuedItem[];
  paused: boolean;
  /** Shown when the agent is idle and auto-send is paused. */
  canSendNow: boolean;
  onChange: (id: string, prompt: string) => void;
  onRemove: (id: string) => void;
  onSendNow: (id: string) => void;
  onEditing: (id: string | null) => void;
}

export function QueueList({ items, paused, canSendNow, onChange, onRemove, onSendNow, onEditing }: Props) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [value, setValue] = useState('');
  if (items.length === 0) return null;

  const startEdit = (item: QueuedItem) => {
    setEditing(item.id);
    setValue(item.draft.prompt);
    onEditing(item.id);
  };
  const stopEdit = (save: boolean) => {
    if (save && editing && value.trim()) onChange(editing, value.trim());
    setEditing(null);
    onEditing(null);
  };

  return (
    <div className="queue" data-testid="queue">
      <div className="queue-head">
        <span className="queue-title">{t('queue.title')}</span>
        <span className="muted">{paused ? t('queue.hintCanceled') : t('queue.hint')}</span>
      </div>
      <ol className="queue-list">
        {items.map((item) => (
          <li key={item.id} className="queue-item" data-testid="queue-item">
            {editing === item.id ? (
              <>
                <textarea
                  className="input queue-edit"
                  value={value}
                  autoFocus
                  rows={2}
                  aria-label={t('queue.edit')}
                  onChange={(e) => setValue(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                      e.preventDefault();
                      stopEdit(true);
                    } else if (e.key === 'Escape') {
                      e.preventDefault();
                      stopEdit(false);
                    }
                  }}
                />
                <button type="button" className="btn btn-small" onClick={() => stopEdit(true)}>
                  {t('queue.save')}
                </button>
              </>
            ) : (
              <>
                <span className="queue-text">{item.draft.prompt}</span>
                {item.draft.files.length > 0 && (
                  <span className="chip">
                    <Icon name="paperclip" size={12} /> {item.draft.files.length}
                  </span>
                )}
                {canSendNow && (
                  <button type="button" className="btn btn-small" onClick={() => onSendNow(item.id)}>
                    {t('queue.sendNow')}
                  </button>
                )}
                <button type="button" className="icon-btn" onClick={() => startEdit(item)} aria-label={t('queue.edit')} title={t('queue.edit')}>
                  <Icon name="pencil" size={14} />
                </button>
                <button type="button" className="icon-btn" onClick={() => onRemove(item.id)} aria-label={t('queue.remove')} title={t('queue.remove')}>
                  <Icon name="x" size={14} />
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
