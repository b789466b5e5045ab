// Actions the command palette (Ctrl/Cmd+K) offers besides search: a page registers what applies to it
// while it is shown (the open session: export it), and the palette lists them above the search results.

import { useEffect, useSyncExternalStore } from 'react';
import type { IconName } from '../../ui/Icon';

export interface PaletteCommand {
  id: string;
  label: string;
  icon: IconName;
  run: () => void;
}

const sources = new Map<symbol, readonly PaletteCommand[]>();
let all: readonly PaletteCommand[] = [];
const listeners = new Set<() => void>();

function changed() {
  all = Array.from(sources.values()).flat();
  listeners.forEach((l) => l());
}

export function registerCommands(commands: readonly PaletteCommand[]): () => void {
  const key = Symbol('commands');
  sources.set(key, commands);
  changed();
  return () => {
    sources.delete(key);
    changed();
  };
}

/** Offers `commands` in the palette while the calling component is mounted (pass a memoised list). */
export function useRegisterCommands(commands: readonly PaletteCommand[]) {
  useEffect(() => registerCommands(commands), [commands]);
}

export function usePaletteCommands(): readonly PaletteCommand[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => all,
  );
}

/** The commands whose label contains every word of `text` (any case); all of them for no text. */
export function matchCommands(commands: readonly PaletteCommand[], text: string): PaletteCommand[] {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => {
    const label = c.label.toLocaleLowerCase();
    return words.every((w) => label.includes(w));
  });
}
