// Loads a session's snapshot and keeps it live.
//
// Order matters: the messages are read first, and their `X-Last-Event-ID` header names the newest
// event they reflect. Everything else is read after that, so it is at least as new; the stream then
// resumes after that id. Anything that happened in between arrives as an event and is applied
// idempotently, so nothing is lost and nothing shows twice.

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys, queryClient } from '../../api/queries';
import type { NetworkEvent, SessionEvent } from '../../api/types';
import { showToast, toastError } from '../../ui/toast';
import { initialSessionState, sessionReducer, type SessionAction, type SessionState } from './sessionReducer';
import { applySidebarEvent } from '../sidebar/sidebarStore';
import { openStream, parseEventData, type SseFrame } from '../../live/sse';
import { t } from '../../i18n';

export interface UseSession {
  state: SessionState;
  dispatch: (a: SessionAction) => void;
  error: ApiError | Error | null;
  retry: () => void;
}

/**
 * A frame as an event, taking id and type from the frame when the JSON lacks them. The payload is
 * trusted to match its type (the server builds both); kinds unknown here pass through and are
 * ignored by the reducers.
 */
export function frameToEvent(frame: SseFrame): SessionEvent | null {
  const ev = parseEventData<Omit<Partial<SessionEvent>, 'type'> & { type?: string }>(frame);
  if (!ev || typeof ev !== 'object') return null;
  if (ev.id == null && frame.id != null && frame.id !== '' && Number.isFinite(Number(frame.id))) ev.id = Number(frame.id);
  if (!ev.type && frame.event !== 'message') ev.type = frame.event;
  return ev.type ? (ev as SessionEvent) : null;
}

type Snapshot = Omit<Extract<SessionAction, { type: 'snapshot' }>, 'type'>;

/** Messages first (their X-Last-Event-ID), then the rest, which is therefore at least as new. */
async function loadSnapshot(sessionId: string, signal: AbortSignal): Promise<Snapshot> {
  const soft = <T,>(p: Promise<T>, fallback: T): Promise<T> =>
    p.catch((e) => {
      if (!signal.aborted) toastError(e);
      return fallback;
    });
  const { messages, lastEventId } = await api.messages(sessionId, signal);
  const [session, tools, runs, questions, network] = await Promise.all([
    api.session(sessionId, signal),
    soft(api.toolExecutions(sessionId, signal), []),
    soft(api.runs(sessionId, signal), []),
    soft(api.questions(sessionId, signal), []),
    loadNetwork(sessionId, signal),
  ]);
  return { session, messages, tools: tools ?? [], runs: runs ?? [], questions: questions ?? [], network, lastEventId };
}

/**
 * The session's network events, or null when they cannot be read. Optional information, so no
 * toast: a server without the endpoint (404) has none to show, and other failures only leave the
 * Network panel saying so.
 */
async function loadNetwork(sessionId: string, signal: AbortSignal): Promise<NetworkEvent[] | null> {
  try {
    const list = await api.network(sessionId, signal);
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return e instanceof ApiError && e.status === 404 ? [] : null;
  }
}

export function useSession(sessionId: string): UseSession {
  const [state, dispatch] = useReducer(sessionReducer, sessionId, initialSessionState);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  const lastId = useRef<number | null>(null);
  const warned = useRef(false);

  useEffect(() => {
    const ctl = new AbortController();
    let stream: { close(): void } | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    setError(null);

    (async () => {
      try {
        // Through the query cache: a second mount while this read is under way (React's StrictMode)
        // shares it. Not kept (gcTime 0): every mount starts from a fresh snapshot.
        const snapshot = await queryClient.fetchQuery({
          queryKey: keys.sessionSnapshot(sessionId),
          queryFn: ({ signal }) => loadSnapshot(sessionId, signal),
          staleTime: 0,
          gcTime: 0,
        });
        if (ctl.signal.aborted) return;
        const { lastEventId } = snapshot;
        dispatch({ type: 'snapshot', ...snapshot });
        lastId.current = lastEventId ?? 0;
        stream = openStream({
          source: `session:${sessionId}`,
          url: () => api.sessionEventsUrl(sessionId, lastId.current),
          // Pieces of text sent while the stream was away are gone: drop what is shown, the replay and
          // the complete messages bring the rest.
          onOpen: (reconnect) => {
            if (reconnect) dispatch({ type: 'stream-reset' });
          },
          onFrame: (frame) => {
            const ev = frameToEvent(frame);
            if (!ev) return;
            dispatch({ type: 'event', event: ev });
            if (ev.id != null && (lastId.current == null || ev.id > lastId.current)) lastId.current = ev.id;
            applySidebarEvent(ev);
          },
          onFatal: (status) => {
            // Is the session gone, or only its stream? Without a stream, reload every few seconds.
            api.session(sessionId, ctl.signal).then(
              () => {
                if (!warned.current) showToast(`${t('error.liveUnavailable')} (HTTP ${status})`, 'error');
                warned.current = true;
                retryTimer = setTimeout(() => setAttempt((a) => a + 1), 5000);
              },
              (e) => {
                if (e instanceof ApiError && (e.status === 404 || e.code === 40400)) {
                  dispatch({ type: 'event', event: { type: 'session.deleted', payload: { session_id: sessionId } } });
                }
              },
            );
          },
        });
      } catch (e) {
        if (ctl.signal.aborted) return;
        setError(e as Error);
        // The server is unreachable: try again on our own; the banner tells the user.
        if (e instanceof ApiError && e.network) retryTimer = setTimeout(() => setAttempt((a) => a + 1), 3000);
      }
    })();

    return () => {
      ctl.abort();
      clearTimeout(retryTimer);
      stream?.close();
    };
  }, [sessionId, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, dispatch, error, retry };
}
