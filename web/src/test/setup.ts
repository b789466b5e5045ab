import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { queryClient } from '../api/queries';

afterEach(() => {
  cleanup();
  queryClient.clear();
  localStorage.clear();
  sessionStorage.clear();
});

// jsdom has no ResizeObserver; the resizable split (react-resizable-panels) observes its panels with one. Nothing
// is laid out in jsdom, so an observer that never reports is faithful.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
