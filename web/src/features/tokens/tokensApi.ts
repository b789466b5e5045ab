// Personal API tokens (`/api/v1/tokens`) and, for admins, runners (`/api/v1/admin/runners`).

import { del, get, post } from '../../api/client';

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  /** The token's first characters, to tell tokens apart; never the token. */
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  expired: boolean;
}

/** The answer to creating a token: the only time `token` is seen. */
export interface CreatedApiToken {
  id: string;
  name: string;
  scope: TokenScope;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  token: string;
}

export interface RunnerInfo {
  /** Null for a runner on the shared token, which cannot be revoked alone. */
  id: string | null;
  name: string;
  host: string | null;
  registered: boolean;
  credential_prefix: string | null;
  registered_at: string | null;
  worker_id: string | null;
  last_heartbeat_at: string | null;
  schedule_modes: string[] | null;
}

export interface RegistrationToken {
  id: string;
  token: string;
  prefix: string;
  expires_at: string;
  max_uses: number;
}

export const tokensApi = {
  list: () => get<ApiToken[]>('/api/v1/tokens'),
  create: (body: { name: string; scope: TokenScope; expires_in_days: number | null }) =>
    post<CreatedApiToken>('/api/v1/tokens', body),
  revoke: (id: string) => del<unknown>(`/api/v1/tokens/${encodeURIComponent(id)}`),
};

export const runnersApi = {
  list: () => get<RunnerInfo[]>('/api/v1/admin/runners'),
  createRegistrationToken: (body: { expires_in_hours: number; max_uses: number }) =>
    post<RegistrationToken>('/api/v1/admin/runners/registration-tokens', body),
  revoke: (id: string) => del<unknown>(`/api/v1/admin/runners/${encodeURIComponent(id)}`),
};

export const tokenKeys = {
  tokens: ['tokens'] as const,
  runners: ['admin', 'runners'] as const,
};
