import { useSyncExternalStore } from 'react';
import { errorText } from '../api/client';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

let toasts: Toast[] = [];
let seq = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function dismissToast(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function showToast(text: string, kind: Toast['kind'] = 'info', ttlMs = kind === 'error' ? 8000 : 4000) {
  // The same error twice in a row is shown once.
  if (toasts.some((t) => t.text === text && t.kind === kind)) return;
  const id = ++seq;
  toasts = [...toasts.slice(-3), { id, kind, text }];
  emit();
  setTimeout(() => dismissToast(id), ttlMs);
}

/** Shows what went wrong; network failures are left to the connection banner. */
export function toastError(e: unknown) {
  if (e && typeof e === 'object' && (e as { network?: boolean }).network) return;
  if (e instanceof DOMException && e.name === 'AbortError') return;
  showToast(errorText(e), 'error');
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => toasts,
  );
}
