import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { FilesPanel } from './FilesPanel';

const tree = [{ id: '/a.csv', name: 'a.csv', path: '/a.csv', type: 'file', children: null, url: '/raw/a.csv', mimeType: 'text/csv' }];

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('FilesPanel', () => {
  it('downloads the whole workspace as a zip from where the server says it is', async () => {
    const api = fakeApi({
      'GET /api/v1/sessions/s1/workspace/files': tree,
      'GET /api/v1/sessions/s1/workspace/archive': { url: '/api/v1/sessions/s1/workspace/archive.zip', filename: 'workspace-s1.zip' },
    });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href')!, download: this.download });
    });
    renderInApp(<FilesPanel sessionId="s1" version={1} changes={[]} />);
    const button = await screen.findByRole('button', { name: 'Download the workspace as zip' });
    fireEvent.click(button);
    await vi.waitFor(() => expect(clicked).toEqual([{ href: '/api/v1/sessions/s1/workspace/archive.zip', download: 'workspace-s1.zip' }]));
    expect(api.calls.map((c) => c.url)).toContain('/api/v1/sessions/s1/workspace/archive');
    expect(screen.queryByTestId('files-zip-error')).toBeNull();
  });

  it('says when the archive is not exported yet', async () => {
    fakeApi({
      'GET /api/v1/sessions/s1/workspace/files': tree,
      'GET /api/v1/sessions/s1/workspace/archive': { url: null, filename: 'workspace-s1.zip' },
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderInApp(<FilesPanel sessionId="s1" version={1} changes={[]} />);
    fireEvent.click(await screen.findByTestId('files-download-zip'));
    expect((await screen.findByTestId('files-zip-error')).textContent).toContain('not ready yet');
    expect(click).not.toHaveBeenCalled();
  });

  it('offers no zip for an empty workspace', async () => {
    fakeApi({ 'GET /api/v1/sessions/s1/workspace/files': [] });
    renderInApp(<FilesPanel sessionId="s1" version={1} changes={[]} />);
    await screen.findByText('No files yet.');
    expect(screen.queryByTestId('files-download-zip')).toBeNull();
  });
});
