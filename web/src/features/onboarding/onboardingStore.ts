// Whether the first-run welcome was dismissed, remembered per user in localStorage (one browser may serve several
// accounts), and the settings menu's "show the welcome again".

import { useSyncExternalStore } from 'react';
import { readPref, writePref } from '../../lib/storage';

const PREFIX = 'poco.onboarding.dismissed.';
/** The user in single-user and trusted-header modes, where the UI knows no account. */
export const LOCAL_USER = 'local';

let replay = false;
let version = 0;
const listeners = new Set<() => void>();
const changed = () => {
  version++;
  listeners.forEach((l) => l());
};

export function onboardingKey(userId: string | null | undefined): string {
  return PREFIX + (userId || LOCAL_USER);
}

export function isDismissed(userId: string | null | undefined): boolean {
  return readPref(onboardingKey(userId)) === '1';
}

export function dismissOnboarding(userId: string | null | undefined) {
  writePref(onboardingKey(userId), '1');
  replay = false;
  changed();
}

/** Shows the welcome again (from the settings menu), even with tasks, until it is dismissed. */
export function showOnboarding() {
  replay = true;
  changed();
}

/** The welcome is due: asked for again, or a first visit (no tasks yet) that was not dismissed. */
export function onboardingDue(userId: string | null | undefined, hasTasks: boolean): boolean {
  if (replay) return true;
  return !hasTasks && !isDismissed(userId);
}

/** Re-renders on dismiss and replay. */
export function useOnboardingVersion(): number {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => version,
  );
}

/** For tests: forget a replay request. */
export function resetOnboarding() {
  replay = false;
  changed();
}
