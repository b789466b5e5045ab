import { useSyncExternalStore } from 'react';
import type { SettingsTab } from './SettingsDialog';

// Whether the settings dialog is open and on which tab: one app-wide value, so that the sidebar, a page or a
// shortcut can open it without threading a callback through the shell.
let open: SettingsTab | null = null;
const listeners = new Set<() => void>();

function set(next: SettingsTab | null) {
  open = next;
  listeners.forEach((l) => l());
}

export const openSettings = (tab: SettingsTab = 'account') => set(tab);
export const closeSettings = () => set(null);
export const toggleSettings = () => set(open ? null : 'account');

/** The tab the dialog opened on, or null while it is closed. */
export function useSettingsOpen(): SettingsTab | null {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => open,
  );
}
