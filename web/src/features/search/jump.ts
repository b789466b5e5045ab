// Scrolling to a message once its session page has rendered it (the palette navigates first).

/** Waits up to `timeoutMs` for `[data-message-id=id]`, then scrolls it into view and flashes it. */
export function jumpToMessage(messageId: number, timeoutMs = 8000): void {
  const started = Date.now();
  const tick = () => {
    if (typeof document === 'undefined') return; // the page (or a test's DOM) is gone
    const el = document.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
    if (el) {
      el.scrollIntoView?.({ block: 'center' });
      el.classList.add('search-target');
      el.setAttribute('data-search-target', 'true');
      setTimeout(() => el.classList.remove('search-target'), 2500);
      return;
    }
    if (Date.now() - started < timeoutMs) setTimeout(tick, 100);
  };
  tick();
}
