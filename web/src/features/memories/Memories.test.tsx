import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { T0 } from '../../test/fixtures';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

beforeAll(async () => {
  await import('./Memories');
});
afterEach(() => vi.unstubAllGlobals());

const V1 = '/api/v1';
const memory = (id: string, text: string, extra: object = {}) => ({
  id,
  memory: text,
  hash: 'h',
  metadata: null,
  created_at: T0,
  updated_at: T0,
  user_id: 'default',
  agent_id: 'poco-agent',
  run_id: null,
  ...extra,
});

function open() {
  renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/memories' });
}
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el));
const rows = () => screen.findAllByTestId('memory-item');

describe('memories page', () => {
  it('lists the memories and searches them, showing why each result ranks', async () => {
    const api = fakeApi({
      [`GET ${V1}/memories`]: { results: [memory('m1', 'Likes green tea'), memory('m2', 'Lives in Porto')] },
      [`GET ${V1}/memories/settings`]: { enabled: true, available: true },
      [`POST ${V1}/memories/search`]: {
        results: [memory('m1', 'Likes green tea', { score: 0.81, text_rank: 1, similarity: 0.7, matched_by: 'text+semantic' })],
      },
    });
    open();
    expect((await rows()).map((r) => within(r).getByTestId('memory-text').textContent)).toEqual(['Likes green tea', 'Lives in Porto']);

    fireEvent.change(screen.getByTestId('memory-search'), { target: { value: 'tea' } });
    await waitFor(() => expect(screen.getAllByTestId('memory-item')).toHaveLength(1));
    expect(api.sent(`POST ${V1}/memories/search`)).toEqual([{ query: 'tea' }]);
    expect(screen.getByTestId('memory-why').textContent).toBe('score 0.81 · words 1.00 · meaning 0.70');
  });

  it('edits a memory and shows its history', async () => {
    let text = 'Likes green tea';
    const api = fakeApi({
      [`GET ${V1}/memories`]: () => ({ results: [memory('m1', text, { updated_at: text === 'Likes green tea' ? T0 : '2026-01-02T10:00:00Z' })] }),
      [`GET ${V1}/memories/settings`]: { enabled: true, available: true },
      [`PUT ${V1}/memories/m1`]: (body: unknown) => {
        text = (body as { text: string }).text;
        return memory('m1', text);
      },
      [`GET ${V1}/memories/m1/history`]: [
        { id: 'h1', memory_id: 'm1', old_memory: null, new_memory: 'Likes green tea', event: 'ADD', created_at: T0, updated_at: T0, is_deleted: false, role: 'user', job_id: null },
        { id: 'h2', memory_id: 'm1', old_memory: 'Likes green tea', new_memory: 'Likes oolong tea', event: 'UPDATE', created_at: T0, updated_at: T0, is_deleted: false, role: 'user', job_id: null },
      ],
    });
    open();
    const row = (await rows())[0];
    await click(within(row).getByTestId('memory-edit'));
    fireEvent.change(screen.getByTestId('memory-edit-text'), { target: { value: '  Likes oolong tea ' } });
    await click(screen.getByTestId('memory-save'));
    expect(api.sent(`PUT ${V1}/memories/m1`)).toEqual([{ text: 'Likes oolong tea' }]);
    await waitFor(() => expect(screen.getByTestId('memory-text').textContent).toBe('Likes oolong tea'));

    await click(screen.getByTestId('memory-show-history'));
    const history = await screen.findByTestId('memory-history');
    expect(within(history).getAllByRole('listitem').map((li) => li.dataset.event)).toEqual(['ADD', 'UPDATE']);
    expect(history.textContent).toContain('Updated');
  });

  it('deletes a memory after confirming, and the switch turns memory off', async () => {
    let gone = false;
    const api = fakeApi({
      [`GET ${V1}/memories`]: () => ({ results: gone ? [] : [memory('m1', 'Likes green tea')] }),
      [`GET ${V1}/memories/settings`]: { enabled: true, available: true },
      [`PUT ${V1}/memories/settings`]: (body: unknown) => ({ ...(body as object), available: true }),
      [`DELETE ${V1}/memories/m1`]: () => {
        gone = true;
        return { id: 'm1' };
      },
    });
    open();
    await click(within((await rows())[0]).getByTestId('memory-delete'));
    await click(screen.getByTestId('confirm-ok'));
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(true);
    expect((await screen.findByTestId('memory-empty')).textContent).toBe('Nothing remembered yet');

    await click(screen.getByTestId('memory-enabled'));
    expect(api.sent(`PUT ${V1}/memories/settings`)).toEqual([{ enabled: false }]);
    expect(await screen.findByText('New tasks get no memory tools; what is stored stays here.')).toBeTruthy();
  });

  it('shows the server error when an edit is refused and refuses an oversized search locally', async () => {
    fakeApi({
      [`GET ${V1}/memories`]: { results: [memory('m1', 'Likes green tea')] },
      [`GET ${V1}/memories/settings`]: { enabled: true, available: true },
      [`PUT ${V1}/memories/m1`]: apiError(40400, 'Memory not found', null, 404),
    });
    open();
    await click(within((await rows())[0]).getByTestId('memory-edit'));
    fireEvent.change(screen.getByTestId('memory-edit-text'), { target: { value: 'x' } });
    await click(screen.getByTestId('memory-save'));
    expect(await screen.findByText('Memory not found')).toBeTruthy();

    fireEvent.change(screen.getByTestId('memory-search'), { target: { value: 'x'.repeat(1001) } });
    expect(await screen.findByText('The search is too long (max 1000 characters).')).toBeTruthy();
  });
});
