// Wire types and calls for poco's memory endpoints (mem0's shapes: `{results: [...]}` for lists and searches),
// plus Poco's per-user switch (`/memories/settings`).

import { del, get, post, request } from './client';

const V1 = '/api/v1';

export interface Memory {
  id: string;
  memory: string;
  hash: string;
  metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  user_id: string;
  agent_id: string;
  run_id: string | null;
  /** Search only: the rank, and what it is made of. */
  score?: number;
  text_rank?: number;
  similarity?: number | null;
  matched_by?: 'text' | 'semantic' | 'text+semantic';
}

export interface MemoryHistoryEntry {
  id: string;
  memory_id: string;
  old_memory: string | null;
  new_memory: string | null;
  event: 'ADD' | 'UPDATE' | 'DELETE' | 'NONE';
  created_at: string;
  updated_at: string;
  is_deleted: boolean;
  role: string | null;
  job_id: string | null;
}

export interface MemorySettings {
  enabled: boolean;
  /** False when an operator turned memory off for everyone. */
  available: boolean;
}

export const memoryKeys = {
  all: ['memories'] as const,
  list: ['memories', 'list'] as const,
  search: (query: string) => ['memories', 'search', query] as const,
  history: (id: string) => ['memories', 'history', id] as const,
  settings: ['memories', 'settings'] as const,
};

export const memoryApi = {
  list: () => get<{ results: Memory[] }>(`${V1}/memories`).then((r) => r.results),
  search: (query: string) => post<{ results: Memory[] }>(`${V1}/memories/search`, { query }).then((r) => r.results),
  update: (id: string, text: string) =>
    request<Memory>('PUT', `${V1}/memories/${encodeURIComponent(id)}`, { body: { text } }).then((r) => r.data),
  remove: (id: string) => del<{ id: string }>(`${V1}/memories/${encodeURIComponent(id)}`),
  history: (id: string) => get<MemoryHistoryEntry[]>(`${V1}/memories/${encodeURIComponent(id)}/history`),
  settings: () => get<MemorySettings>(`${V1}/memories/settings`),
  setEnabled: (enabled: boolean) =>
    request<MemorySettings>('PUT', `${V1}/memories/settings`, { body: { enabled } }).then((r) => r.data),
};
