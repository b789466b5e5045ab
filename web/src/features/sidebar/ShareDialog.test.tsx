import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectMember } from '../../api/sharing';
import type { Project } from '../../api/types';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { ShareDialog } from './ShareDialog';

const MEMBERS = 'GET /api/v1/projects/p1/members';
const project: Project = {
  project_id: 'p1',
  name: 'Site',
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-01T10:00:00Z',
  network: null,
};
const owner: ProjectMember = { user_id: 'u1', username: 'olivia', display_name: 'Olivia', role: 'owner', added_at: null };
const rita: ProjectMember = { user_id: 'u2', username: 'rita', display_name: 'Rita', role: 'viewer', added_at: '2026-01-02T10:00:00Z' };

afterEach(() => vi.unstubAllGlobals());

describe('ShareDialog', () => {
  it('lists the owner and the members, adds one by user name with a role', async () => {
    const members: ProjectMember[] = [owner];
    const api = fakeApi({
      [MEMBERS]: () => members,
      'PUT /api/v1/projects/p1/members/rita': () => {
        members.push(rita);
        return rita;
      },
      'GET /api/v1/projects': [],
    });
    renderInApp(<ShareDialog project={project} onClose={() => undefined} />);
    expect((await screen.findAllByTestId('share-member', {}, { timeout: 5000 })).map((m) => m.dataset.user)).toEqual(['olivia']);
    fireEvent.change(screen.getByTestId('share-user'), { target: { value: ' rita ' } });
    fireEvent.change(screen.getByTestId('share-role'), { target: { value: 'viewer' } });
    await act(async () => fireEvent.click(screen.getByTestId('share-add')));
    expect(api.sent('PUT /api/v1/projects/p1/members/rita')).toEqual([{ role: 'viewer' }]);
    expect((await screen.findAllByTestId('share-member', {}, { timeout: 5000 })).map((m) => m.dataset.user)).toEqual(['olivia', 'rita']);
    expect((screen.getByTestId('share-user') as HTMLInputElement).value).toBe('');
  });

  it('changes a role and removes a member', async () => {
    const api = fakeApi({
      [MEMBERS]: [owner, rita],
      'PUT /api/v1/projects/p1/members/u2': { ...rita, role: 'editor' },
      'DELETE /api/v1/projects/p1/members/u2': { user_id: 'u2' },
      'GET /api/v1/projects': [],
    });
    renderInApp(<ShareDialog project={project} onClose={() => undefined} />);
    const role = await screen.findByRole('combobox', { name: 'Role of Rita' }, { timeout: 5000 });
    await act(async () => fireEvent.change(role, { target: { value: 'editor' } }));
    expect(api.sent('PUT /api/v1/projects/p1/members/u2')).toEqual([{ role: 'editor' }]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Rita' })));
    expect(api.calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/projects/p1/members/u2')).toBe(true);
  });

  it("shows the server's refusal of an unknown user", async () => {
    const message = 'No user "ghost": check the user name, or ask an admin to invite them first';
    fakeApi({ [MEMBERS]: [owner], 'PUT /api/v1/projects/p1/members/ghost': apiError(10001, message, null, 404) });
    renderInApp(<ShareDialog project={project} onClose={() => undefined} />);
    await screen.findAllByTestId('share-member', {}, { timeout: 5000 });
    fireEvent.change(screen.getByTestId('share-user'), { target: { value: 'ghost' } });
    await act(async () => fireEvent.click(screen.getByTestId('share-add')));
    expect(screen.getByTestId('share-error').textContent).toBe(message);
  });
});
