// The sidebar's multi-select with batch delete, drag-and-drop into projects, the keyboard "Move to project" menu
// and the "waiting for you" badge, against a scripted server.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { question, session } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { Sidebar } from './Sidebar';

afterEach(() => vi.unstubAllGlobals());

const V1 = '/api/v1';
const sessions = [
  session({ session_id: 's1', title: 'Alpha', status: 'completed', created_at: '2026-01-03T00:00:00Z' }),
  session({ session_id: 's2', title: 'Bravo', status: 'completed', created_at: '2026-01-02T00:00:00Z' }),
  session({ session_id: 's3', title: 'Charlie', status: 'running', created_at: '2026-01-01T00:00:00Z' }),
];
const project = { project_id: 'p1', name: 'Website', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };

function server(extra: Record<string, unknown> = {}) {
  return fakeApi({
    [`GET ${V1}/sessions?limit=500`]: sessions,
    [`GET ${V1}/projects`]: [project],
    [`GET ${V1}/user-input-requests`]: [],
    ...extra,
  });
}

function show(currentSessionId: string | null = null) {
  return renderInApp(
    <Sidebar currentSessionId={currentSessionId} currentProjectId={null} onNavigate={() => undefined} onCollapse={() => undefined} />,
  );
}

const item = (id: string) => document.querySelector<HTMLElement>(`[data-testid='session-item'][data-session-id='${id}']`)!;
const link = (id: string) => item(id).querySelector('a')!;

/** A DataTransfer stand-in (jsdom has none) that keeps what the drag source sets. */
function transfer() {
  const data: Record<string, string> = {};
  return {
    data,
    dropEffect: 'none',
    effectAllowed: 'all',
    setData: (type: string, value: string) => {
      data[type] = value;
    },
    getData: (type: string) => data[type] ?? '',
    get types() {
      return Object.keys(data);
    },
  };
}

describe('sidebar multi-select', () => {
  it('selects with Ctrl-click and Shift-click, and deletes the selection behind one confirmation that focuses Cancel', async () => {
    const api = server({
      [`DELETE ${V1}/sessions/s1`]: null,
      [`DELETE ${V1}/sessions/s2`]: null,
      [`DELETE ${V1}/sessions/s3`]: null,
    });
    show();
    await screen.findByText('Charlie');
    expect(screen.queryByTestId('select-bar')).toBeNull();

    fireEvent.click(link('s1'), { ctrlKey: true });
    expect(screen.getByTestId('select-count').textContent).toBe('Selected: 1');
    fireEvent.click(link('s3'), { shiftKey: true });
    expect(screen.getByTestId('select-count').textContent).toBe('Selected: 3');
    // In selection mode a plain click toggles (and never opens the task).
    fireEvent.click(link('s3'));
    expect(item('s3').dataset.selected).toBe('false');
    expect(screen.getByTestId('select-count').textContent).toBe('Selected: 2');
    expect(screen.getAllByTestId('session-select').filter((c) => (c as HTMLInputElement).checked)).toHaveLength(2);

    fireEvent.click(screen.getByTestId('select-delete'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('Delete the selected tasks (2)?');
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'));
    expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);

    await act(async () => fireEvent.click(within(dialog).getByTestId('confirm-ok')));
    await waitFor(() => expect(item('s1')).toBeNull());
    expect(item('s2')).toBeNull();
    expect(item('s3')).not.toBeNull();
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.url).sort()).toEqual([
      `${V1}/sessions/s1`,
      `${V1}/sessions/s2`,
    ]);
    expect(screen.queryByTestId('select-bar')).toBeNull();
  });

  it('deletes nothing when the confirmation is cancelled, and keeps the tasks a failed delete leaves', async () => {
    const api = server({
      [`DELETE ${V1}/sessions/s1`]: null,
      [`DELETE ${V1}/sessions/s2`]: () => new Response(JSON.stringify({ code: 40400, message: 'Session not found', data: null }), { status: 404 }),
    });
    show();
    await screen.findByText('Alpha');
    fireEvent.click(screen.getByTestId('select-mode'));
    fireEvent.click(screen.getAllByTestId('session-select')[0]);
    fireEvent.click(screen.getAllByTestId('session-select')[1]);
    fireEvent.click(screen.getByTestId('select-delete'));
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('select-delete'));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));
    await waitFor(() => expect(item('s1')).toBeNull());
    expect(item('s2')).not.toBeNull();
  });

  it('leaves selection mode with Escape or Done', async () => {
    server();
    show();
    await screen.findByText('Alpha');
    fireEvent.click(link('s2'), { metaKey: true });
    fireEvent.keyDown(screen.getByTestId('select-bar'), { key: 'Escape' });
    expect(screen.queryByTestId('select-bar')).toBeNull();
    expect(screen.queryAllByTestId('session-select')).toHaveLength(0);
    fireEvent.click(screen.getByTestId('select-mode'));
    fireEvent.click(screen.getByTestId('select-done'));
    expect(screen.queryByTestId('select-bar')).toBeNull();
  });
});

describe('sidebar drag and drop', () => {
  it('moves a dropped task into the project, and the selected tasks together when the drag starts on one', async () => {
    const moved: unknown[] = [];
    const api = server({
      [`PATCH ${V1}/sessions/s1`]: (body: unknown) => (moved.push(['s1', body]), { ...sessions[0], project_id: 'p1' }),
      [`PATCH ${V1}/sessions/s2`]: (body: unknown) => (moved.push(['s2', body]), { ...sessions[1], project_id: 'p1' }),
      [`PATCH ${V1}/sessions/s3`]: (body: unknown) => (moved.push(['s3', body]), { ...sessions[2], project_id: 'p1' }),
    });
    show();
    await screen.findByText('Alpha');
    const target = await screen.findByTestId('project-drop');

    const one = transfer();
    fireEvent.dragStart(item('s1'), { dataTransfer: one });
    expect(JSON.parse(one.data['application/x-poco-sessions'])).toEqual(['s1']);
    fireEvent.dragOver(target, { dataTransfer: one });
    expect(target.className).toContain('drop-target');
    await act(async () => fireEvent.drop(target, { dataTransfer: one }));
    await waitFor(() => expect(moved).toEqual([['s1', { project_id: 'p1' }]]));
    expect(target.className).not.toContain('drop-target');
    // The project opens and shows its new task.
    const projectItem = screen.getByTestId('project-item');
    await waitFor(() => expect(within(projectItem).getByText('Alpha')).toBeTruthy());

    fireEvent.click(link('s2'), { ctrlKey: true });
    fireEvent.click(link('s3'), { ctrlKey: true });
    const many = transfer();
    fireEvent.dragStart(item('s3'), { dataTransfer: many });
    expect(JSON.parse(many.data['application/x-poco-sessions'])).toEqual(['s2', 's3']);
    await act(async () => fireEvent.drop(target, { dataTransfer: many }));
    await waitFor(() => expect(moved).toHaveLength(3));
    expect(api.sent(`PATCH ${V1}/sessions/s3`)).toEqual([{ project_id: 'p1' }]);
  });

  it('ignores drags that are not tasks (a file or a link)', async () => {
    const api = server();
    show();
    await screen.findByText('Alpha');
    const target = await screen.findByTestId('project-drop');
    const file = transfer();
    file.setData('text/uri-list', 'https://example.com');
    fireEvent.dragOver(target, { dataTransfer: file });
    expect(target.className).not.toContain('drop-target');
    fireEvent.drop(target, { dataTransfer: file });
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('moves a task out of its project when dropped on the task list', async () => {
    fakeApi({
      [`GET ${V1}/sessions?limit=500`]: [{ ...sessions[0], project_id: 'p1' }],
      [`GET ${V1}/projects`]: [project],
      [`GET ${V1}/user-input-requests`]: [],
      [`PATCH ${V1}/sessions/s1`]: { ...sessions[0], project_id: null },
    });
    show('s1');
    await screen.findByText('Alpha');
    const drag = transfer();
    fireEvent.dragStart(item('s1'), { dataTransfer: drag });
    await act(async () => fireEvent.drop(screen.getByTestId('tasks-drop'), { dataTransfer: drag }));
    await waitFor(() => expect(within(screen.getByTestId('session-list')).getByText('Alpha')).toBeTruthy());
  });
});

describe('sidebar task menu and badge', () => {
  it('moves a task from its menu with the keyboard', async () => {
    const api = server({ [`PATCH ${V1}/sessions/s2`]: { ...sessions[1], project_id: 'p1' } });
    show();
    await screen.findByText('Bravo');
    await screen.findByTestId('project-item');
    fireEvent.click(within(item('s2')).getByTestId('session-menu'));
    const move = await screen.findByTestId('session-move-p1');
    expect(move.textContent).toBe('Website');
    await act(async () => fireEvent.click(move));
    await waitFor(() => expect(api.sent(`PATCH ${V1}/sessions/s2`)).toEqual([{ project_id: 'p1' }]));
  });

  it('shows "Waiting for you" on a task with an open question', async () => {
    server({ [`GET ${V1}/user-input-requests`]: [question({ id: 'q1', session_id: 's3', status: 'pending' })] });
    show();
    const badge = await screen.findByTestId('question-badge');
    expect(badge.textContent).toBe('Waiting for you');
    expect(item('s3').contains(badge)).toBe(true);
    expect(within(item('s1')).queryByTestId('question-badge')).toBeNull();
  });
});
