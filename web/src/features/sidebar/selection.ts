// The sidebar's multi-select and drag-and-drop, as pure functions over session ids: which tasks a click selects
// (Ctrl/Cmd toggles one, Shift adds the run from the last clicked one), which tasks a drag carries, and which of
// them a drop onto a project really moves.

import type { Session } from '../../api/types';

/** The drag data type of sidebar tasks: a JSON array of session ids. */
export const SESSION_DRAG_TYPE = 'application/x-poco-sessions';

export interface Selection {
  ids: ReadonlySet<string>;
  /** The task a Shift-click extends from (the last one clicked). */
  anchor: string | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

/**
 * The selection after a click on `id`. `order` is the tasks as the sidebar shows them, top to bottom. Shift adds
 * every task from the anchor to `id` (both included); otherwise the click toggles `id`.
 */
export function clickSelect(sel: Selection, order: readonly string[], id: string, shift: boolean): Selection {
  const ids = new Set(sel.ids);
  const from = sel.anchor === null ? -1 : order.indexOf(sel.anchor);
  const to = order.indexOf(id);
  if (shift && from >= 0 && to >= 0) {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (const x of order.slice(a, b + 1)) ids.add(x);
    return { ids, anchor: id };
  }
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** Drops ids that are no longer in the list (deleted elsewhere, or moved out of sight is fine: they stay). */
export function pruneSelection(sel: Selection, existing: readonly string[]): Selection {
  const known = new Set(existing);
  const ids = [...sel.ids].filter((id) => known.has(id));
  if (ids.length === sel.ids.size) return sel;
  return { ids: new Set(ids), anchor: sel.anchor !== null && known.has(sel.anchor) ? sel.anchor : null };
}

/** What a drag starting at `id` carries: the whole selection when `id` is in it (in list order), else `id` alone. */
export function draggedIds(sel: Selection, order: readonly string[], id: string): string[] {
  if (!sel.ids.has(id)) return [id];
  const inOrder = order.filter((x) => sel.ids.has(x));
  // Selected tasks hidden in a collapsed project still go along.
  return [...inOrder, ...[...sel.ids].filter((x) => !inOrder.includes(x))];
}

/** The ids a drop's data names; anything else (a link, text, a file dragged in) names none. */
export function parseDragged(data: string): string[] {
  try {
    const value: unknown = JSON.parse(data);
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  } catch {
    return [];
  }
}

/** Of `ids`, the sessions a move to `projectId` (null: out of any project) changes. */
export function sessionsToMove(sessions: readonly Session[], ids: readonly string[], projectId: string | null): Session[] {
  const wanted = new Set(ids);
  return sessions.filter((s) => wanted.has(s.session_id) && (s.project_id ?? null) !== projectId);
}
