// Prompt history for ↑/↓ in the composer, newest last, kept in localStorage.

const KEY = 'poco.promptHistory';
const MAX = 100;

export function loadHistory(): string[] {
  try {
    const raw = localStorage.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function pushHistory(prompt: string): string[] {
  const text = prompt.trim();
  if (!text) return loadHistory();
  const list = loadHistory().filter((p) => p !== text);
  list.push(text);
  const next = list.slice(-MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    /* full or unavailable */
  }
  return next;
}

/**
 * Walks the history. `index` is the position in `history` being shown, or `history.length` for
 * the live draft. Returns the new index, or null when there is nowhere to go.
 */
export function step(history: string[], index: number, dir: -1 | 1): number | null {
  const next = index + dir;
  if (next < 0 || next > history.length) return null;
  return next;
}
