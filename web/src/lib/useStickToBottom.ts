// Keeps a scroll container pinned to the bottom while new content streams in, but only when the
// reader is already at the bottom; otherwise it leaves the view alone and offers "jump to latest".

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

const THRESHOLD = 80;

export function useStickToBottom(
  scroller: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  change: unknown,
) {
  const atBottom = useRef(true);
  const lastUserAction = useRef(0);
  const [showJump, setShowJump] = useState(false);

  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < THRESHOLD;
    setShowJump(!atBottom.current);
  }, [scroller]);

  const toBottom = useCallback(
    (smooth = false) => {
      const el = scroller.current;
      if (!el) return;
      if (smooth && typeof el.scrollTo === 'function') el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
      else el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      setShowJump(false);
    },
    [scroller],
  );

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => measure();
    const onUser = () => {
      lastUserAction.current = Date.now();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('pointerdown', onUser);
    el.addEventListener('keydown', onUser);
    return () => {
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('pointerdown', onUser);
      el.removeEventListener('keydown', onUser);
    };
  }, [scroller, measure]);

  // New content: follow it if we were at the bottom.
  useLayoutEffect(() => {
    if (atBottom.current) toBottom();
    else measure();
  }, [change, toBottom, measure]);

  // Content that grows later (highlighting, images). A card the user just opened is not followed.
  useEffect(() => {
    const el = content.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current && Date.now() - lastUserAction.current > 400) toBottom();
      else measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [content, toBottom, measure]);

  return { showJump, toBottom };
}
