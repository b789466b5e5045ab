import './overlays.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  testId?: string;
  /** Rendered as a non-interactive heading. */
  heading?: boolean;
  checked?: boolean;
  /** The language the label is written in, when not the page's (a language's own name). */
  lang?: string;
}

interface Props {
  label: string;
  items: MenuItem[];
  className?: string;
  icon?: ReactNode;
  testId?: string;
  align?: 'left' | 'right';
  direction?: 'down' | 'up';
}

/** A button with a popup list of actions; arrow keys move, Esc closes. */
export function Menu({ label, items, className, icon, testId, align = 'right', direction = 'down' }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const first = root.current?.querySelector<HTMLElement>('[role="menuitem"],[role="menuitemradio"]');
    first?.focus();
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!open) return;
    const list = Array.from(
      root.current?.querySelectorAll<HTMLElement>('[role="menuitem"],[role="menuitemradio"]') ?? [],
    );
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      list[(i + 1) % list.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      list[(i - 1 + list.length) % list.length]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className={`menu ${className ?? ''}`} ref={root} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="icon-btn"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={(e) => {
          e.stopPropagation();
          setOpen((o) => !o);
        }}
      >
        {icon ?? <Icon name="more" />}
      </button>
      {open && (
        <div className={`menu-list menu-${align} menu-${direction}`} role="menu" aria-label={label}>
          {items.map((item, i) =>
            item.heading ? (
              <div key={i} className="menu-heading" role="presentation">
                {item.label}
              </div>
            ) : (
              <button
                key={i}
                type="button"
                role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
                aria-checked={item.checked}
                className={`menu-item${item.danger ? ' danger' : ''}`}
                data-testid={item.testId}
                lang={item.lang}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen(false);
                  item.onSelect();
                }}
              >
                <span className="menu-check">{item.checked ? <Icon name="check" size={14} /> : null}</span>
                {item.label}
              </button>
            ),
          )}
        </div>
      )}
    </div>
  );
}
