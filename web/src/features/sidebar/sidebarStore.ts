// The sidebar's data: sessions, projects and pending-question counts, in the query cache and kept
// live by the user-level event stream (and by the open session's stream).

import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import type { Project, Session, SessionEvent, UserInputRequest } from '../../api/types';
import { keys, queryClient } from '../../api/queries';

export interface SidebarState {
  sessions: Session[];
  projects: Project[];
  /** Pending user-input requests by session id. */
  questions: Record<string, string[]>;
  /** The session list was read (or failed to be). */
  loaded: boolean;
}

type Questions = Record<string, string[]>;

const time = (s: string | undefined) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? 0 : t;
};

export function sortSessions(list: Session[]): Session[] {
  return [...list].sort((a, b) => time(b.created_at) - time(a.created_at));
}

const sessionsQuery = {
  queryKey: keys.sessions,
  queryFn: async () => sortSessions((await api.sessions()) ?? []),
  meta: { toastErrors: true },
};

const projectsQuery = {
  queryKey: keys.projects,
  queryFn: async () => (await api.projects()) ?? [],
  meta: { toastErrors: true },
};

/** Pending, unexpired questions by session; a failure is silent (the badge is a hint, the session view shows its own). */
const questionsQuery = {
  queryKey: keys.pendingQuestions,
  queryFn: async (): Promise<Questions> => {
    const questions: Questions = {};
    try {
      for (const q of (await api.questions()) ?? []) {
        if (q.status !== 'pending') continue;
        if (q.expires_at && Date.parse(q.expires_at) < Date.now()) continue;
        (questions[q.session_id] ??= []).push(q.id);
      }
    } catch {
      return queryClient.getQueryData<Questions>(keys.pendingQuestions) ?? {};
    }
    return questions;
  },
};

/** Changes a loaded list in the cache; a list not loaded yet is left to its load. */
function update<T>(key: readonly unknown[], change: (old: T) => T) {
  queryClient.setQueryData<T>(key, (old) => (old === undefined ? old : change(old)));
}

export function upsertSession(s: Session) {
  update<Session[]>(keys.sessions, (list) => {
    const old = list.find((x) => x.session_id === s.session_id);
    if (old && time(s.updated_at) < time(old.updated_at)) return list;
    return old ? list.map((x) => (x.session_id === s.session_id ? { ...x, ...s } : x)) : sortSessions([s, ...list]);
  });
}

export function removeSession(id: string) {
  update<Session[]>(keys.sessions, (list) => list.filter((s) => s.session_id !== id));
  update<Questions>(keys.pendingQuestions, (questions) => {
    const { [id]: _gone, ...rest } = questions;
    return rest;
  });
}

function setQuestion(q: UserInputRequest) {
  update<Questions>(keys.pendingQuestions, (questions) => {
    const list = questions[q.session_id] ?? [];
    const has = list.includes(q.id);
    if (q.status === 'pending' && !has) return { ...questions, [q.session_id]: [...list, q.id] };
    if (q.status !== 'pending' && has) return { ...questions, [q.session_id]: list.filter((x) => x !== q.id) };
    return questions;
  });
}

let questionTimer: ReturnType<typeof setTimeout> | undefined;
/** Re-reads pending questions soon (several triggers in a burst cause one request). */
function reloadQuestionsSoon() {
  clearTimeout(questionTimer);
  questionTimer = setTimeout(() => void loadQuestions(), 800);
}

/**
 * Reads a list again, sharing a read already under way (the first stream open usually coincides
 * with the first read). Failures are toasted by the query cache (see `meta`).
 */
function reload(query: typeof sessionsQuery | typeof projectsQuery | typeof questionsQuery): Promise<void> {
  return queryClient.fetchQuery<unknown>({ ...query, staleTime: 0 }).then(
    () => undefined,
    () => undefined,
  );
}

export const loadSessions = () => reload(sessionsQuery);
export const loadProjects = () => reload(projectsQuery);
export const loadQuestions = () => reload(questionsQuery);

export function setProjects(projects: Project[]) {
  queryClient.setQueryData(keys.projects, projects);
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
        else if (queryClient.getQueryData<Questions>(keys.pendingQuestions)?.[p.session_id]?.length) reloadQuestionsSoon();
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
  const sessions = useQuery(sessionsQuery);
  const projects = useQuery(projectsQuery);
  const questions = useQuery(questionsQuery);
  return {
    sessions: sessions.data ?? EMPTY,
    projects: projects.data ?? EMPTY,
    questions: questions.data ?? NO_QUESTIONS,
    loaded: !sessions.isPending || sessions.isError,
  };
}

/**
 * The project list as the sidebar last read it, without reading it (a page that only needs the caller's role in a
 * project, like a shared session's read-only view, adds no request of its own).
 */
export function useKnownProjects(): Project[] {
  return useQuery({ ...projectsQuery, enabled: false }).data ?? EMPTY;
}

const EMPTY: never[] = [];
const NO_QUESTIONS: Questions = {};
