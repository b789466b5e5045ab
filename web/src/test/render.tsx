// Renders a component the way main.tsx does: with the app's query cache, inside the router (at
// `path`). test/setup.ts empties the cache after each test.

import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { queryClient } from '../api/queries';

export function renderInApp(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}
