// The command palette's actions (Ctrl/Cmd+K): what each does, when it is offered, and its keyboard shortcut. The
// palette lists them next to its search results; App binds the shortcuts; Settings → Shortcuts lists them.

import { api } from '../../api/endpoints';
import { keys, queryClient } from '../../api/queries';
import type { Session } from '../../api/types';
import type { MessageKey, T } from '../../i18n';
import { paths } from '../../routes';
import { setTheme, type Theme } from '../../theme';

export type CommandId =
  | 'new-task'
  | 'toggle-sidebar'
  | 'toggle-theme'
  | 'settings'
  | 'shortcuts'
  | 'stop-run'
  | 'rename-task'
  | 'delete-task'
  | 'sign-out'
  | 'go-capabilities'
  | 'go-schedules'
  | 'go-memories'
  | 'go-usage'
  | 'go-chat-apps'
  | 'go-api-tokens';

export interface Command {
  id: CommandId;
  label: MessageKey;
  /** Label variables (a page's name). */
  vars?: Record<string, string>;
  /** The shortcut, as Settings → Shortcuts shows it. */
  keys?: string;
}

/** What the palette knows about the page it was opened on. */
export interface CommandContext {
  /** The open session, when the page is one. */
  session: Session | null;
  /** Signed in with an account (password mode): signing out means something. */
  signedIn: boolean;
}

/** Shortcuts of the palette's actions that work anywhere (App binds them; the palette shows them). */
export const COMMAND_KEYS = {
  'new-task': 'Ctrl+Shift+O',
  'toggle-sidebar': 'Ctrl+B',
  'toggle-theme': 'Ctrl+Shift+L',
  settings: 'Ctrl+,',
  'stop-run': 'Ctrl+Shift+S',
} as const satisfies Partial<Record<CommandId, string>>;

/** A session whose run can still be stopped. */
export function isActive(session: Session | null | undefined): boolean {
  return !!session && ['pending', 'running', 'queued'].includes(session.status);
}

/** The palette's actions for this page, in the order it lists them. */
export function buildCommands(ctx: CommandContext): Command[] {
  const list: Command[] = [
    { id: 'new-task', label: 'nav.newTask', keys: COMMAND_KEYS['new-task'] },
    { id: 'toggle-sidebar', label: 'shortcuts.sidebar', keys: COMMAND_KEYS['toggle-sidebar'] },
    { id: 'toggle-theme', label: 'palette.toggleTheme', keys: COMMAND_KEYS['toggle-theme'] },
    { id: 'settings', label: 'shortcuts.settings', keys: COMMAND_KEYS.settings },
    { id: 'shortcuts', label: 'palette.shortcuts' },
  ];
  if (isActive(ctx.session)) list.push({ id: 'stop-run', label: 'palette.stop', keys: COMMAND_KEYS['stop-run'] });
  if (ctx.session) {
    list.push({ id: 'rename-task', label: 'palette.rename' }, { id: 'delete-task', label: 'palette.delete' });
  }
  const pages: [CommandId, MessageKey][] = [
    ['go-capabilities', 'nav.capabilities'],
    ['go-schedules', 'nav.schedules'],
    ['go-memories', 'nav.memories'],
    ['go-usage', 'nav.usage'],
    ['go-chat-apps', 'nav.chatApps'],
    ['go-api-tokens', 'nav.apiTokens'],
  ];
  for (const [id, page] of pages) list.push({ id, label: 'palette.goTo', vars: { page } });
  if (ctx.signedIn) list.push({ id: 'sign-out', label: 'account.signOut' });
  return list;
}

/** A command's label in the current language. */
export function commandLabel(c: Command, t: T): string {
  const vars = c.vars ? Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, t(v as MessageKey)])) : undefined;
  return t(c.label, vars);
}

/** The commands whose label (or id) has every word of the query, in their order; an empty query keeps all. */
export function filterCommands(list: readonly Command[], query: string, t: T): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((c) => {
    const text = `${commandLabel(c, t)} ${c.id.replace(/-/g, ' ')}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Where a navigation command goes. */
export const COMMAND_PATHS: Partial<Record<CommandId, () => string>> = {
  'new-task': paths.home,
  'go-capabilities': () => paths.capabilities(),
  'go-schedules': paths.schedules,
  'go-memories': paths.memories,
  'go-usage': paths.usage,
  'go-chat-apps': paths.chatApps,
  'go-api-tokens': paths.apiTokens,
};

/** Light when the page shows dark (by choice or by the system's scheme), else dark. */
export function nextTheme(current: Theme, systemDark: boolean): Theme {
  const dark = current === 'dark' || (current === 'system' && systemDark);
  return dark ? 'light' : 'dark';
}

export function toggleTheme(current: Theme) {
  const systemDark = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  setTheme(nextTheme(current, systemDark));
}

/** The session the sidebar's list has for an id (status kept live by the user stream). */
export function knownSession(id: string | null): Session | null {
  if (!id) return null;
  return queryClient.getQueryData<Session[]>(keys.sessions)?.find((s) => s.session_id === id) ?? null;
}

/** Stops the session's run (POST /sessions/{id}/cancel); resolves false when there was nothing to stop. */
export async function stopRun(session: Session | null): Promise<boolean> {
  if (!session || !isActive(session)) return false;
  await api.cancelSession(session.session_id);
  return true;
}
