import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys, queryClient } from '../../api/queries';
import type { Session, SessionEvent } from '../../api/types';
import {
  desktopNotificationsOn,
  noteAttentionEvent,
  resetAttention,
  setDesktopNotifications,
  titleWithCount,
  useAttentionTitle,
} from './attention';

function session(id: string, status: string, title = 'Fix the build'): Session {
  return { session_id: id, status, title, created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-01T00:00:00Z' } as Session;
}

function updated(s: Session): SessionEvent {
  return { type: 'session.updated', payload: s, session_id: s.session_id } as SessionEvent;
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

function Title({ questions }: { questions: Record<string, string[]> }) {
  useAttentionTitle(questions);
  return null;
}

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: { title: string; body?: string }[] = [];
  static requestPermission = vi.fn(async () => FakeNotification.permission);
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, body: options?.body });
  }
  close() {}
}

describe('attention', () => {
  beforeEach(() => {
    document.title = 'Poco';
    FakeNotification.shown = [];
    FakeNotification.permission = 'granted';
    vi.stubGlobal('Notification', FakeNotification);
  });
  afterEach(() => {
    setHidden(false);
    resetAttention();
    vi.unstubAllGlobals();
  });

  it('puts the count in front of a title and takes it away at zero', () => {
    expect(titleWithCount('Poco', 2)).toBe('(2) Poco');
    expect(titleWithCount('(2) Poco', 1)).toBe('(1) Poco');
    expect(titleWithCount('(1) Fix the build · Poco', 0)).toBe('Fix the build · Poco');
  });

  it('counts sessions with an open question, and keeps the count when a page sets its own title', async () => {
    const { rerender } = render(<Title questions={{ a: ['q1', 'q2'], b: ['q3'], c: [] }} />);
    expect(document.title).toBe('(2) Poco');
    document.title = 'Schedules · Poco';
    await vi.waitFor(() => expect(document.title).toBe('(2) Schedules · Poco'));
    rerender(<Title questions={{}} />);
    expect(document.title).toBe('Schedules · Poco');
  });

  it('counts a session that finished while the tab was hidden until the user comes back', async () => {
    queryClient.setQueryData(keys.sessions, [session('s1', 'running')]);
    render(<Title questions={{}} />);
    setHidden(true);
    act(() => noteAttentionEvent(updated(session('s1', 'completed'))));
    expect(document.title).toBe('(1) Poco');
    act(() => setHidden(false));
    expect(document.title).toBe('Poco');
  });

  it('does not count a finish seen in a visible tab, nor a status it did not see change', () => {
    queryClient.setQueryData(keys.sessions, [session('s1', 'running'), session('s2', 'completed')]);
    render(<Title questions={{}} />);
    act(() => {
      noteAttentionEvent(updated(session('s1', 'completed')));
      setHidden(true);
      noteAttentionEvent(updated(session('s2', 'completed')));
      noteAttentionEvent(updated(session('unknown', 'failed')));
    });
    expect(document.title).toBe('Poco');
  });

  it('notifies on the desktop only when turned on, allowed and the tab is hidden', async () => {
    queryClient.setQueryData(keys.sessions, [session('s1', 'running'), session('s2', 'running')]);
    setHidden(true);
    noteAttentionEvent(updated(session('s1', 'failed')));
    expect(FakeNotification.shown).toEqual([]);

    expect(await setDesktopNotifications(true)).toBe(true);
    noteAttentionEvent(updated(session('s2', 'completed', 'Deploy')));
    noteAttentionEvent({ type: 'question.opened', session_id: 's1', payload: { id: 'q', session_id: 's1', status: 'pending' } } as unknown as SessionEvent);
    expect(FakeNotification.shown).toEqual([
      { title: 'Task finished', body: 'Deploy' },
      { title: 'A question is waiting for you', body: 'Fix the build' },
    ]);

    setHidden(false);
    noteAttentionEvent({ type: 'question.opened', session_id: 's2', payload: { id: 'q2', session_id: 's2', status: 'pending' } } as unknown as SessionEvent);
    expect(FakeNotification.shown).toHaveLength(2);
  });

  it('stays off when the browser refuses the permission', async () => {
    FakeNotification.permission = 'denied';
    expect(await setDesktopNotifications(true)).toBe(false);
    expect(desktopNotificationsOn()).toBe(false);
  });
});
