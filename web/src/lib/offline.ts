// Reading offline: the JSON of the API's GETs the user has loaded is kept in the browser's Cache
// Storage, and when the server cannot be reached a GET answers from it. The page keeps and reads the
// copies itself (the service worker only serves the app's own files): a service worker re-sending
// API requests would drop headers a proxy or the browser adds for the page, and it would need its
// own idea of who is signed in.

const CACHE = 'poco-offline-v1';
const OWNER_KEY = 'poco.offlineOwner';
/** Responses kept; the oldest go first. */
export const MAX_ENTRIES = 400;
/** A larger answer (a huge file listing) is not worth keeping. */
const MAX_CHARS = 2_000_000;
/** Live or volatile answers: streams, health, searches. */
const SKIP = /^\/api\/v1\/(events|health|search|system)(\/|\?|$)|\/events(\?|$)|\/stream(\?|$)/;

function available(): boolean {
  return typeof caches !== 'undefined' && typeof window !== 'undefined' && window.isSecureContext;
}

export function keepsOffline(path: string): boolean {
  return path.startsWith('/api/v1/') && !SKIP.test(path);
}

let puts = 0;

/** Keeps the text of a successful GET; never fails the request it came from. */
export function rememberOffline(path: string, text: string): void {
  if (!available() || !keepsOffline(path) || text.length > MAX_CHARS) return;
  void (async () => {
    try {
      const cache = await caches.open(CACHE);
      await cache.put(path, new Response(text, { headers: { 'Content-Type': 'application/json' } }));
      if (++puts % 25 === 0) await trim(cache);
    } catch {
      /* storage full or denied: reading offline is a bonus */
    }
  })();
}

async function trim(cache: Cache) {
  const entries = await cache.keys();
  for (const old of entries.slice(0, Math.max(0, entries.length - MAX_ENTRIES))) await cache.delete(old);
}

/** The kept text of a GET, or null. */
export async function recallOffline(path: string): Promise<string | null> {
  if (!available() || !keepsOffline(path)) return null;
  try {
    const hit = await (await caches.open(CACHE)).match(path);
    return hit ? await hit.text() : null;
  } catch {
    return null;
  }
}

/** Drops every kept answer (signing out, another user signing in). */
export async function clearOffline(): Promise<void> {
  if (!available()) return;
  try {
    await caches.delete(CACHE);
  } catch {
    /* nothing kept */
  }
}

/** Keeps the copies only for one user: a different user than the last one starts empty. */
export async function offlineOwner(userId: string): Promise<void> {
  let last: string | null = null;
  try {
    last = localStorage.getItem(OWNER_KEY);
    localStorage.setItem(OWNER_KEY, userId);
  } catch {
    /* storage unavailable */
  }
  if (last !== null && last !== userId) await clearOffline();
}
