// Server state through TanStack Query: one cache for the whole app, so components that show the
// same data share one request. Lists kept live by the event streams never go stale on their own
// (staleTime Infinity); the streams write events into the cache and ask for reloads themselves.

import { QueryCache, QueryClient, useQuery } from '@tanstack/react-query';
import { toastError } from '../ui/toast';
import { api } from './endpoints';
import type { ModelsResponse, SystemStatus } from './types';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { toastErrors?: boolean };
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (query.meta?.toastErrors) toastError(error);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      // The API client reports an unreachable server (banner) and the streams reload on reconnect;
      // a silent retry or focus refetch would only add requests.
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

export const keys = {
  models: ['models'] as const,
  systemStatus: ['system-status'] as const,
  sessions: ['sessions'] as const,
  projects: ['projects'] as const,
  pendingQuestions: ['questions', 'pending'] as const,
  sessionSnapshot: (id: string) => ['session', id, 'snapshot'] as const,
  workspaceFiles: (id: string) => ['session', id, 'files'] as const,
  browserScreenshot: (id: string, toolUseId: string) => ['session', id, 'browser', toolUseId] as const,
};

/** The server's models (null until loaded; a failure leaves it null). */
export function useModels(): ModelsResponse | null {
  return useQuery({ queryKey: keys.models, queryFn: () => api.models() }).data ?? null;
}

/** Version, auth mode, whether a model key is configured. */
export function useSystemStatus(): SystemStatus | null {
  return useQuery({ queryKey: keys.systemStatus, queryFn: () => api.systemStatus() }).data ?? null;
}
