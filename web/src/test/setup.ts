import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { queryClient } from '../api/queries';

afterEach(() => {
  cleanup();
  queryClient.clear();
  localStorage.clear();
  sessionStorage.clear();
});
