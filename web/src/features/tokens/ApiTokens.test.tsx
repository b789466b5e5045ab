import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { setLang } from '../../i18n';
import { T0 } from '../../test/fixtures';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

beforeAll(async () => {
  await import('./ApiTokens');
  await import('../runners/Runners');
});
afterEach(() => {
  vi.unstubAllGlobals();
  setLang('en');
});

const V1 = '/api/v1';
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el));
const SECRET = 'poco_pat_' + 'a'.repeat(40);

const token = (over: object = {}) => ({
  id: 't1',
  name: 'ci',
  scope: 'read',
  prefix: 'poco_pat_aaaaaa',
  created_at: T0,
  expires_at: null,
  last_used_at: null,
  expired: false,
  ...over,
});

describe('API tokens page', () => {
  it('creates a token, shows it once and lists it without the secret', async () => {
    let list: unknown[] = [];
    const api = fakeApi({
      [`GET ${V1}/tokens`]: () => list,
      [`POST ${V1}/tokens`]: () => {
        list = [token()];
        return { ...token(), token: SECRET };
      },
    });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/settings/tokens' });
    expect(await screen.findByText('No API tokens yet')).toBeTruthy();
    fireEvent.change(screen.getByTestId('token-name'), { target: { value: ' ci ' } });
    fireEvent.change(screen.getByTestId('token-expiry'), { target: { value: 'never' } });
    await click(screen.getByTestId('token-create'));
    expect((await screen.findByTestId('token-created-value')).textContent).toBe(SECRET);
    expect(api.sent(`POST ${V1}/tokens`)).toEqual([{ name: 'ci', scope: 'read', expires_in_days: null }]);
    const item = await screen.findByTestId('token-item');
    expect(within(item).queryByText(SECRET)).toBeNull();
    expect(within(item).getByText('poco_pat_aaaaaa…')).toBeTruthy();
    await click(screen.getByTestId('token-created-done'));
    expect(screen.queryByTestId('token-created')).toBeNull();
  });

  it('shows the server message to a non-admin on the runners page', async () => {
    fakeApi({ [`GET ${V1}/admin/runners`]: apiError(40300, 'Only an admin may manage runners', null, 403) });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/admin/runners' });
    expect(await screen.findByText(/Only an admin may manage runners/)).toBeTruthy();
  });

  it('lists runners with their heartbeat and offers revoke only for registered ones', async () => {
    fakeApi({
      [`GET ${V1}/admin/runners`]: [
        { id: 'r1', name: 'build-1', host: 'build-1.lan', registered: true, credential_prefix: 'poco_runner_abc', registered_at: T0, worker_id: 'w1', last_heartbeat_at: T0, schedule_modes: null },
        { id: null, name: 'old-host-7', host: null, registered: false, credential_prefix: null, registered_at: null, worker_id: 'old-host-7', last_heartbeat_at: T0, schedule_modes: null },
      ],
    });
    renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/admin/runners' });
    const items = await screen.findAllByTestId('runner-item');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText('registered')).toBeTruthy();
    expect(within(items[0]).queryByTestId('cap-delete')).toBeTruthy();
    expect(within(items[1]).getByText('shared token')).toBeTruthy();
    expect(within(items[1]).queryByTestId('cap-delete')).toBeNull();
  });
});
