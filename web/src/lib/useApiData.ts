// Data fetched once per page load and shared: models and system status.

import { useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import type { ModelsResponse, SystemStatus } from '../api/types';

function cached<T>(load: () => Promise<T>) {
  let promise: Promise<T> | null = null;
  let value: T | null = null;
  return {
    get(): Promise<T> {
      if (!promise) {
        promise = load().then(
          (v) => {
            value = v;
            return v;
          },
          (e) => {
            promise = null; // try again next time
            throw e;
          },
        );
      }
      return promise;
    },
    peek: () => value,
  };
}

const models = cached(() => api.models());
const status = cached(() => api.systemStatus());

function useCached<T>(c: { get(): Promise<T>; peek(): T | null }): T | null {
  const [value, setValue] = useState<T | null>(c.peek());
  useEffect(() => {
    let live = true;
    c.get()
      .then((v) => live && setValue(v))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [c]);
  return value;
}

export const useModels = (): ModelsResponse | null => useCached(models);
export const useSystemStatus = (): SystemStatus | null => useCached(status);
