import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi } from '../../test/fakeApi';
import { session } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { defaultBranch, PushDialog, sessionRepository } from './PushDialog';

const ID = '3f2a9c1e-0000-4000-8000-000000000001';
const PUSH = `POST /api/v1/sessions/${ID}/repository/push`;
const REPO = 'https://github.com/acme/site';
const finished = session({ session_id: ID, status: 'completed', title: 'Describe the site', config_snapshot: { repo_url: REPO } });
const pushed = {
  branch: 'poco/3f2a9c1e',
  commit: '0123456789abcdef0123456789abcdef01234567',
  base: 'main',
  pull_request_url: 'https://github.com/acme/site/pull/7',
};

afterEach(() => vi.unstubAllGlobals());

describe('PushDialog', () => {
  it("proposes the server's default branch and the session's title, sends what the user chose, then links the pull request", async () => {
    const api = fakeApi({ [PUSH]: pushed });
    const onClose = vi.fn();
    renderInApp(<PushDialog session={finished} repository={REPO} onClose={onClose} />);

    expect(screen.getByRole('dialog', { name: 'Push to a branch and open a pull request' })).toBeTruthy();
    expect(screen.getByTestId('push-repository').textContent).toBe(REPO);
    const branch = screen.getByTestId('push-branch') as HTMLInputElement;
    expect(branch.value).toBe('poco/3f2a9c1e');
    expect(document.activeElement).toBe(branch);
    expect((screen.getByTestId('push-title') as HTMLInputElement).value).toBe('Describe the site');

    fireEvent.change(branch, { target: { value: ' feature/readme ' } });
    fireEvent.change(screen.getByTestId('push-body'), { target: { value: 'Written by the agent.' } });
    fireEvent.click(screen.getByTestId('push-submit'));

    const link = await screen.findByTestId('push-pr-link');
    expect(api.sent(PUSH)).toEqual([{ branch: 'feature/readme', title: 'Describe the site', body: 'Written by the agent.' }]);
    expect(link.getAttribute('href')).toBe('https://github.com/acme/site/pull/7');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByTestId('push-result').textContent).toContain('Pushed poco/3f2a9c1e and opened a pull request into main.');
    expect(screen.getByTestId('push-result').textContent).toContain('Commit 0123456789ab');
    expect(screen.queryByTestId('push-submit')).toBeNull();
    fireEvent.click(screen.getByTestId('push-cancel'));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it("shows the server's refusal in place and keeps what was typed", async () => {
    fakeApi({
      [PUSH]: (body: unknown) =>
        (body as { branch?: string }).branch === 'bad name'
          ? apiError(40000, 'Invalid branch name: "bad name" is not a name git accepts for a branch')
          : apiError(40000, 'No changes to push: the session\'s repository has no changes and no commits beyond main', null, 409),
    });
    const onClose = vi.fn();
    renderInApp(<PushDialog session={finished} repository={REPO} onClose={onClose} />);
    const branch = screen.getByTestId('push-branch') as HTMLInputElement;
    fireEvent.change(branch, { target: { value: 'bad name' } });
    fireEvent.click(screen.getByTestId('push-submit'));

    expect((await screen.findByTestId('push-error')).textContent).toContain('Invalid branch name: "bad name"');
    expect(branch.value).toBe('bad name');
    expect(onClose).not.toHaveBeenCalled();
    // Editing clears the old message; the next refusal says its own.
    fireEvent.change(branch, { target: { value: 'good' } });
    expect(screen.queryByTestId('push-error')).toBeNull();
    fireEvent.click(screen.getByTestId('push-submit'));
    expect((await screen.findByTestId('push-error')).textContent).toContain('No changes to push');
    expect(screen.queryByTestId('push-result')).toBeNull();
  });

  it('cannot be sent without a branch, and sends neither an empty title nor an empty description', async () => {
    const api = fakeApi({ [PUSH]: pushed });
    renderInApp(<PushDialog session={{ ...finished, title: null }} repository={REPO} onClose={() => undefined} />);
    const submit = screen.getByTestId('push-submit') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('push-branch'), { target: { value: '  ' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('push-branch'), { target: { value: 'topic' } });
    fireEvent.click(submit);
    await waitFor(() => expect(api.sent(PUSH)).toEqual([{ branch: 'topic' }]));
  });

  it('closes on Escape', () => {
    fakeApi({});
    const onClose = vi.fn();
    renderInApp(<PushDialog session={finished} repository={REPO} onClose={onClose} />);
    fireEvent.keyDown(screen.getByTestId('push-branch'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('push helpers', () => {
  it("read the session's repository from its configuration, and name the default branch as the server does", () => {
    expect(sessionRepository(finished)).toBe(REPO);
    expect(sessionRepository(session({ config_snapshot: { repo_url: '' } }))).toBeNull();
    expect(sessionRepository(session({ config_snapshot: null }))).toBeNull();
    expect(sessionRepository(null)).toBeNull();
    expect(defaultBranch(ID)).toBe('poco/3f2a9c1e');
  });
});
