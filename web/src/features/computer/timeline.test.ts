import { describe, expect, it } from 'vitest';
import type { ComputerStep, StepKind } from './computer';
import { filterSteps, INITIAL_TIMELINE, timelineReduce, timelineView, type TimelineAction, type TimelineState } from './timeline';

const step = (id: string, kind: StepKind): ComputerStep => ({ kind, toolUseId: id, name: kind === 'terminal' ? 'Bash' : 'Read', input: {}, output: null });
const steps = [step('t1', 'terminal'), step('b2', 'browser'), step('f3', 'files'), step('t4', 'terminal'), step('b5', 'browser')];

/** Runs the actions from the initial state against `list`. */
const run = (actions: TimelineAction[], list: readonly ComputerStep[] = steps, from: TimelineState = INITIAL_TIMELINE) =>
  actions.reduce((s, a) => timelineReduce(s, a, list), from);
const shown = (s: TimelineState, list: readonly ComputerStep[] = steps) => {
  const v = timelineView(s, list);
  return v.visible[v.index]?.toolUseId ?? null;
};

describe('the computer timeline', () => {
  it('follows the newest frame until the user scrubs back, and again after Latest', () => {
    let s = INITIAL_TIMELINE;
    expect(timelineView(s, steps)).toMatchObject({ index: 4, following: true });
    // A new frame streams in: still the newest.
    const more = [...steps, step('t6', 'terminal')];
    expect(shown(s, more)).toBe('t6');

    s = run([{ type: 'select', index: 1 }], more);
    expect(shown(s, more)).toBe('b2');
    expect(timelineView(s, more).following).toBe(false);
    // More frames arrive: the chosen one stays.
    const evenMore = [...more, step('b7', 'browser')];
    expect(shown(s, evenMore)).toBe('b2');

    s = run([{ type: 'latest' }], evenMore, s);
    expect(timelineView(s, evenMore)).toMatchObject({ index: 6, following: true });
    // Choosing the newest by hand follows again too.
    s = run([{ type: 'select', index: 2 }, { type: 'select', index: 99 }], evenMore);
    expect(s.chosen).toBeNull();
    expect(shown(s, [...evenMore, step('f8', 'files')])).toBe('f8');
  });

  it('plays from the first frame when at the newest, one frame a tick, and stops following the newest at the end', () => {
    let s = run([{ type: 'play' }]);
    expect(s.playing).toBe(true);
    expect(shown(s)).toBe('t1');
    const seen = [shown(s)];
    while (s.playing) {
      s = run([{ type: 'tick' }], steps, s);
      seen.push(shown(s));
    }
    expect(seen).toEqual(['t1', 'b2', 'f3', 't4', 'b5']);
    expect(timelineView(s, steps).following).toBe(true);
    // A tick after the end changes nothing.
    expect(run([{ type: 'tick' }], steps, s)).toBe(s);
  });

  it('plays on from a chosen frame, pauses where it is, and gives way to the user', () => {
    let s = run([{ type: 'select', index: 2 }, { type: 'play' }, { type: 'tick' }]);
    expect(shown(s)).toBe('t4');
    s = run([{ type: 'pause' }], steps, s);
    expect(s.playing).toBe(false);
    expect(shown(run([{ type: 'tick' }], steps, s))).toBe('t4');
    s = run([{ type: 'play' }, { type: 'select', index: 0 }], steps, s);
    expect(s.playing).toBe(false);
    expect(shown(s)).toBe('t1');
    // Nothing to play through with one frame.
    expect(run([{ type: 'play' }], [step('t1', 'terminal')]).playing).toBe(false);
  });

  it('filters by kind, keeping the chosen frame when it is of that kind', () => {
    expect(filterSteps(steps, 'all')).toBe(steps);
    expect(filterSteps(steps, 'terminal').map((s) => s.toolUseId)).toEqual(['t1', 't4']);
    expect(filterSteps(steps, 'files').map((s) => s.toolUseId)).toEqual(['f3']);

    let s = run([{ type: 'filter', filter: 'browser' }]);
    expect(timelineView(s, steps)).toMatchObject({ index: 1, following: true });
    expect(shown(s)).toBe('b5');
    // Following within the filter: a new browser frame is shown, a terminal one is not.
    expect(shown(s, [...steps, step('t6', 'terminal')])).toBe('b5');
    expect(shown(s, [...steps, step('b6', 'browser')])).toBe('b6');

    s = run([{ type: 'select', index: 0 }], steps, s);
    expect(shown(s)).toBe('b2');
    s = run([{ type: 'filter', filter: 'all' }], steps, s);
    expect(shown(s)).toBe('b2'); // still of the kind shown: kept
    s = run([{ type: 'play' }, { type: 'filter', filter: 'terminal' }], steps, s);
    expect(s).toMatchObject({ filter: 'terminal', chosen: null, playing: false });
    expect(shown(s)).toBe('t4');

    expect(timelineView(run([{ type: 'filter', filter: 'files' }], [step('t1', 'terminal')]), [step('t1', 'terminal')])).toMatchObject({ index: -1 });
  });
});
