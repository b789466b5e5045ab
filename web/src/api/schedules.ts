// Wire types and calls for scheduled tasks (poco's /scheduled-tasks routes, and Poco's preview of an
// expression's next fires), written by hand from poco's contract (poco-backend-api.md §2, §3.7).

import { del, get, patch, post } from './client';
import type { Run } from './types';

const V1 = '/api/v1';
const enc = encodeURIComponent;

/** poco's ScheduledTaskResponse. */
export interface ScheduledTask {
  scheduled_task_id: string;
  user_id: string;
  name: string;
  cron: string;
  timezone: string;
  prompt: string;
  enabled: boolean;
  reuse_session: boolean;
  session_id: string | null;
  next_run_at: string;
  last_run_id: string | null;
  last_run_status: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewScheduledTask {
  name: string;
  cron: string;
  timezone: string;
  prompt: string;
  enabled?: boolean;
  reuse_session?: boolean;
  project_id?: string | null;
  /** The task's config as for `POST /tasks` (model, input files, repository, tool toggles…). */
  config?: Record<string, unknown>;
}

export type ScheduledTaskPatch = Partial<Pick<ScheduledTask, 'name' | 'cron' | 'timezone' | 'prompt' | 'enabled'>>;

/** The next fires of an expression: UTC instants, and the same on the zone's clock (ISO with offset). */
export interface CronPreview {
  cron: string;
  timezone: string;
  next_runs: string[];
  next_runs_local: string[];
}

export const scheduleKeys = {
  all: ['schedules'] as const,
  list: ['schedules', 'list'] as const,
  runs: (id: string) => ['schedules', 'runs', id] as const,
  preview: (cron: string, timezone: string) => ['schedules', 'preview', cron, timezone] as const,
};

export const scheduleApi = {
  list: () => get<ScheduledTask[]>(`${V1}/scheduled-tasks?limit=500`),
  create: (body: NewScheduledTask) => post<ScheduledTask>(`${V1}/scheduled-tasks`, body),
  update: (id: string, body: ScheduledTaskPatch) => patch<ScheduledTask>(`${V1}/scheduled-tasks/${enc(id)}`, body),
  remove: (id: string) => del<{ id: string }>(`${V1}/scheduled-tasks/${enc(id)}`),
  trigger: (id: string) => post<{ session_id: string; run_id: string }>(`${V1}/scheduled-tasks/${enc(id)}/trigger`, {}),
  runs: (id: string) => get<Run[]>(`${V1}/scheduled-tasks/${enc(id)}/runs?limit=50`),
  preview: (cron: string, timezone: string, signal?: AbortSignal) =>
    get<CronPreview>(`${V1}/scheduled-tasks/preview?cron=${enc(cron)}&timezone=${enc(timezone)}`, signal),
};
