import { fireEvent, screen, within } from '@testing-library/react';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileNode } from '../../api/types';
import { renderInApp } from '../../test/render';
import { FilePreview } from './FilePreview';

const node = (name: string, url: string | null = `/raw/${name}`): FileNode => ({
  id: name,
  name,
  path: `/${name}`,
  type: 'file',
  children: null,
  url,
  mimeType: null,
});

/** Answers every GET with `body` (and its length). */
function serve(body: BodyInit, headers: Record<string, string> = {}) {
  const fetchMock = vi.fn(async () => new Response(body, { status: 200, headers }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** A minimal XLSX (Office Open XML spreadsheet) of inline-string and number cells, as Excel would read it. */
export function xlsx(rows: (string | number)[][]): Uint8Array {
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => (typeof v === 'number' ? `<c r="${col(ci)}${ri + 1}"><v>${v}</v></c>` : `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t>${v}</t></is></c>`)).join('')}</row>`)
    .join('');
  return zipSync({
    '[Content_Types].xml': strToU8(`${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    '_rels/.rels': strToU8(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sales" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`),
  });
}

/** A minimal DOCX: one heading-less document of plain paragraphs. */
export function docx(paragraphs: string[]): Uint8Array {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return zipSync({
    '[Content_Types].xml': strToU8(`${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`),
    '_rels/.rels': strToU8(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`),
    'word/document.xml': strToU8(`${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
  });
}

const bytes = (u: Uint8Array) => u.slice().buffer;

afterEach(() => vi.unstubAllGlobals());

describe('FilePreview', () => {
  it('shows a CSV as a table, its first row as the header', async () => {
    serve('city,people\n"Paris, FR",2100000\nLyon,520000\n');
    renderInApp(<FilePreview node={node('cities.csv')} onBack={() => undefined} />);
    const table = await screen.findByTestId('preview-table');
    expect(screen.getByTestId('file-preview').dataset.kind).toBe('csv');
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['city', 'people']);
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Paris, FR', '2100000', 'Lyon', '520000']);
  });

  it('shows an XLSX sheet as a table', async () => {
    serve(bytes(xlsx([['Region', 'Total'], ['North', 42], ['South', 7]])));
    renderInApp(<FilePreview node={node('sales.xlsx')} onBack={() => undefined} />);
    const table = await screen.findByTestId('preview-table', {}, { timeout: 5000 });
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Region', 'Total']);
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['North', '42', 'South', '7']);
  });

  it('shows a DOCX as HTML', async () => {
    serve(bytes(docx(['Quarterly report', 'Sales grew.'])));
    renderInApp(<FilePreview node={node('report.docx')} onBack={() => undefined} />);
    const doc = await screen.findByTestId('docx-preview', {}, { timeout: 5000 });
    expect([...doc.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['Quarterly report', 'Sales grew.']);
  });

  it("frames HTML from this server's URL, sandboxed without same-origin, without fetching it", () => {
    const fetchMock = serve('');
    renderInApp(<FilePreview node={node('page.html', '/api/v1/sessions/s1/workspace/raw?path=/page.html')} onBack={() => undefined} />);
    const frame = screen.getByTestId('html-preview') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(frame.getAttribute('src')).toBe('/api/v1/sessions/s1/workspace/raw?path=/page.html');
    expect(frame.getAttribute('srcdoc')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    // Active content is never opened top-level on Poco's origin.
    expect(screen.queryByTestId('file-open-new')).toBeNull();
  });

  it('shows HTML from presigned storage through srcdoc, sandboxed, under a policy that allows no server calls', async () => {
    serve('<!doctype html><h1>Hello</h1><script>fetch("/api/v1/sessions")</script>');
    renderInApp(<FilePreview node={node('page.html', 'https://s3.example/b/page.html?X-Amz-Signature=1')} onBack={() => undefined} />);
    const frame = (await screen.findByTestId('html-preview')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('allow-scripts');
    expect(frame.getAttribute('src')).toBeNull();
    const doc = frame.getAttribute('srcdoc')!;
    expect(doc.startsWith('<!doctype html><meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(doc).toContain("connect-src 'none'");
    expect(doc).toContain('<h1>Hello</h1>');
  });

  it('offers the download instead of a preview past the size cap, without reading the body', async () => {
    const fetchMock = serve('x', { 'Content-Length': String(30 * 1024 * 1024) });
    renderInApp(<FilePreview node={node('big.pdf')} onBack={() => undefined} />);
    const note = await screen.findByTestId('preview-too-large');
    expect(note.textContent).toContain('too large to preview (30 MB)');
    const link = within(note).getByTestId('preview-download');
    expect(link.getAttribute('href')).toBe('/raw/big.pdf?download=1');
    expect(link.getAttribute('download')).toBe('big.pdf');
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('offers the download for a file it cannot preview, without fetching it', () => {
    const fetchMock = serve('');
    renderInApp(<FilePreview node={node('site.zip')} onBack={() => undefined} />);
    const note = screen.getByTestId('preview-fallback');
    expect(within(note).getByTestId('preview-download').getAttribute('href')).toBe('/raw/site.zip?download=1');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('goes back to the tree', () => {
    serve('');
    const onBack = vi.fn();
    renderInApp(<FilePreview node={node('site.zip')} onBack={onBack} />);
    fireEvent.click(screen.getByRole('button', { name: 'Back to files' }));
    expect(onBack).toHaveBeenCalledOnce();
  });
});
