// What waits for the user while they look elsewhere: sessions with an open question, and sessions
// that finished while the tab was hidden. The count leads the tab title ("(2) Poco") and, when the
// user has allowed it, a desktop notification announces each one while the tab is hidden.

import { useEffect, useSyncExternalStore } from 'react';
import { keys, queryClient } from '../../api/queries';
import type { Session, SessionEvent } from '../../api/types';
import { t } from '../../i18n';
import { completionSoundOn, playCompletionSound } from './sound';

const NOTIFY_KEY = 'poco.desktopNotifications';
const ACTIVE = new Set(['pending', 'running']);
const ENDED = new Set(['completed', 'failed', 'canceled']);

/** Sessions that finished while the tab was hidden; cleared when the user comes back. */
let unseen = new Set<string>();
const listeners = new Set<() => void>();

function changed() {
  listeners.forEach((l) => l());
}

function isHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

function statusOf(sessionId: string): string | undefined {
  return queryClient.getQueryData<Session[]>(keys.sessions)?.find((s) => s.session_id === sessionId)?.status;
}

function titleOf(sessionId: string, fallback?: string | null): string {
  const title = fallback ?? queryClient.getQueryData<Session[]>(keys.sessions)?.find((s) => s.session_id === sessionId)?.title;
  return title?.trim() || t('attention.untitled');
}

/**
 * Notes a user-stream event, before the sidebar applies it (the previous status is read from the
 * session list it is about to update).
 */
export function noteAttentionEvent(ev: SessionEvent) {
  const { type, payload: p } = ev;
  if (type === 'session.updated' && p?.session_id && p.status) {
    const before = statusOf(p.session_id);
    if (before && ACTIVE.has(before) && ENDED.has(p.status)) {
      if (isHidden()) {
        unseen = new Set(unseen).add(p.session_id);
        changed();
      }
      const key = p.status === 'completed' ? 'attention.finished' : p.status === 'failed' ? 'attention.failed' : 'attention.canceled';
      notify(t(key), titleOf(p.session_id, p.title), p.session_id);
      // A cancel is the user's own doing: no sound for it.
      if (p.status !== 'canceled' && completionSoundOn()) playCompletionSound(p.status);
    }
  } else if (type === 'question.opened' && p?.session_id && p.status === 'pending') {
    notify(t('attention.question'), titleOf(p.session_id), p.session_id);
  } else if (type === 'session.deleted') {
    const id = String(p?.session_id ?? ev.session_id ?? '');
    if (unseen.has(id)) {
      unseen = new Set([...unseen].filter((x) => x !== id));
      changed();
    }
  }
}

function notify(title: string, body: string, sessionId: string) {
  if (!isHidden() || !desktopNotificationsOn()) return;
  try {
    const n = new Notification(title, { body, tag: `poco-${sessionId}` });
    n.onclick = () => {
      window.focus();
      window.location.assign(`/s/${sessionId}`);
      n.close();
    };
  } catch {
    /* not allowed here (e.g. a browser that needs a service worker for notifications) */
  }
}

/** Whether the user turned desktop notifications on and the browser still allows them. */
export function desktopNotificationsOn(): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    return localStorage.getItem(NOTIFY_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Turns desktop notifications on (asking the browser's permission) or off; resolves to whether
 * they are on afterwards.
 */
export async function setDesktopNotifications(on: boolean): Promise<boolean> {
  if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
    await Notification.requestPermission();
  }
  try {
    localStorage.setItem(NOTIFY_KEY, on ? '1' : '0');
  } catch {
    /* storage unavailable: stays off */
  }
  changed();
  return desktopNotificationsOn();
}

/** The notification setting, for a toggle. */
export function useDesktopNotifications(): boolean {
  return useSyncExternalStore(subscribe, desktopNotificationsOn, () => false);
}

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

const PREFIX = /^\(\d+\) /;

/** The tab title with the count in front (none at zero); the page's own title otherwise untouched. */
export function titleWithCount(title: string, count: number): string {
  const bare = title.replace(PREFIX, '');
  return count > 0 ? `(${count}) ${bare}` : bare;
}

/**
 * Keeps the count in front of the tab title: the sessions with an open question plus those that
 * finished while the tab was hidden. Pages set their own titles; the prefix is put back after them.
 */
export function useAttentionTitle(questions: Record<string, string[]>) {
  const finished = useSyncExternalStore(subscribe, () => unseen, () => unseen);
  const waiting = Object.entries(questions).filter(([, ids]) => ids.length > 0).map(([id]) => id);
  const count = new Set([...waiting, ...finished]).size;

  useEffect(() => {
    const apply = () => {
      const next = titleWithCount(document.title, count);
      if (next !== document.title) document.title = next;
    };
    apply();
    const head = document.querySelector('head');
    if (!head || typeof MutationObserver === 'undefined') return;
    const observer = new MutationObserver(apply);
    observer.observe(head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [count]);

  useEffect(() => {
    const onVisible = () => {
      if (!isHidden() && unseen.size > 0) {
        unseen = new Set();
        changed();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
}

/** For tests: forget what was noted. */
export function resetAttention() {
  unseen = new Set();
  changed();
}
