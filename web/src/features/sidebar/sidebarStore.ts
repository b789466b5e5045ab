// The sidebar's data: sessions, projects and pending-question counts, kept live by the user-level
// event stream (and by the open session's stream).

import { useSyncExternalStore } from 'react';
import { api } from '../../api/endpoints';
import type { Project, Session, SessionEvent, UserInputRequest } from '../../api/types';
import { toastError } from '../../ui/toast';

export interface SidebarState {
  sessions: Session[];
  projects: Project[];
  /** Pending user-input requests by session id. */
  questions: Record<string, string[]>;
  loaded: boolean;
}

let state: SidebarState = { sessions: [], projects: [], questions: {}, loaded: false };
const listeners = new Set<() => void>();

function set(next: Partial<SidebarState>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

const time = (s: string | undefined) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? 0 : t;
};

export function sortSessions(list: Session[]): Session[] {
  return [...list].sort((a, b) => time(b.created_at) - time(a.created_at));
}

export function upsertSession(s: Session) {
  const old = state.sessions.find((x) => x.session_id === s.session_id);
  if (old && time(s.updated_at) < time(old.updated_at)) return;
  const sessions = old
    ? state.sessions.map((x) => (x.session_id === s.session_id ? { ...x, ...s } : x))
    : sortSessions([s, ...state.sessions]);
  set({ sessions });
}

export function removeSession(id: string) {
  const { [id]: _gone, ...questions } = state.questions;
  void _gone;
  set({ sessions: state.sessions.filter((s) => s.session_id !== id), questions });
}

function setQuestion(q: UserInputRequest) {
  const list = state.questions[q.session_id] ?? [];
  const has = list.includes(q.id);
  if (q.status === 'pending' && !has) set({ questions: { ...state.questions, [q.session_id]: [...list, q.id] } });
  if (q.status !== 'pending' && has) {
    set({ questions: { ...state.questions, [q.session_id]: list.filter((x) => x !== q.id) } });
  }
}

let questionTimer: ReturnType<typeof setTimeout> | undefined;
/** Re-reads pending questions soon (several triggers in a burst cause one request). */
function reloadQuestionsSoon() {
  clearTimeout(questionTimer);
  questionTimer = setTimeout(() => void loadQuestions(), 800);
}

export async function loadSessions() {
  try {
    const sessions = await api.sessions();
    set({ sessions: sortSessions(sessions ?? []), loaded: true });
  } catch (e) {
    set({ loaded: true });
    toastError(e);
  }
}

export async function loadProjects() {
  try {
    set({ projects: (await api.projects()) ?? [] });
  } catch (e) {
    toastError(e);
  }
}

export async function loadQuestions() {
  try {
    const list = (await api.questions()) ?? [];
    const questions: Record<string, string[]> = {};
    for (const q of list) {
      if (q.status !== 'pending') continue;
      if (q.expires_at && Date.parse(q.expires_at) < Date.now()) continue;
      (questions[q.session_id] ??= []).push(q.id);
    }
    set({ questions });
  } catch {
    /* the badge is a hint; the session view shows its own questions */
  }
}

export function setProjects(projects: Project[]) {
  set({ projects });
}

/** Applies a user-stream or session-stream event to the sidebar. */
export function applySidebarEvent(ev: SessionEvent) {
  // Destructured together, so each case narrows `p` to its event's payload.
  const { type, payload: p } = ev;
  switch (type) {
    case 'session.updated':
      if (p?.session_id) {
        upsertSession(p);
        if (p.status === 'running' || p.status === 'pending') reloadQuestionsSoon();
        else if (state.questions[p.session_id]?.length) reloadQuestionsSoon();
      }
      break;
    case 'session.deleted':
      if (p?.session_id ?? ev.session_id) removeSession(String(p?.session_id ?? ev.session_id));
      break;
    case 'question.opened':
    case 'question.closed':
      if (p?.id && p?.session_id) setQuestion(p);
      break;
    default:
      break;
  }
}

export function useSidebar(): SidebarState {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => state,
  );
}

export function getSidebar(): SidebarState {
  return state;
}
