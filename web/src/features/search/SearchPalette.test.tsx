import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes, useLocation } from 'react-router';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { SearchPalette } from './SearchPalette';
import { Highlighted } from './Highlighted';
import { render } from '@testing-library/react';

afterEach(() => vi.unstubAllGlobals());

const SESSION = '22222222-2222-2222-2222-222222222222';

function Where() {
  const location = useLocation();
  return <div data-testid="where">{location.pathname}</div>;
}

const results = {
  query: '迁移',
  tasks: [{ session_id: SESSION, title: '数据库迁移', status: 'completed', timestamp: '2026-01-01T00:00:00Z', project_id: null, highlights: [{ start: 3, end: 5 }] }],
  projects: [],
  messages: [
    {
      message_id: 42,
      session_id: SESSION,
      text_preview: '数据库迁移已经完成',
      timestamp: '2026-01-01T00:00:00Z',
      role: 'assistant',
      session_title: '数据库迁移',
      snippet: '数据库迁移已经完成',
      highlights: [{ start: 3, end: 5 }],
    },
  ],
};

describe('search palette', () => {
  it('searches as one types and opens a message in its session', async () => {
    const api = fakeApi({ [`GET /api/v1/search?q=${encodeURIComponent('迁移')}&limit_messages=10`]: results });
    const onClose = vi.fn();
    renderInApp(
      <>
        <SearchPalette onClose={onClose} />
        <Routes>
          <Route path="*" element={<Where />} />
        </Routes>
      </>,
    );
    const input = screen.getByTestId('search-input');
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: '迁移' } });

    const message = await screen.findByTestId('search-message');
    expect(message.querySelector('mark')?.textContent).toBe('迁移');
    expect(screen.getByTestId('search-task').textContent).toContain('数据库迁移');
    expect(api.calls.filter((c) => c.url.startsWith('/api/v1/search'))).toHaveLength(1);

    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(message.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).toHaveBeenCalled();
    await waitFor(() => expect(screen.getByTestId('where').textContent).toContain(`/s/${SESSION}`));
  });

  it('says when nothing matches, and Escape closes', async () => {
    fakeApi({ 'GET /api/v1/search?q=zzz&limit_messages=10': { query: 'zzz', tasks: [], projects: [], messages: [] } });
    const onClose = vi.fn();
    renderInApp(<SearchPalette onClose={onClose} />);
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'zzz' } });
    expect(await screen.findByTestId('search-empty')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('marks the matched ranges and ignores ranges out of bounds', () => {
    const { container } = render(<Highlighted text="deploy the deployment" highlights={[{ start: 11, end: 21 }, { start: 0, end: 6 }, { start: 5, end: 99 }]} />);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['deploy', 'deployment']);
    expect(container.textContent).toBe('deploy the deployment');
  });
});
