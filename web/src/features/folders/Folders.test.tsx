import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { unifiedLines } from '../../lib/diff';
import { Home } from '../home/Home';
import { FolderReview } from './FolderReview';

afterEach(() => vi.unstubAllGlobals());

const TASK = 'POST /api/v1/tasks';

function home(roots: unknown, task: unknown = { session_id: 's1', run_id: 'r1', status: 'queued' }) {
  const api = fakeApi({
    'GET /api/v1/models': { default_model: 'sonnet', model_list: ['sonnet'] },
    'GET /api/v1/projects': [],
    'GET /api/v1/sessions?limit=500': [],
    'GET /api/v1/local-folders': roots,
    [TASK]: task,
  });
  renderInApp(<Home onOpenSidebar={() => {}} />);
  const send = async (prompt: string) => {
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: prompt } });
    await act(async () => fireEvent.click(screen.getByTestId('composer-send')));
  };
  const config = (i: number) => (api.sent(TASK)[i] as { config: Record<string, unknown> }).config;
  return { api, send, config };
}

describe('Composer: local folders of a new task', () => {
  it('is not offered when the server allows no folders, and sends none', async () => {
    const { api, send, config } = home({ enabled: false, roots: [] });
    await waitFor(() => expect(api.calls.some((c) => c.url === '/api/v1/local-folders')).toBe(true));
    expect(screen.queryByTestId('folder-picker')).toBeNull();
    await send('plain');
    expect(config(0)).not.toHaveProperty('local_folders');
  });

  it('attaches a folder below an allowed root read-only or read-write and sends them with the task', async () => {
    const { send, config } = home({ enabled: true, roots: ['/srv/code'] });
    fireEvent.click(await screen.findByTestId('folder-add'));
    const path = screen.getByLabelText('Folder on this machine') as HTMLInputElement;
    expect(path.value).toBe('/srv/code/');
    fireEvent.change(path, { target: { value: '/srv/code/app' } });
    fireEvent.change(screen.getByLabelText('Access'), { target: { value: 'rw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Attach' }));
    fireEvent.click(screen.getByTestId('folder-add'));
    fireEvent.change(screen.getByLabelText('Folder on this machine'), { target: { value: '/srv/code/docs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Attach' }));
    expect(screen.getAllByTestId('folder-chip').map((c) => c.textContent)).toEqual([
      '/srv/code/appread-write',
      '/srv/code/docsread-only',
    ]);
    await send('work on it');
    expect(config(0).local_folders).toEqual([
      { path: '/srv/code/app', mode: 'rw' },
      { path: '/srv/code/docs', mode: 'ro' },
    ]);
  });

  it("shows the server's refusal under the folders, not as a toast", async () => {
    home({ enabled: true, roots: ['/srv/code'] }, apiError(40000, '/etc is outside the allowed local folders (/srv/code)'));
    fireEvent.click(await screen.findByTestId('folder-add'));
    fireEvent.change(screen.getByLabelText('Folder on this machine'), { target: { value: '/etc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Attach' }));
    fireEvent.change(screen.getByTestId('composer-input'), { target: { value: 'x' } });
    await act(async () => fireEvent.click(screen.getByTestId('composer-send')));
    expect((await screen.findByTestId('folder-error')).textContent).toBe(
      '/etc is outside the allowed local folders (/srv/code)',
    );
  });
});

describe('FolderReview: a session worktree', () => {
  const folder = {
    name: 'app',
    path: '/srv/code/app',
    mode: 'rw',
    sandbox_path: '/mnt/app',
    branch: 'poco/abcd1234',
    base: 'main',
    worktree: true,
  };
  const diff = {
    branch: 'poco/abcd1234',
    base: 'main',
    merge_base: 'c0ffee',
    files: [{ path: 'new.txt', status: 'added', additions: 1, deletions: 0 }],
    diff: 'diff --git a/new.txt b/new.txt\nnew file mode 100644\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hello\n',
    truncated: false,
  };

  it('shows the changed files and the diff, and merges into the base branch', async () => {
    let merged = false;
    const api = fakeApi({
      'GET /api/v1/sessions/s1/local-folders': [folder],
      'GET /api/v1/sessions/s1/local-folders/app/diff': () => (merged ? { ...diff, files: [], diff: '' } : diff),
      'POST /api/v1/sessions/s1/local-folders/app/merge': () => {
        merged = true;
        return { merged: true, branch: 'poco/abcd1234', base: 'main', commit: 'a1', session_commit: 'b2' };
      },
    });
    renderInApp(<FolderReview sessionId="s1" active={false} />);
    const review = await screen.findByRole('button', { name: /Review 1 changed files/ });
    fireEvent.click(review);
    expect(screen.getByTestId('folder-files').textContent).toContain('new.txt');
    const added = screen.getByTestId('folder-diff').querySelectorAll('.diff-add');
    expect(Array.from(added).map((l) => l.textContent)).toEqual(['+hello']);
    await act(async () => fireEvent.click(screen.getByTestId('folder-merge')));
    expect(screen.getByTestId('folder-merge-notice').textContent).toBe('Merged poco/abcd1234 into main');
    expect(api.sent('POST /api/v1/sessions/s1/local-folders/app/merge')).toHaveLength(1);
    await waitFor(() => expect((screen.getByTestId('folder-merge') as HTMLButtonElement).disabled).toBe(true));
  });

  it("shows a refused merge's reason and offers no merge while the run is active", async () => {
    fakeApi({
      'GET /api/v1/sessions/s1/local-folders': [folder],
      'GET /api/v1/sessions/s1/local-folders/app/diff': diff,
      'POST /api/v1/sessions/s1/local-folders/app/merge': apiError(
        40000,
        '/srv/code/app has uncommitted changes on main (README): commit or stash them, then merge again',
        null,
        409,
      ),
    });
    const { rerender } = renderInApp(<FolderReview sessionId="s1" active={true} />);
    const merge = (await screen.findByTestId('folder-merge')) as HTMLButtonElement;
    expect(merge.disabled).toBe(true);
    rerender(<FolderReview sessionId="s1" active={false} />);
    await waitFor(() => expect((screen.getByTestId('folder-merge') as HTMLButtonElement).disabled).toBe(false));
    await act(async () => fireEvent.click(screen.getByTestId('folder-merge')));
    expect(screen.getByTestId('folder-merge-error').textContent).toContain('has uncommitted changes on main');
  });

  it('renders nothing for a session with only read-only folders', async () => {
    const api = fakeApi({ 'GET /api/v1/sessions/s1/local-folders': [{ ...folder, mode: 'ro', worktree: false }] });
    renderInApp(<FolderReview sessionId="s1" active={false} />);
    await waitFor(() => expect(api.calls).toHaveLength(1));
    expect(screen.queryByTestId('folder-card')).toBeNull();
  });
});

describe('unifiedLines', () => {
  it('marks added and removed lines and keeps headers as context', () => {
    expect(unifiedLines('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n')).toEqual([
      { op: ' ', text: '--- a/x' },
      { op: ' ', text: '+++ b/x' },
      { op: ' ', text: '@@ -1 +1 @@' },
      { op: '-', text: 'old' },
      { op: '+', text: 'new' },
      { op: ' ', text: 'same' },
    ]);
  });
});
