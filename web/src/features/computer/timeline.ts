// The Computer panel's timeline as plain state (issue 16, poco's replay controls): which frame is shown,
// whether it plays, and which kinds of frame it shows. Pure, so the rules are tested without a DOM:
//
// - Follow-live: with no frame chosen the newest one shows, and new frames are followed as a live run
//   streams them. Choosing an older frame (scrubbing back) stops following; choosing the newest, or
//   "Latest", follows again.
// - Play steps through the frames at a steady pace from the chosen one (from the first when already at
//   the newest) and, on reaching the newest, stops and follows it.
// - The filter shows one kind of frame; the chosen frame stays when it is of that kind.

import type { ComputerStep, StepKind } from './computer';

export type TimelineFilter = 'all' | StepKind;

export const TIMELINE_FILTERS: readonly TimelineFilter[] = ['all', 'terminal', 'browser', 'files'];

/** How long play shows each frame. */
export const PLAY_INTERVAL_MS = 1200;

export interface TimelineState {
  /** The chosen frame's tool call id; null follows the newest. */
  chosen: string | null;
  playing: boolean;
  filter: TimelineFilter;
}

export const INITIAL_TIMELINE: TimelineState = { chosen: null, playing: false, filter: 'all' };

export type TimelineAction =
  | { type: 'select'; index: number }
  | { type: 'latest' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'tick' }
  | { type: 'filter'; filter: TimelineFilter };

export interface TimelineView {
  /** The frames the filter lets through, oldest first. */
  visible: readonly ComputerStep[];
  /** The shown frame's index in `visible`; -1 when none. */
  index: number;
  /** Showing (and following) the newest frame. */
  following: boolean;
}

export function filterSteps(steps: readonly ComputerStep[], filter: TimelineFilter): readonly ComputerStep[] {
  return filter === 'all' ? steps : steps.filter((s) => s.kind === filter);
}

export function timelineView(state: TimelineState, steps: readonly ComputerStep[]): TimelineView {
  const visible = filterSteps(steps, state.filter);
  const found = state.chosen == null ? -1 : visible.findIndex((s) => s.toolUseId === state.chosen);
  const following = found < 0;
  return { visible, index: following ? visible.length - 1 : found, following };
}

/** Shows `index` of `visible`: the newest follows again, anything older is held. */
function choose(visible: readonly ComputerStep[], index: number): string | null {
  const i = Math.max(0, Math.min(visible.length - 1, index));
  return i >= visible.length - 1 ? null : (visible[i]?.toolUseId ?? null);
}

export function timelineReduce(state: TimelineState, action: TimelineAction, steps: readonly ComputerStep[]): TimelineState {
  const { visible, index } = timelineView(state, steps);
  switch (action.type) {
    case 'select':
      // The user's own move (scrubber, a row, previous/next) takes over from play.
      return { ...state, chosen: choose(visible, action.index), playing: false };
    case 'latest':
      return { ...state, chosen: null, playing: false };
    case 'play':
      if (visible.length < 2) return state;
      // At the newest there is nothing ahead: replay from the start.
      return { ...state, playing: true, chosen: index >= visible.length - 1 ? visible[0].toolUseId : state.chosen };
    case 'pause':
      return state.playing ? { ...state, playing: false } : state;
    case 'tick': {
      if (!state.playing) return state;
      const next = index + 1;
      if (next >= visible.length - 1) return { ...state, chosen: null, playing: false };
      return { ...state, chosen: visible[next].toolUseId };
    }
    case 'filter': {
      if (action.filter === state.filter) return state;
      const kept = state.chosen != null && filterSteps(steps, action.filter).some((s) => s.toolUseId === state.chosen);
      return { ...state, filter: action.filter, chosen: kept ? state.chosen : null, playing: kept && state.playing };
    }
  }
}
