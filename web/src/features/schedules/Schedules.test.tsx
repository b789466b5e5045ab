import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Pages } from '../../routes';
import { Sidebar } from '../sidebar/Sidebar';
import { T0 } from '../../test/fixtures';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { browserZone, formatWallTime } from './schedule';

// The page is a lazy chunk: load it once up front so the first test does not wait on the import.
beforeAll(async () => {
  await import('./Schedules');
});
afterEach(() => vi.unstubAllGlobals());

const V1 = '/api/v1';
const TASK_ID = '11111111-1111-1111-1111-111111111111';
const SESSION_ID = '22222222-2222-2222-2222-222222222222';

const task = (fields: object = {}) => ({
  scheduled_task_id: TASK_ID,
  user_id: 'default',
  name: 'Morning digest',
  cron: '0 9 * * 1-5',
  timezone: 'Europe/Paris',
  prompt: 'Summarise the news',
  enabled: true,
  reuse_session: true,
  session_id: SESSION_ID,
  next_run_at: '2026-01-02T08:00:00+00:00',
  last_run_id: null as string | null,
  last_run_status: null as string | null,
  last_error: null as string | null,
  created_at: T0,
  updated_at: T0,
  ...fields,
});

const run = (id: string, status: string) => ({
  run_id: id,
  session_id: SESSION_ID,
  user_message_id: 1,
  status,
  permission_mode: 'default',
  progress: 0,
  schedule_mode: 'scheduled',
  scheduled_task_id: TASK_ID,
  scheduled_at: T0,
  config_snapshot: null,
  claimed_by: null,
  lease_expires_at: null,
  attempts: 0,
  last_error: status === 'failed' ? 'the repository is gone' : null,
  started_at: null,
  finished_at: null,
  created_at: T0,
  updated_at: T0,
  usage: status === 'completed' ? { total_cost_usd: 0.0123, total_duration_ms: 4200, usage_json: null } : null,
});

const preview = (cron: string, timezone: string) => ({
  cron,
  timezone,
  next_runs: ['2026-01-02T08:00:00+00:00'],
  next_runs_local: [
    '2026-01-02T09:00:00+01:00',
    '2026-01-05T09:00:00+01:00',
    '2026-01-06T09:00:00+01:00',
    '2026-01-07T09:00:00+01:00',
    '2026-01-08T09:00:00+01:00',
  ],
});

const previewUrl = (cron: string, zone: string) =>
  `GET ${V1}/scheduled-tasks/preview?cron=${encodeURIComponent(cron)}&timezone=${encodeURIComponent(zone)}`;

/** The helper waits for typing to pause (300 ms) before it asks: more than findBy's default second under load. */
const SLOW = { timeout: 5000 };

const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
const click = async (el: HTMLElement) => act(async () => fireEvent.click(el));

function open() {
  renderInApp(<Pages onOpenSidebar={() => undefined} />, { path: '/schedules' });
}

describe('formatWallTime', () => {
  it('shows the zone clock the server computed, with its weekday and offset', () => {
    expect(formatWallTime('2026-01-02T09:00:00+01:00')).toBe('Fri 2026-01-02 09:00 (UTC+01:00)');
    expect(formatWallTime('2026-03-08T03:30:00-04:00')).toBe('Sun 2026-03-08 03:30 (UTC-04:00)');
    expect(formatWallTime('2026-01-15T10:17:40Z')).toBe('Thu 2026-01-15 10:17:40 (UTC)');
    expect(formatWallTime('not a time')).toBe('not a time');
  });

  it("names the weekday in the UI's language", () => {
    expect(formatWallTime('2026-01-02T09:00:00+01:00', 'fr')).toBe('ven. 2026-01-02 09:00 (UTC+01:00)');
    expect(formatWallTime('2026-01-02T09:00:00+01:00', 'de')).toBe('Fr 2026-01-02 09:00 (UTC+01:00)');
  });
});

describe('schedules page', () => {
  it('is reached from the sidebar', async () => {
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [], [`GET ${V1}/scheduled-tasks?limit=500`]: [] });
    renderInApp(
      <>
        <Sidebar currentSessionId={null} currentProjectId={null} onNavigate={() => undefined} onCollapse={() => undefined} />
        <Pages onOpenSidebar={() => undefined} />
      </>,
    );
    await click(screen.getByTestId('nav-schedules'));
    expect(await screen.findByTestId('schedules-page')).toBeTruthy();
    expect(await screen.findByText('No schedules yet.')).toBeTruthy();
  });

  it('creates a schedule with the cron helper showing the next five runs in the zone', async () => {
    let created: unknown[] = [];
    const api = fakeApi({
      [`GET ${V1}/scheduled-tasks?limit=500`]: () => created,
      [previewUrl('0 9 * * *', browserZone())]: preview('0 9 * * *', browserZone()), // the browser's zone, at first
      [previewUrl('0 9 * * *', 'Europe/Paris')]: preview('0 9 * * *', 'Europe/Paris'),
      [previewUrl('0 9 * * 1-5', 'Europe/Paris')]: preview('0 9 * * 1-5', 'Europe/Paris'),
      [previewUrl('61 * * * *', 'Europe/Paris')]: apiError(40000, 'Invalid cron expression: 61 * * * * (out of range)'),
      [`POST ${V1}/scheduled-tasks`]: (body: unknown) => {
        created = [task()];
        return { ...task(), ...(body as object) };
      },
    });
    open();
    await click(await screen.findByTestId('schedule-new'));
    const dialog = screen.getByTestId('schedule-dialog');
    type(within(dialog).getByTestId('schedule-timezone'), 'Europe/Paris');
    type(within(dialog).getByTestId('schedule-name'), 'Morning digest');
    type(within(dialog).getByTestId('schedule-prompt'), 'Summarise the news');

    type(within(dialog).getByTestId('schedule-cron'), '61 * * * *');
    expect((await within(dialog).findByTestId('cron-preview-error', {}, SLOW)).textContent).toContain('Invalid cron expression');

    await click(within(dialog).getAllByTestId('schedule-preset')[2]); // weekdays at 9:00
    expect((within(dialog).getByTestId('schedule-cron') as HTMLInputElement).value).toBe('0 9 * * 1-5');
    const items = await within(dialog).findAllByTestId('cron-preview-item', {}, SLOW);
    expect(items.map((i) => i.textContent)).toEqual([
      'Fri 2026-01-02 09:00 (UTC+01:00)',
      'Mon 2026-01-05 09:00 (UTC+01:00)',
      'Tue 2026-01-06 09:00 (UTC+01:00)',
      'Wed 2026-01-07 09:00 (UTC+01:00)',
      'Thu 2026-01-08 09:00 (UTC+01:00)',
    ]);

    await click(within(dialog).getByTestId('cap-save'));
    await waitFor(() => expect(screen.queryByTestId('schedule-dialog')).toBeNull());
    expect(api.sent(`POST ${V1}/scheduled-tasks`)).toEqual([
      { name: 'Morning digest', prompt: 'Summarise the news', cron: '0 9 * * 1-5', timezone: 'Europe/Paris', reuse_session: true },
    ]);
    expect((await screen.findByTestId('schedule-item')).dataset.name).toBe('Morning digest');
  });

  it('keeps the form and shows the server message when it refuses the schedule', async () => {
    fakeApi({
      [`GET ${V1}/scheduled-tasks?limit=500`]: [],
      [previewUrl('0 9 * * *', browserZone())]: preview('0 9 * * *', browserZone()),
      [previewUrl('0 9 * * *', 'Mars/Olympus')]: apiError(40000, 'Invalid timezone: Mars/Olympus'),
      [`POST ${V1}/scheduled-tasks`]: apiError(40000, 'Invalid timezone: Mars/Olympus'),
    });
    open();
    await click(await screen.findByTestId('schedule-new'));
    const dialog = screen.getByTestId('schedule-dialog');
    type(within(dialog).getByTestId('schedule-name'), 'n');
    type(within(dialog).getByTestId('schedule-prompt'), 'p');
    type(within(dialog).getByTestId('schedule-timezone'), 'Mars/Olympus');
    expect((await within(dialog).findByTestId('cron-preview-error', {}, SLOW)).textContent).toBe('Invalid timezone: Mars/Olympus');
    await click(within(dialog).getByTestId('cap-save'));
    expect((await within(dialog).findByTestId('cap-error', {}, SLOW)).textContent).toContain('Invalid timezone: Mars/Olympus');
    expect((within(dialog).getByTestId('schedule-name') as HTMLInputElement).value).toBe('n');
  });

  it('pauses, runs now and shows the run history with usage', async () => {
    let current = task();
    const api = fakeApi({
      [`GET ${V1}/scheduled-tasks?limit=500`]: () => [current],
      [`PATCH ${V1}/scheduled-tasks/${TASK_ID}`]: (body: unknown) => {
        current = { ...current, ...(body as object) };
        return current;
      },
      [`POST ${V1}/scheduled-tasks/${TASK_ID}/trigger`]: () => {
        current = { ...current, last_run_id: 'r2', last_run_status: 'queued' };
        return { session_id: SESSION_ID, run_id: 'r2' };
      },
      [`GET ${V1}/scheduled-tasks/${TASK_ID}/runs?limit=50`]: () => [run('r2', 'queued'), run('r1', 'completed'), run('r0', 'failed')],
    });
    open();
    const item = await screen.findByTestId('schedule-item');
    expect(within(item).getByTestId('schedule-next').textContent).toContain('Next run');

    await click(within(item).getByTestId('schedule-toggle'));
    expect(api.sent(`PATCH ${V1}/scheduled-tasks/${TASK_ID}`)).toEqual([{ enabled: false }]);
    await waitFor(() => expect(within(screen.getByTestId('schedule-item')).getByTestId('schedule-next').textContent).toBe('Paused'));

    await click(within(screen.getByTestId('schedule-item')).getByTestId('schedule-trigger'));
    expect(api.sent(`POST ${V1}/scheduled-tasks/${TASK_ID}/trigger`)).toHaveLength(1);

    await click(within(screen.getByTestId('schedule-item')).getByTestId('schedule-history'));
    const runs = await screen.findAllByTestId('schedule-run');
    expect(runs.map((r) => r.dataset.status)).toEqual(['queued', 'completed', 'failed']);
    expect(runs[1].textContent).toContain('$0.0123');
    expect(runs[2].textContent).toContain('the repository is gone');
    expect(within(runs[0]).getByTestId('schedule-run-open').getAttribute('href')).toBe(`/s/${SESSION_ID}`);
  });

  it('deletes a schedule after asking', async () => {
    let list = [task()];
    const api = fakeApi({
      [`GET ${V1}/scheduled-tasks?limit=500`]: () => list,
      [`DELETE ${V1}/scheduled-tasks/${TASK_ID}`]: () => {
        list = [];
        return { id: TASK_ID };
      },
    });
    open();
    await click(await screen.findByTestId('schedule-delete'));
    await click(screen.getByRole('button', { name: 'Delete' }));
    expect(api.sent(`DELETE ${V1}/scheduled-tasks/${TASK_ID}`)).toHaveLength(1);
    expect(await screen.findByText('No schedules yet.')).toBeTruthy();
  });
});
