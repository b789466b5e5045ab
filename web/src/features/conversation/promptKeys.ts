// J and K move between the user's prompts in a conversation (K: the previous one, J: the next),
// like a mail reader. Keys typed into a field, with a modifier, or while a dialog is open are left alone.

import { useEffect } from 'react';

const PROMPTS = '[data-testid="message-user"]';
const CURRENT = 'data-prompt-current';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The prompt the user is at: the one J/K last moved to, else the first whose top is in view. */
function currentIndex(prompts: HTMLElement[]): number {
  const marked = prompts.findIndex((p) => p.hasAttribute(CURRENT));
  if (marked >= 0) return marked;
  const first = prompts.findIndex((p) => p.getBoundingClientRect().top >= 0);
  return first >= 0 ? first - 0.5 : prompts.length - 0.5;
}

/** Moves to the next (+1) or previous (-1) prompt; returns the element moved to, or null at either end. */
export function movePrompt(step: 1 | -1, root: ParentNode = document): HTMLElement | null {
  const prompts = Array.from(root.querySelectorAll<HTMLElement>(PROMPTS));
  if (prompts.length === 0) return null;
  const at = currentIndex(prompts);
  const next = step > 0 ? Math.floor(at) + 1 : Math.ceil(at) - 1;
  const target = prompts[next];
  if (!target) return null;
  prompts.forEach((p) => p.removeAttribute(CURRENT));
  target.setAttribute(CURRENT, '');
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  return target;
}

export function usePromptKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target)) return;
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const key = e.key.toLowerCase();
      if (key !== 'j' && key !== 'k') return;
      if (movePrompt(key === 'j' ? 1 : -1)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
