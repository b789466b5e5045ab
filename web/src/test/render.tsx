// Renders a component the way main.tsx does: inside the router (at `path`).

import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';

export function renderInApp(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  return render(<MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>);
}
