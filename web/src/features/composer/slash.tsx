// Slash-command completion: "/" at the very start of the prompt opens a list of the user's
// commands and skill aliases (GET /slash-commands/suggestions); ↑/↓ move, Enter or Tab insert
// "/name ", Esc closes (typing on reopens it).

import { useId, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type SlashSuggestion } from '../../api/capabilities';
import { useT } from '../../i18n';

const PREFIX = /^\/([^\s/]*)$/;
const MAX = 50;

export function matchSuggestions(all: SlashSuggestion[], prefix: string): SlashSuggestion[] {
  const p = prefix.toLowerCase();
  const starts = all.filter((s) => s.name.toLowerCase().startsWith(p));
  const contains = p ? all.filter((s) => !s.name.toLowerCase().startsWith(p) && s.name.toLowerCase().includes(p)) : [];
  return [...starts, ...contains].slice(0, MAX);
}

export function useSlashCompletion(text: string, setText: (value: string) => void) {
  const t = useT();
  const listId = useId();
  const match = PREFIX.exec(text);
  const prefix = match ? match[1] : null;
  const suggestions = useQuery({
    queryKey: capKeys.slashSuggestions,
    queryFn: capApi.slashSuggestions,
    enabled: prefix != null,
    // Capability pages invalidate it on every change; this covers changes made elsewhere.
    staleTime: 30_000,
  });
  // Escape closes the list for exactly this text; typing on opens it again.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const [cursor, setCursor] = useState<{ prefix: string; index: number }>({ prefix: '', index: 0 });

  const items = prefix != null ? matchSuggestions(suggestions.data ?? [], prefix) : [];
  const open = prefix != null && items.length > 0 && dismissedAt !== text;
  const active = open && cursor.prefix === prefix ? Math.min(cursor.index, items.length - 1) : 0;
  const optionId = (i: number) => `${listId}-${i}`;

  const pick = (item: SlashSuggestion) => {
    setText(`/${item.name} `);
    setDismissedAt(null);
  };

  /** Handles the key when the list is open; true when it was used. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || prefix == null) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setCursor({ prefix, index: (active + step + items.length) % items.length });
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) {
      e.preventDefault();
      pick(items[active]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissedAt(text);
      return true;
    }
    return false;
  };

  const inputProps = {
    role: 'combobox' as const,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(active) : undefined,
  };

  const list = open ? (
    <div className="slash-menu" data-testid="slash-menu">
      <div className="slash-head">
        <span>{t('slash.label')}</span>
        <span className="slash-keys">{t('slash.keys')}</span>
      </div>
      <ul className="slash-list" role="listbox" id={listId} aria-label={t('slash.label')}>
        {items.map((item, i) => (
          <li
            key={`${item.source}:${item.name}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`slash-item${i === active ? ' active' : ''}`}
            data-testid="slash-item"
            // Keep the focus in the textarea.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(item)}
            onMouseEnter={() => setCursor({ prefix: prefix ?? '', index: i })}
          >
            <span className="slash-name">/{item.name}</span>
            {item.argument_hint && <span className="slash-arg">{item.argument_hint}</span>}
            {item.source === 'skill' && <span className="slash-source">{t('slash.skill')}</span>}
            {item.description && <span className="slash-desc">{item.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  ) : null;

  return { onKeyDown, inputProps, list };
}
