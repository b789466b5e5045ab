// Selecting text in an answer shows a small "Quote" button next to the selection; it puts the text,
// as a Markdown quote, into the composer.

import { useCallback, useEffect, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';

/** Where a selection may start and end to be quoted: a stored answer's text. */
const SOURCE = '[data-testid="message-assistant"]';
const BUTTON_HEIGHT = 36;
const GAP = 8;

/** `text` as a Markdown block quote (every line, blank ones too), trimmed. */
export function asQuote(text: string): string {
  return text
    .trim()
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim() ? `> ${line.trimEnd()}` : '>'))
    .join('\n');
}

function elementOf(node: Node | null): Element | null {
  if (!node) return null;
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

interface Selected {
  text: string;
  top: number;
  left: number;
}

/** The selection when both its ends lie in answers inside `root`, with where to put the button. */
function quotable(root: HTMLElement | null): Selected | null {
  const sel = typeof window.getSelection === 'function' ? window.getSelection() : null;
  if (!root || !sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const text = sel.toString();
  if (!text.trim()) return null;
  const ends = [elementOf(sel.anchorNode), elementOf(sel.focusNode)];
  if (ends.some((el) => !el || !root.contains(el) || !el.closest(SOURCE))) return null;
  const rect = sel.getRangeAt(0).getBoundingClientRect();
  // Above the selection, or below it when there is no room above.
  const above = rect.top - BUTTON_HEIGHT - GAP;
  const top = above >= GAP ? above : rect.bottom + GAP;
  const left = Math.max(GAP, Math.min(rect.left + rect.width / 2 - 40, window.innerWidth - 120));
  return { text, top, left };
}

export function QuoteSelection({ root, onQuote }: { root: RefObject<HTMLElement | null>; onQuote: (quote: string) => void }) {
  const t = useT();
  const [selected, setSelected] = useState<Selected | null>(null);

  const update = useCallback(() => setSelected(quotable(root.current)), [root]);

  useEffect(() => {
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    document.addEventListener('selectionchange', later);
    // The selection stays where it is while its text scrolls: follow it.
    window.addEventListener('scroll', later, true);
    window.addEventListener('resize', later);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('selectionchange', later);
      window.removeEventListener('scroll', later, true);
      window.removeEventListener('resize', later);
    };
  }, [update]);

  if (!selected) return null;
  const quote = () => {
    onQuote(asQuote(selected.text));
    window.getSelection()?.removeAllRanges();
    setSelected(null);
  };
  return createPortal(
    <button
      type="button"
      className="btn btn-small quote-btn"
      style={{ top: selected.top, left: selected.left }}
      // Keeps the selection: a mouse press on a button would otherwise clear it before the click.
      onMouseDown={(e) => e.preventDefault()}
      onClick={quote}
      aria-label={t('actions.quoteLabel')}
      data-testid="quote-selection"
    >
      <Icon name="quote" size={13} />
      {t('actions.quote')}
    </button>,
    document.body,
  );
}
