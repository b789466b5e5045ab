// A tiny History-API router: `/` home, `/s/<session id>` a session, `/p/<project id>` a project's
// composer. The server answers index.html for these paths.

import { useSyncExternalStore, type MouseEvent } from 'react';

export type Route = { name: 'home' } | { name: 'session'; id: string } | { name: 'project'; id: string };

export function parseRoute(path: string): Route {
  const m = /^\/(s|p)\/([^/?#]+)\/?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2]);
    return m[1] === 's' ? { name: 'session', id } : { name: 'project', id };
  }
  return { name: 'home' };
}

export const paths = {
  home: () => '/',
  session: (id: string) => `/s/${encodeURIComponent(id)}`,
  project: (id: string) => `/p/${encodeURIComponent(id)}`,
};

const listeners = new Set<() => void>();
let current = typeof location !== 'undefined' ? location.pathname : '/';

function update() {
  current = location.pathname;
  listeners.forEach((l) => l());
}

if (typeof window !== 'undefined') window.addEventListener('popstate', update);

export function navigate(path: string, opts: { replace?: boolean } = {}) {
  if (path === location.pathname) return;
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  update();
}

export function usePath(): string {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => current,
  );
}

export function useRoute(): Route {
  return parseRoute(usePath());
}

/** onClick for an `<a href>`: client-side navigation, but let modified clicks open new tabs. */
export function linkHandler(path: string, after?: () => void) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
    after?.();
  };
}
