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
