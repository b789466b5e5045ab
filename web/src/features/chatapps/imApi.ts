// The chat-app endpoints (`/api/v1/im/*`): provider status, one-time link codes, linked chats.

import { del, get, patch, post, request } from '../../api/client';

export interface ImProvider {
  provider: string;
  configured: boolean;
  /** `polling`, `webhook`, or `off` when not configured. */
  mode: string;
  /** The bot's own name on the provider, once known. */
  account: string | null;
  status: 'off' | 'not_configured' | 'idle' | 'connected' | 'error';
  /** The switch on this page (on unless switched off here). */
  enabled: boolean;
  last_event_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_ok_at: string | null;
  /** The credential fields the provider reads (`bot_token`, …); values are never sent back. */
  credential_fields: string[];
  /** Fields with a value, from this page or the server's environment. */
  configured_fields: string[];
  /** Fields set on this page (they override the environment). */
  stored_fields: string[];
  /** The caller may change credentials and the switch (POCO_IM_ADMINS). */
  can_manage: boolean;
}

export interface LinkCode {
  code: string;
  expires_at: string;
  project_id: string | null;
}

export interface ChatLink {
  id: string;
  provider: string;
  chat_id: string;
  chat_type: string | null;
  title: string | null;
  language: string | null;
  linked_at: string | null;
  last_message_at: string | null;
  active_session_id: string | null;
  /** The project new tasks from this chat go to. */
  project_id: string | null;
  project_name: string | null;
}

const V1 = '/api/v1/im';

export const imApi = {
  providers: () => get<ImProvider[]>(`${V1}/providers`),
  links: () => get<ChatLink[]>(`${V1}/links`),
  createLinkCode: (projectId: string | null = null) => post<LinkCode>(`${V1}/link-codes`, { project_id: projectId }),
  setLinkProject: (id: string, projectId: string | null) =>
    patch<ChatLink>(`${V1}/links/${encodeURIComponent(id)}`, { project_id: projectId }),
  saveCredentials: async (provider: string, values: Record<string, string>) =>
    (await request<unknown>('PUT', `${V1}/providers/${encodeURIComponent(provider)}/credentials`, { body: { values } })).data,
  clearCredentials: (provider: string) => del<unknown>(`${V1}/providers/${encodeURIComponent(provider)}/credentials`),
  setEnabled: async (provider: string, enabled: boolean) =>
    (await request<unknown>('PUT', `${V1}/providers/${encodeURIComponent(provider)}/enabled`, { body: { enabled } })).data,
  revoke: (id: string) => del<unknown>(`${V1}/links/${encodeURIComponent(id)}`),
  sendTest: (id: string) => post<unknown>(`${V1}/links/${encodeURIComponent(id)}/test`),
};

export const imKeys = {
  providers: ['im', 'providers'] as const,
  links: ['im', 'links'] as const,
};
