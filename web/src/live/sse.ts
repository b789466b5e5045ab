// A Server-Sent-Events client on top of fetch. Unlike EventSource it sees comment frames (`: ping`),
// so a silent dead connection is noticed by a watchdog; it sees HTTP statuses, so a 404 stops the
// retries; and each reconnect asks for the URL again, so it resumes `?after=<last applied id>`.

import { createParser } from 'eventsource-parser';
import { connection } from './connection';
import { signedOutHook } from '../api/signedOut';

export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
}

export interface FrameParser {
  feed(chunk: string): void;
}

/**
 * Incremental `text/event-stream` parser (eventsource-parser), reporting frames in the shape the
 * rest of the app uses: `event` defaults to `message`, a missing id is `null`.
 */
export function createFrameParser(onFrame: (frame: SseFrame) => void, onComment?: (text: string) => void): FrameParser {
  return createParser({
    onEvent: (e) => onFrame({ id: e.id ?? null, event: e.event || 'message', data: e.data }),
    onComment: (text) => onComment?.(text.trim()),
    // `retry` and unknown fields are ignored, as a browser's EventSource does.
    onError: () => undefined,
  });
}

export interface StreamOptions {
  /** Built again on every (re)connect. */
  url: () => string;
  /** Name under which the connection state is reported. */
  source: string;
  onFrame: (frame: SseFrame) => void;
  onOpen?: (reconnect: boolean) => void;
  /** A 4xx answer: the stream stops for good. */
  onFatal?: (status: number) => void;
  /** Reconnect when nothing (not even a ping) arrived for this long. */
  idleTimeoutMs?: number;
  /** Close while the tab is hidden this long (browsers allow ~6 connections per host). */
  hiddenPauseMs?: number;
}

export interface StreamHandle {
  close(): void;
}

const BACKOFF = [500, 1000, 2000, 4000, 8000];

export function openStream(opts: StreamOptions): StreamHandle {
  const idleTimeout = opts.idleTimeoutMs ?? 45_000;
  const hiddenPause = opts.hiddenPauseMs ?? 60_000;
  let closed = false;
  let paused = false;
  let attempt = 0;
  let everOpened = false;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;

  const resetIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller?.abort(), idleTimeout);
  };

  const scheduleRetry = () => {
    if (closed || paused) return;
    const delay = BACKOFF[Math.min(attempt, BACKOFF.length - 1)];
    attempt++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  };

  async function connect() {
    if (closed || paused) return;
    const ctl = new AbortController();
    controller = ctl;
    try {
      const res = await fetch(opts.url(), {
        headers: { Accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'same-origin',
        signal: ctl.signal,
      });
      // signed out (password mode): ask to sign in again instead of reconnecting
      if (res.status === 401) signedOutHook.notify();
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        connection.forget(opts.source);
        closed = true;
        opts.onFatal?.(res.status);
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const reconnect = everOpened;
      everOpened = true;
      attempt = 0;
      connection.markUp(opts.source);
      connection.markUp('api'); // the server answered, so it is reachable again
      opts.onOpen?.(reconnect);
      resetIdle();
      const parser = createFrameParser((frame) => {
        if (!closed) opts.onFrame(frame);
      }, resetIdle);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        resetIdle();
        parser.feed(value);
        if (closed) return;
      }
      throw new Error('stream ended');
    } catch {
      clearTimeout(idleTimer);
      if (closed || paused) return;
      connection.markDown(opts.source);
      scheduleRetry();
    }
  }

  // Stop the stream now; `resume` opens it again, asking for a fresh URL.
  const suspend = () => {
    paused = true;
    clearTimeout(hiddenTimer);
    clearTimeout(retryTimer);
    clearTimeout(idleTimer);
    controller?.abort();
    connection.forget(opts.source);
  };
  const resume = () => {
    if (closed || !paused) return;
    paused = false;
    attempt = 0;
    void connect();
  };

  const onVisibility = () => {
    if (document.visibilityState === 'hidden') {
      clearTimeout(hiddenTimer);
      hiddenTimer = setTimeout(suspend, hiddenPause);
    } else {
      clearTimeout(hiddenTimer);
      resume();
    }
  };
  // A page kept in the back/forward cache keeps its open fetches, and Chromium counts them against
  // its ~6 connections per host: after a few full navigations on this origin, the next page waits
  // about a minute for a connection. So the stream closes when the page is hidden for good or
  // cached, and reopens (resuming after the last event) if the page is restored.
  const onPageHide = () => suspend();
  const onPageShow = (e: PageTransitionEvent) => {
    if (e.persisted) resume();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
  }

  void connect();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(idleTimer);
      clearTimeout(hiddenTimer);
      controller?.abort();
      connection.forget(opts.source);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      if (typeof window !== 'undefined') {
        window.removeEventListener('pagehide', onPageHide);
        window.removeEventListener('pageshow', onPageShow);
      }
    },
  };
}

/** Parse a frame's `data:` as a session event, or null if it is not JSON. */
export function parseEventData<T>(frame: SseFrame): T | null {
  try {
    return JSON.parse(frame.data) as T;
  } catch {
    return null;
  }
}
