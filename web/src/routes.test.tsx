import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MemoryRouter, useNavigate } from 'react-router';
import { paths, useRouteIds } from './routes';

function Ids() {
  const { sessionId, projectId } = useRouteIds();
  return <span data-testid="ids">{`${sessionId ?? '-'} ${projectId ?? '-'}`}</span>;
}

function Nav() {
  const navigate = useNavigate();
  return (
    <>
      <button onClick={() => navigate(paths.session('s1'))}>session</button>
      <button onClick={() => navigate(paths.project('p1'))}>project</button>
      <button onClick={() => navigate(-1)}>back</button>
    </>
  );
}

const idsAt = (path: string) => {
  const { unmount } = render(
    <MemoryRouter initialEntries={[path]}>
      <Ids />
    </MemoryRouter>,
  );
  const text = screen.getByTestId('ids').textContent;
  unmount();
  return text;
};

describe('routes', () => {
  it('reads the session or project from the URL, decoded, with or without a trailing slash', () => {
    expect(idsAt('/')).toBe('- -');
    expect(idsAt('/s/abc-1')).toBe('abc-1 -');
    expect(idsAt('/p/p1/')).toBe('- p1');
    expect(idsAt(paths.project('a b/c'))).toBe('- a b/c');
    expect(idsAt('/nope/x')).toBe('- -');
  });

  it('follows navigation and the back button', () => {
    render(
      <MemoryRouter initialEntries={['/']}>
        <Ids />
        <Nav />
      </MemoryRouter>,
    );
    fireEvent.click(screen.getByText('session'));
    expect(screen.getByTestId('ids').textContent).toBe('s1 -');
    fireEvent.click(screen.getByText('project'));
    expect(screen.getByTestId('ids').textContent).toBe('- p1');
    fireEvent.click(screen.getByText('back'));
    expect(screen.getByTestId('ids').textContent).toBe('s1 -');
  });
});
