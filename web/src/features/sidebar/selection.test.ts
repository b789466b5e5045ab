import { describe, expect, it } from 'vitest';
import { session } from '../../test/fixtures';
import { clickSelect, draggedIds, NO_SELECTION, parseDragged, pruneSelection, sessionsToMove } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('clickSelect', () => {
  it('toggles one task per plain (Ctrl/Cmd) click and remembers it as the anchor', () => {
    let sel = clickSelect(NO_SELECTION, order, 'b', false);
    sel = clickSelect(sel, order, 'd', false);
    expect([...sel.ids].sort()).toEqual(['b', 'd']);
    expect(sel.anchor).toBe('d');
    sel = clickSelect(sel, order, 'b', false);
    expect([...sel.ids]).toEqual(['d']);
  });

  it('adds the run from the anchor on Shift-click, in either direction, keeping what was selected', () => {
    let sel = clickSelect(NO_SELECTION, order, 'a', false);
    sel = clickSelect(sel, order, 'e', false);
    sel = clickSelect(sel, order, 'c', true);
    expect([...sel.ids].sort()).toEqual(['a', 'c', 'd', 'e']);
    sel = clickSelect(sel, order, 'b', true);
    expect([...sel.ids].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('treats a Shift-click without an anchor (or with one no longer shown) as a toggle', () => {
    expect([...clickSelect(NO_SELECTION, order, 'c', true).ids]).toEqual(['c']);
    const gone = { ids: new Set<string>(), anchor: 'zz' };
    expect([...clickSelect(gone, order, 'c', true).ids]).toEqual(['c']);
  });
});

describe('pruneSelection', () => {
  it('drops deleted tasks and an anchor that is gone, and keeps the same object when nothing changed', () => {
    const sel = { ids: new Set(['a', 'x']), anchor: 'x' };
    const pruned = pruneSelection(sel, order);
    expect([...pruned.ids]).toEqual(['a']);
    expect(pruned.anchor).toBeNull();
    const kept = { ids: new Set(['a']), anchor: 'a' };
    expect(pruneSelection(kept, order)).toBe(kept);
  });
});

describe('draggedIds', () => {
  it('carries the whole selection, in list order, when the drag starts on a selected task', () => {
    const sel = { ids: new Set(['d', 'hidden', 'b']), anchor: 'd' };
    expect(draggedIds(sel, order, 'd')).toEqual(['b', 'd', 'hidden']);
  });

  it('carries only the task itself when it is not selected', () => {
    expect(draggedIds({ ids: new Set(['b']), anchor: 'b' }, order, 'c')).toEqual(['c']);
  });
});

describe('parseDragged', () => {
  it('reads a JSON list of ids and nothing else', () => {
    expect(parseDragged('["a","b"]')).toEqual(['a', 'b']);
    expect(parseDragged('https://example.com')).toEqual([]);
    expect(parseDragged('{"a":1}')).toEqual([]);
    expect(parseDragged('[1,"",null,"c"]')).toEqual(['c']);
  });
});

describe('sessionsToMove', () => {
  it('skips tasks already in the target project (or already outside any)', () => {
    const list = [
      session({ session_id: 'a', project_id: 'p1' }),
      session({ session_id: 'b', project_id: null }),
      session({ session_id: 'c', project_id: 'p2' }),
    ];
    expect(sessionsToMove(list, ['a', 'b', 'c'], 'p1').map((s) => s.session_id)).toEqual(['b', 'c']);
    expect(sessionsToMove(list, ['a', 'b'], null).map((s) => s.session_id)).toEqual(['a']);
  });
});
