import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../api/types';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { ProjectNetworkDialog } from './ProjectNetworkDialog';

const PATCH = 'PATCH /api/v1/projects/p1';
const project = (over: Partial<Project> = {}): Project => ({
  project_id: 'p1',
  name: 'Site',
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  network: null,
  ...over,
});

function setup(answer: unknown, start: Project = project()) {
  const api = fakeApi({ [PATCH]: answer });
  const onSaved = vi.fn();
  const onClose = vi.fn();
  renderInApp(<ProjectNetworkDialog project={start} onSaved={onSaved} onClose={onClose} />);
  const save = () => act(async () => fireEvent.click(screen.getByTestId('project-network-save')));
  const choose = (mode: string) => fireEvent.change(screen.getByRole('combobox', { name: 'Network' }), { target: { value: mode } });
  return { api, onSaved, onClose, save, choose };
}

afterEach(() => vi.unstubAllGlobals());

describe('ProjectNetworkDialog', () => {
  it('saves the chosen network on the project, hosts parsed', async () => {
    const saved = project({ network: { mode: 'allowlist', hosts: ['pypi.org', 'git.corp:8443'] } });
    const { api, onSaved, save, choose } = setup(saved);
    choose('allowlist');
    fireEvent.change(screen.getByLabelText('Hosts to add'), { target: { value: 'pypi.org\ngit.corp:8443' } });
    await save();
    expect(api.sent(PATCH)).toEqual([{ network: { mode: 'allowlist', hosts: ['pypi.org', 'git.corp:8443'] } }]);
    expect(onSaved).toHaveBeenCalledWith(saved);
  });

  it("sends null to go back to the server's default", async () => {
    const start = project({ network: { mode: 'open' } });
    const { api, save, choose } = setup(project(), start);
    expect((screen.getByRole('combobox', { name: 'Network' }) as HTMLSelectElement).value).toBe('open');
    choose('default');
    await save();
    expect(api.sent(PATCH)).toEqual([{ network: null }]);
  });

  it("shows the server's refusal in the dialog and stays open", async () => {
    const message = 'Host pattern "https://x" is not valid: write a host name, not a URL (for example pypi.org or *.npmjs.org).';
    const { onSaved, save, choose } = setup(apiError(40000, message));
    choose('allowlist');
    fireEvent.change(screen.getByLabelText('Hosts to add'), { target: { value: 'https://x' } });
    await save();
    expect(screen.getByRole('alert').textContent).toBe(message);
    expect(onSaved).not.toHaveBeenCalled();
    expect(screen.getByTestId('project-network-dialog')).toBeTruthy();
  });
});
