// The chat-app endpoints (`/api/v1/im/*`): provider status, one-time link codes, linked chats.

import { del, get, post } from '../../api/client';

export interface ImProvider {
  provider: string;
  configured: boolean;
  /** `polling`, `webhook`, or `off` when not configured. */
  mode: string;
  /** The bot's own name on the provider, once known. */
  account: string | null;
  status: 'not_configured' | 'idle' | 'connected' | 'error';
  last_event_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_ok_at: string | null;
}

export interface LinkCode {
  code: string;
  expires_at: string;
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
}

const V1 = '/api/v1/im';

export const imApi = {
  providers: () => get<ImProvider[]>(`${V1}/providers`),
  links: () => get<ChatLink[]>(`${V1}/links`),
  createLinkCode: () => post<LinkCode>(`${V1}/link-codes`),
  revoke: (id: string) => del<unknown>(`${V1}/links/${encodeURIComponent(id)}`),
  sendTest: (id: string) => post<unknown>(`${V1}/links/${encodeURIComponent(id)}/test`),
};

export const imKeys = {
  providers: ['im', 'providers'] as const,
  links: ['im', 'links'] as const,
};
