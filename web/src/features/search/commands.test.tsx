// The command palette's actions: which are offered where, how typing filters them, and what each does against a
// scripted server; and the shortcuts they show are the ones Settings → Shortcuts lists.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes, useLocation } from 'react-router';
import { authState } from '../../api/auth';
import { en } from '../../i18n/en';
import { translate } from '../../i18n';
import { fakeApi } from '../../test/fakeApi';
import { session } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { setTheme } from '../../theme';
import { SHORTCUTS } from '../settings/SettingsDialog';
import { closeSettings, useSettingsOpen } from '../settings/settingsStore';
import { buildCommands, COMMAND_KEYS, filterCommands, nextTheme } from './commands';
import { SearchPalette } from './SearchPalette';

afterEach(() => {
  vi.unstubAllGlobals();
  authState.clear();
  closeSettings();
  setTheme('system');
});

const V1 = '/api/v1';
const t = (key: keyof typeof en, vars?: Record<string, string | number>) => translate('en', key, vars);
const running = session({ session_id: 's1', title: 'Fix the build', status: 'running' });

function Probe() {
  const location = useLocation();
  const settings = useSettingsOpen();
  return (
    <div data-testid="where" data-settings={settings ?? ''}>
      {location.pathname}
    </div>
  );
}

function open(props: { sessionId?: string; onToggleSidebar?: () => void } = {}, path = '/s/s1') {
  const onClose = vi.fn();
  renderInApp(
    <>
      <SearchPalette onClose={onClose} {...props} />
      <Routes>
        <Route path="*" element={<Probe />} />
      </Routes>
    </>,
    { path },
  );
  return onClose;
}

const actionLabels = () => screen.queryAllByTestId('palette-action').map((el) => el.querySelector('.palette-main')!.textContent);
const action = (id: string) => screen.getAllByTestId('palette-action').find((el) => el.querySelector(`[data-command='${id}']`))!;

describe('buildCommands and filterCommands', () => {
  it('offers stop only for a running task, rename and delete only on a task, sign out only when signed in', () => {
    const ids = (ctx: Parameters<typeof buildCommands>[0]) => buildCommands(ctx).map((c) => c.id);
    expect(ids({ session: null, signedIn: false })).not.toContain('stop-run');
    expect(ids({ session: null, signedIn: false })).not.toContain('rename-task');
    expect(ids({ session: null, signedIn: false })).not.toContain('sign-out');
    expect(ids({ session: running, signedIn: true })).toEqual(expect.arrayContaining(['stop-run', 'rename-task', 'delete-task', 'sign-out']));
    expect(ids({ session: { ...running, status: 'completed' }, signedIn: false })).not.toContain('stop-run');
    expect(ids({ session: null, signedIn: false })).toEqual(
      expect.arrayContaining(['new-task', 'toggle-sidebar', 'toggle-theme', 'settings', 'go-memories']),
    );
  });

  it('keeps the commands whose label has every typed word, in any case', () => {
    const all = buildCommands({ session: running, signedIn: false });
    expect(filterCommands(all, 'THEME dark', t).map((c) => c.id)).toEqual(['toggle-theme']);
    expect(filterCommands(all, 'go mem', t).map((c) => c.id)).toEqual(['go-memories']);
    expect(filterCommands(all, '', t)).toHaveLength(all.length);
    expect(filterCommands(all, 'nothing like this', t)).toEqual([]);
  });

  it('flips the theme the page shows, following the system when none was chosen', () => {
    expect(nextTheme('dark', false)).toBe('light');
    expect(nextTheme('light', true)).toBe('dark');
    expect(nextTheme('system', true)).toBe('light');
    expect(nextTheme('system', false)).toBe('dark');
  });

  it("lists every action's shortcut in Settings → Shortcuts", () => {
    const listed = SHORTCUTS.map(([keys]) => keys);
    for (const keys of Object.values(COMMAND_KEYS)) expect(listed).toContain(keys);
  });
});

describe('the palette actions', () => {
  it('lists the actions with their shortcuts before anything is typed', async () => {
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [] });
    open({}, '/');
    expect(actionLabels()).toEqual(expect.arrayContaining(['New task', 'Show or hide the sidebar', 'Open the settings', 'Go to Memories']));
    expect(actionLabels()).not.toContain('Stop the current run');
    expect(within(action('new-task')).getByText('Ctrl+Shift+O')).toBeTruthy();
    expect(within(action('toggle-theme')).getByText('Ctrl+Shift+L')).toBeTruthy();
  });

  it('toggles the theme from the keyboard: type, Enter', async () => {
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [] });
    setTheme('light');
    const onClose = open({}, '/');
    const input = screen.getByTestId('search-input');
    fireEvent.change(input, { target: { value: 'theme' } });
    expect(actionLabels()).toEqual(['Switch between light and dark theme']);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).toHaveBeenCalled();
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });

  it('opens a new task, the settings and a page, and toggles the sidebar', async () => {
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [running], [`GET ${V1}/projects`]: [] });
    const onToggleSidebar = vi.fn();
    open({ sessionId: 's1', onToggleSidebar });
    fireEvent.click(action('toggle-sidebar'));
    expect(onToggleSidebar).toHaveBeenCalledTimes(1);
    fireEvent.click(action('settings'));
    expect(screen.getByTestId('where').dataset.settings).toBe('account');
    fireEvent.click(action('shortcuts'));
    expect(screen.getByTestId('where').dataset.settings).toBe('shortcuts');
    fireEvent.click(action('go-usage'));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/usage'));
    fireEvent.click(action('new-task'));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/'));
  });

  it('stops the run of the open task', async () => {
    const api = fakeApi({ [`GET ${V1}/sessions?limit=500`]: [running], [`GET ${V1}/projects`]: [], [`POST ${V1}/sessions/s1/cancel`]: {} });
    open({ sessionId: 's1' });
    await waitFor(() => expect(actionLabels()).toContain('Stop the current run'));
    await act(async () => fireEvent.click(action('stop-run')));
    await waitFor(() => expect(api.sent(`POST ${V1}/sessions/s1/cancel`)).toHaveLength(1));
  });

  it('renames the open task in place: the input edits its title, Enter saves', async () => {
    const api = fakeApi({
      [`GET ${V1}/sessions?limit=500`]: [running],
      [`GET ${V1}/projects`]: [],
      [`PATCH ${V1}/sessions/s1`]: { ...running, title: 'Fix CI' },
    });
    const onClose = open({ sessionId: 's1' });
    await waitFor(() => expect(actionLabels()).toContain('Rename this task'));
    fireEvent.click(action('rename-task'));
    const input = screen.getByTestId('palette-rename') as HTMLInputElement;
    expect(input.value).toBe('Fix the build');
    expect(document.activeElement).toBe(input);
    expect(screen.queryAllByTestId('palette-action')).toHaveLength(0);
    fireEvent.change(input, { target: { value: 'Fix CI' } });
    await act(async () => fireEvent.keyDown(input, { key: 'Enter' }));
    expect(onClose).toHaveBeenCalled();
    await waitFor(() => expect(api.sent(`PATCH ${V1}/sessions/s1`)).toEqual([{ title: 'Fix CI' }]));
  });

  it('deletes the open task behind a confirmation that focuses Cancel, then goes home', async () => {
    const api = fakeApi({ [`GET ${V1}/sessions?limit=500`]: [running], [`GET ${V1}/projects`]: [], [`DELETE ${V1}/sessions/s1`]: null });
    open({ sessionId: 's1' });
    await waitFor(() => expect(actionLabels()).toContain('Delete this task'));
    fireEvent.click(action('delete-task'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Fix the build');
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'));
    await act(async () => fireEvent.click(within(dialog).getByTestId('confirm-ok')));
    await waitFor(() => expect(api.sent(`DELETE ${V1}/sessions/s1`)).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/'));
  });

  it('signs out when signed in with an account', async () => {
    const api = fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [], [`POST ${V1}/auth/logout`]: { signed_out: true } });
    authState.signedIn({ user_id: 'u1', username: 'ada', display_name: 'Ada', role: 'member', auth_mode: 'password' });
    open({}, '/');
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'sign out' } });
    expect(actionLabels()).toEqual(['Sign out']);
    await act(async () => fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' }));
    await waitFor(() => expect(api.sent(`POST ${V1}/auth/logout`)).toHaveLength(1));
    await waitFor(() => expect(authState.get().signedOut).toBe(true));
  });
});
