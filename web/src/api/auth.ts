// Sign-in state (POCO_AUTH_MODE=password): the signed-in user, and whether the server said the
// sign-in is gone (a 401 from any API call or event stream). The gate in AuthGate shows the
// sign-in page then, instead of letting every stream retry.

import { useSyncExternalStore } from 'react';
import { clearOffline, offlineOwner } from '../lib/offline';
import { get, patch, post } from './client';

export interface AuthStatus {
  auth_mode: 'single_user' | 'trusted_header' | 'password' | 'oidc' | string;
  setup_required: boolean;
  /** oidc mode: the sign-in button's provider name (POCO_OIDC_PROVIDER_NAME). */
  oidc_provider_name?: string | null;
}

/** Modes with accounts and a sign-in page: password, and oidc (the same accounts, signed in at a provider). */
export function hasAccounts(mode: string | undefined): boolean {
  return mode === 'password' || mode === 'oidc';
}

/** Where the oidc sign-in button goes: the server redirects to the provider (with an invite's code, if any). */
export function oidcLoginUrl(invite?: string): string {
  return '/api/v1/auth/oidc/login' + (invite ? `?invite=${encodeURIComponent(invite)}` : '');
}

export interface Me {
  user_id: string;
  username: string | null;
  display_name: string | null;
  role: 'admin' | 'member' | string;
  auth_mode: string;
}

export interface AccountUser {
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let state: { signedOut: boolean; me: Me | null } = { signedOut: false, me: null };

function set(next: Partial<typeof state>) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export const authState = {
  /** The server answered 401 "sign in" to a request that needed a user. */
  markSignedOut() {
    if (!state.signedOut) set({ signedOut: true });
    void clearOffline();
  },
  signedIn(me: Me) {
    set({ signedOut: false, me });
    // the copies kept for reading offline belong to one user: another user's sign-in starts without them
    void offlineOwner(me.user_id);
  },
  clear() {
    set({ me: null });
  },
  get: () => state,
};

export function useAuthState() {
  return useSyncExternalStore(subscribe, authState.get);
}

/** The signed-in user, or null outside password mode / before sign-in. */
export function useMe(): Me | null {
  return useAuthState().me;
}

export const authApi = {
  status: () => get<AuthStatus>('/api/v1/auth/status'),
  me: () => get<Me>('/api/v1/auth/me'),
  login: (username: string, password: string) => post<Me>('/api/v1/auth/login', { username, password }),
  setup: (username: string, password: string, display_name: string) =>
    post<Me>('/api/v1/auth/setup', { username, password, display_name }),
  logout: () => post<{ signed_out: boolean }>('/api/v1/auth/logout', {}),
  logoutAll: () => post<{ sessions_ended: number }>('/api/v1/auth/logout-all', {}),
  updateMe: (display_name: string) => patch<Me>('/api/v1/auth/me', { display_name }),
  changePassword: (current_password: string, new_password: string) =>
    post<{ changed: boolean }>('/api/v1/auth/password', { current_password, new_password }),
  acceptInvite: (code: string, username: string, password: string, display_name: string) =>
    post<Me>(`/api/v1/auth/invites/${encodeURIComponent(code)}/accept`, { username, password, display_name }),
  users: () => get<AccountUser[]>('/api/v1/admin/users'),
  resetPassword: (id: string) =>
    post<{ user_id: string; temporary_password?: string }>(`/api/v1/admin/users/${encodeURIComponent(id)}/reset-password`, {}),
  disable: (id: string) => post<AccountUser>(`/api/v1/admin/users/${encodeURIComponent(id)}/disable`, {}),
  enable: (id: string) => post<AccountUser>(`/api/v1/admin/users/${encodeURIComponent(id)}/enable`, {}),
  invite: (role: string) => post<{ code: string; path: string }>('/api/v1/admin/invites', { role }),
};
