// Sharing a project inside a team (issue 17 part 5): its members (viewer / editor) and the admin's
// per-user usage. Kept apart from endpoints.ts so that the feature stays in one place.

import { del, get, request } from './client';

export type ProjectRole = 'owner' | 'editor' | 'viewer';

export interface ProjectMember {
  user_id: string;
  username: string | null;
  display_name: string;
  role: ProjectRole;
  added_at: string | null;
}

export interface UserUsage {
  user_id: string;
  username: string | null;
  display_name: string;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  runs: number;
  sessions: number;
}

const members = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/members`;

export const sharingApi = {
  members: (projectId: string) => get<ProjectMember[]>(members(projectId)),
  /** `user`: a user name (or account id); adds the member or changes their role. */
  share: async (projectId: string, user: string, role: 'viewer' | 'editor') =>
    (await request<ProjectMember>('PUT', `${members(projectId)}/${encodeURIComponent(user.trim())}`, { body: { role } })).data,
  remove: (projectId: string, userId: string) => del<{ user_id: string }>(`${members(projectId)}/${encodeURIComponent(userId)}`),
  adminUsage: (days = 30) => get<UserUsage[]>(`/api/v1/admin/usage?days=${days}`),
};

/** The caller's role in a project as the project list says it (older servers: owner). */
export function roleOf(project: { role?: string | null } | undefined | null): ProjectRole {
  const role = project?.role;
  return role === 'viewer' || role === 'editor' ? role : 'owner';
}
