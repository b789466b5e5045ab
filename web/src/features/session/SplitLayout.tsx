import { useSyncExternalStore, type ReactNode } from 'react';
import { Group, Panel, Separator, type Layout } from 'react-resizable-panels';
import { useT } from '../../i18n';
import { readPref, writePref } from '../../lib/storage';

/** Where the right panel's width (percent of the session page) is kept between visits. */
export const SIDE_SIZE_KEY = 'poco.sidePanelSize';
const DEFAULT_SIDE_PERCENT = 34;

const PHONE = '(max-width: 767.98px)';

function subscribeMedia(query: string) {
  return (cb: () => void) => {
    if (typeof matchMedia !== 'function') return () => undefined;
    const list = matchMedia(query);
    list.addEventListener('change', cb);
    return () => list.removeEventListener('change', cb);
  };
}

/** Whether a CSS media query matches now; re-renders when that changes. False where matchMedia is missing. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(subscribeMedia(query), () => typeof matchMedia === 'function' && matchMedia(query).matches);
}

export const usePhone = () => useMediaQuery(PHONE);

/** The stored side width in percent, when it is a sane one (10..90). */
export function storedSideSize(): number {
  const saved = Number(readPref(SIDE_SIZE_KEY));
  return Number.isFinite(saved) && saved >= 10 && saved <= 90 ? saved : DEFAULT_SIDE_PERCENT;
}

interface Props {
  chat: ReactNode;
  /** The right panel, or null when it is closed. */
  side: ReactNode | null;
  /** The right panel takes the whole width (the chat stays mounted, hidden). */
  maximized: boolean;
  /** Phones: no split; chat and the panel are laid out by the page's tabs. */
  phone: boolean;
}

/**
 * The session page's chat and right panel side by side, split by a handle that drags (or moves with the arrow keys);
 * the panel's width is remembered in localStorage. On phones there is no split: the two are stacked and the page's
 * tabs pick one.
 */
export function SplitLayout({ chat, side, maximized, phone }: Props) {
  const t = useT();
  if (phone) {
    return (
      <>
        {chat}
        {side}
      </>
    );
  }
  const save = (layout: Layout) => {
    const size = layout.side;
    // Not while maximized (the chat is only hidden) nor for a collapsed chat.
    if (!maximized && typeof size === 'number' && size >= 10 && size <= 90) writePref(SIDE_SIZE_KEY, size.toFixed(1));
  };
  return (
    <Group
      id="session-split"
      className={`session-split${maximized && side ? ' maximized' : ''}`}
      orientation="horizontal"
      onLayoutChanged={save}
      data-testid="session-split"
    >
      <Panel id="chat" minSize="320px" className="chat-panel">
        {chat}
      </Panel>
      {side && (
        <>
          <Separator className="split-handle" aria-label={t('split.resize')} data-testid="split-handle" />
          <Panel id="side" defaultSize={`${storedSideSize()}%`} minSize="280px" className="side-panel" data-testid="side-panel">
            {side}
          </Panel>
        </>
      )}
    </Group>
  );
}
