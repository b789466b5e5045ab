import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../App';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { DEFAULT_MODEL_KEY, SettingsDialog, SHORTCUTS } from './SettingsDialog';
import { closeSettings } from './settingsStore';
import { en } from '../../i18n/en';

afterEach(() => {
  vi.unstubAllGlobals();
  act(() => closeSettings());
});

const status = (configured: boolean) => ({ version: '1.2.3', auth_mode: 'single_user', default_model: 'claude-sonnet-4-5', model_configured: configured });
const models = { default_model: 'claude-sonnet-4-5', model_list: ['claude-sonnet-4-5', 'claude-opus-4-1'] };

function server(configured = true) {
  return fakeApi({
    'GET /api/v1/system/status': status(configured),
    'GET /api/v1/models': models,
    'GET /api/v1/sessions?limit=500': [],
    'GET /api/v1/projects': [],
    'GET /api/v1/user-input-requests': [],
  });
}

describe('SettingsDialog', () => {
  it('shows one tab at a time and moves between tabs with the arrow keys', () => {
    server();
    renderInApp(<SettingsDialog onClose={() => undefined} />);
    const dialog = screen.getByTestId('settings-dialog');
    expect(dialog.dataset.tab).toBe('account');
    expect(document.activeElement).toBe(screen.getByTestId('settings-tab-account'));
    fireEvent.keyDown(screen.getByTestId('settings-tab-account'), { key: 'ArrowDown' });
    expect(dialog.dataset.tab).toBe('models');
    expect(document.activeElement).toBe(screen.getByTestId('settings-tab-models'));
    fireEvent.keyDown(screen.getByTestId('settings-tab-models'), { key: 'End' });
    expect(dialog.dataset.tab).toBe('theme');
    fireEvent.click(screen.getByTestId('settings-tab-shortcuts'));
    expect(screen.getByTestId('settings-panel-shortcuts')).toBeTruthy();
  });

  it('says whether the model key is configured without ever showing one, and keeps the default model chosen', async () => {
    server(false);
    renderInApp(<SettingsDialog onClose={() => undefined} initialTab="models" />);
    const key = await screen.findByText('Not configured');
    expect(key.closest('[data-configured]')?.getAttribute('data-configured')).toBe('false');
    expect(screen.getByTestId('settings-panel-models').textContent).not.toMatch(/sk-ant/);
    const select = screen.getByTestId('settings-default-model') as HTMLSelectElement;
    await screen.findByRole('option', { name: 'claude-opus-4-1' });
    fireEvent.change(select, { target: { value: 'claude-opus-4-1' } });
    expect(localStorage.getItem(DEFAULT_MODEL_KEY)).toBe('claude-opus-4-1');
  });

  it('lists every shortcut with its description in both languages', () => {
    server();
    renderInApp(<SettingsDialog onClose={() => undefined} initialTab="shortcuts" />);
    const rows = screen.getByTestId('settings-shortcuts').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(SHORTCUTS.length);
    const keys = [...rows].map((r) => r.querySelector('kbd')?.textContent);
    expect(keys).toEqual(expect.arrayContaining(['Ctrl+K', 'Ctrl+B', 'Ctrl+L', 'Ctrl+,']));
    for (const [, label] of SHORTCUTS) expect(en[label]).toBeTruthy();
  });

  it('changes the theme and the language', async () => {
    server();
    renderInApp(<SettingsDialog onClose={() => undefined} initialTab="theme" />);
    fireEvent.click(screen.getByTestId('settings-theme-dark'));
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    fireEvent.click(screen.getByTestId('settings-theme-system'));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    fireEvent.click(screen.getByTestId('settings-tab-language'));
    fireEvent.click(screen.getByTestId('settings-language-zh'));
    // The Chinese dictionary is loaded on demand: the tab switches once it has arrived.
    await waitFor(() => expect(screen.getByTestId('settings-tab-language').textContent).toBe('语言'));
    fireEvent.click(screen.getByTestId('settings-language-en'));
    await waitFor(() => expect(screen.getByTestId('settings-tab-language').textContent).toBe('Language'));
  });

  it('closes on Escape', () => {
    server();
    const onClose = vi.fn();
    renderInApp(<SettingsDialog onClose={onClose} />);
    fireEvent.keyDown(screen.getByTestId('settings-dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('opens with Ctrl+, and from the sidebar settings menu', async () => {
    server();
    renderInApp(<App />);
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    fireEvent.keyDown(window, { key: ',', ctrlKey: true });
    expect(await screen.findByTestId('settings-dialog')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('settings-dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());
    fireEvent.click(screen.getByTestId('settings-menu'));
    fireEvent.click(await screen.findByTestId('settings-open'));
    expect(await screen.findByTestId('settings-dialog')).toBeTruthy();
  });
});
