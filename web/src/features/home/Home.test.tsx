import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { showToast } from '../../ui/toast';
import { Home } from './Home';

vi.mock('../../ui/toast', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../ui/toast')>()),
  showToast: vi.fn(),
}));

const TASK = 'POST /api/v1/tasks';
const enqueued = { session_id: 's1', run_id: 'r1', status: 'queued' };

function setup(task: unknown = enqueued, projects: unknown[] = [], path = '/') {
  const api = fakeApi({
    'GET /api/v1/models': { default_model: 'sonnet', model_list: ['sonnet'] },
    'GET /api/v1/projects': projects,
    'GET /api/v1/sessions?limit=500': [],
    [TASK]: task,
  });
  const projectId = path.startsWith('/p/') ? path.slice(3) : undefined;
  renderInApp(<Home projectId={projectId} onOpenSidebar={() => {}} />, { path });
  const send = async (prompt: string) => {
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: prompt } });
    await act(async () => fireEvent.click(screen.getByTestId('composer-send')));
  };
  const choose = (mode: string) => fireEvent.change(screen.getByRole('combobox', { name: 'Network' }), { target: { value: mode } });
  const taskConfig = (i: number) => (api.sent(TASK)[i] as { config: Record<string, unknown> }).config;
  return { api, send, choose, taskConfig };
}

beforeEach(() => vi.mocked(showToast).mockClear());
afterEach(() => vi.unstubAllGlobals());

describe('Home: the network of a new task', () => {
  it('sends no network when left at the default', async () => {
    const { send, taskConfig } = setup();
    const select = screen.getByRole('combobox', { name: 'Network' }) as HTMLSelectElement;
    expect(select.value).toBe('default');
    expect(screen.queryByTestId('composer-network-details')).toBeNull();
    await send('build it');
    expect(taskConfig(0)).not.toHaveProperty('network');
  });

  it('sends the chosen mode, and for the allowlist the hosts typed, split and without repeats', async () => {
    const { send, choose, taskConfig } = setup();
    choose('none');
    expect(screen.getByTestId('composer-network-details').textContent).toContain('No network at all.');
    expect(screen.queryByLabelText('Hosts to add')).toBeNull();
    await send('offline');
    expect(taskConfig(0).network).toEqual({ mode: 'none' });

    choose('allowlist');
    const hosts = screen.getByLabelText('Hosts to add');
    fireEvent.change(hosts, { target: { value: 'pypi.org, *.npmjs.org\n10.0.0.0/8  mirror.corp.example:8443,pypi.org,' } });
    await send('with mirrors');
    expect(taskConfig(1).network).toEqual({
      mode: 'allowlist',
      hosts: ['pypi.org', '*.npmjs.org', '10.0.0.0/8', 'mirror.corp.example:8443'],
    });

    choose('open');
    await send('anything');
    expect(taskConfig(2).network).toEqual({ mode: 'open' });
  });

  it("shows the server's refusal under the hosts field, once, and keeps the prompt", async () => {
    const message = 'Host pattern "https://x" is not valid: write a host name, not a URL (for example pypi.org or *.npmjs.org).';
    const { send, choose } = setup(apiError(40000, message));
    choose('allowlist');
    const hosts = screen.getByLabelText('Hosts to add');
    fireEvent.change(hosts, { target: { value: 'https://x' } });
    await send('fetch it');

    const details = screen.getByTestId('composer-network-details');
    expect(within(details).getByRole('alert').textContent).toBe(message);
    expect(hosts.getAttribute('aria-invalid')).toBe('true');
    expect(showToast).not.toHaveBeenCalled();
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('fetch it');

    fireEvent.change(hosts, { target: { value: 'x.example.com' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leaves other failures to the toast', async () => {
    const { send, choose } = setup(apiError(40000, 'prompt must not be blank'));
    choose('open');
    await send('x');
    expect(showToast).toHaveBeenCalledWith('prompt must not be blank', 'error');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("names the project's own network as the default on a project's page", async () => {
    const project = { project_id: 'p1', name: 'Site', created_at: 'x', updated_at: 'x', network: { mode: 'none' } };
    const { send, taskConfig } = setup(enqueued, [project], '/p/p1');
    expect(await screen.findByRole('option', { name: 'Project: No network' })).toBeTruthy();
    await send('in project');
    expect(taskConfig(0)).not.toHaveProperty('network');
  });
});

describe('Home: modes, choices and suggestions (issue 16)', () => {
  const SCHEDULE = 'POST /api/v1/scheduled-tasks';
  const toScheduled = () => {
    const input = screen.getByTestId('composer-input');
    fireEvent.keyDown(input, { key: 'Tab', shiftKey: true });
    fireEvent.keyDown(input, { key: 'Tab', shiftKey: true });
    expect(screen.getByTestId('composer-mode').dataset.mode).toBe('scheduled');
  };

  it('sends plan mode as permission_mode and the browser choice in the config', async () => {
    const { api, send, taskConfig } = setup();
    fireEvent.keyDown(screen.getByTestId('composer-input'), { key: 'Tab', shiftKey: true });
    fireEvent.click(screen.getByTestId('composer-browser'));
    await send('plan a site');
    expect((api.sent(TASK)[0] as { permission_mode: string }).permission_mode).toBe('plan');
    expect(taskConfig(0)).toEqual({ browser_enabled: true });
  });

  it('in the scheduled mode, creates a scheduled task from the prompt instead of a run', async () => {
    const { api, send } = setup();
    api.routes[SCHEDULE] = { scheduled_task_id: 't1', name: 'Summarise the news' };
    toScheduled();
    fireEvent.click(screen.getByTestId('composer-browser'));
    await send('Summarise the news\nin three lines');
    const dialog = await screen.findByTestId('schedule-dialog');
    expect((within(dialog).getByTestId('schedule-name') as HTMLInputElement).value).toBe('Summarise the news');
    expect((within(dialog).getByTestId('schedule-prompt') as HTMLTextAreaElement).value).toBe('Summarise the news\nin three lines');
    await act(async () => fireEvent.click(within(dialog).getByTestId('cap-save')));
    expect(api.sent(TASK)).toHaveLength(0);
    expect(api.sent(SCHEDULE)).toEqual([
      expect.objectContaining({
        name: 'Summarise the news',
        prompt: 'Summarise the news\nin three lines',
        cron: '0 9 * * *',
        config: { browser_enabled: true },
      }),
    ]);
    expect(showToast).toHaveBeenCalledWith('Scheduled task created');
  });

  it('keeps the prompt when the schedule dialog is cancelled', async () => {
    const { api, send } = setup();
    toScheduled();
    await send('Every Monday, clean up');
    const dialog = await screen.findByTestId('schedule-dialog');
    await act(async () => fireEvent.click(within(dialog).getByTestId('cap-cancel')));
    expect(screen.queryByTestId('schedule-dialog')).toBeNull();
    expect(api.sent(SCHEDULE)).toHaveLength(0);
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('Every Monday, clean up');
  });

  it('offers sample prompts on an empty composer', () => {
    setup();
    const items = screen.getAllByTestId('composer-suggestion');
    expect(items).toHaveLength(4);
    fireEvent.click(items[0]);
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe(items[0].textContent);
  });
});
