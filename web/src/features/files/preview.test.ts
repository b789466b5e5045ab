import { describe, expect, it } from 'vitest';
import { parseCsv, tableWindow, cellText, MAX_TABLE_ROWS } from './previewers/table';
import { sanitizeHtml } from './previewers/sanitize';
import { csvDelimiter, framesFromUrl, HTML_PREVIEW_CSP, htmlWithCsp, loadsAs, MAX_PREVIEW_BYTES, previewKind, previewLimit } from './preview';

describe('choosing the previewer', () => {
  it('picks one by extension or type', () => {
    const cases: [string, string | null, string][] = [
      ['report.pdf', null, 'pdf'],
      ['x', 'application/pdf', 'pdf'],
      ['page.html', null, 'html'],
      ['page.HTM', null, 'html'],
      ['notes.md', null, 'markdown'],
      ['data.csv', null, 'csv'],
      ['data.tsv', null, 'csv'],
      ['x', 'text/csv', 'csv'],
      ['book.xlsx', null, 'xlsx'],
      ['x', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
      ['letter.docx', null, 'docx'],
      ['x', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
      ['chart.png', null, 'image'],
      ['logo.svg', 'image/svg+xml', 'image'],
      ['clip.mp4', null, 'video'],
      ['main.py', null, 'text'],
      ['Makefile', null, 'text'],
      // Old binary Office formats and archives: no previewer, the download instead.
      ['old.doc', null, 'binary'],
      ['old.xls', null, 'binary'],
      ['deck.pptx', null, 'binary'],
      ['site.zip', null, 'binary'],
    ];
    for (const [name, mime, kind] of cases) expect(previewKind(name, mime), `${name} ${mime}`).toBe(kind);
  });

  it('fetches text for the text kinds, bytes for the documents, and nothing for media the browser loads itself', () => {
    expect(['html', 'markdown', 'csv', 'text'].map((k) => loadsAs(k as never))).toEqual(['text', 'text', 'text', 'text']);
    expect(['pdf', 'xlsx', 'docx'].map((k) => loadsAs(k as never))).toEqual(['bytes', 'bytes', 'bytes']);
    expect(['image', 'video', 'audio', 'binary'].map((k) => loadsAs(k as never))).toEqual([null, null, null, null]);
  });

  it('caps the size it previews, higher for documents than for text', () => {
    expect(previewLimit('text')).toBe(MAX_PREVIEW_BYTES);
    expect(previewLimit('html')).toBe(MAX_PREVIEW_BYTES);
    expect(previewLimit('csv')).toBeGreaterThan(MAX_PREVIEW_BYTES);
    expect(previewLimit('pdf')).toBe(25 * 1024 * 1024);
    expect(previewLimit('xlsx')).toBe(10 * 1024 * 1024);
    expect(previewLimit('docx')).toBe(10 * 1024 * 1024);
    expect(csvDelimiter('a.tsv')).toBe('\t');
    expect(csvDelimiter('a.csv')).toBe(',');
  });

  it("frames HTML from this server's paths only", () => {
    expect(framesFromUrl('/api/v1/sessions/s1/workspace/raw?path=/a.html')).toBe(true);
    expect(framesFromUrl('https://s3.example/bucket/a.html?X-Amz-Signature=1')).toBe(false);
    expect(framesFromUrl('//evil.example/a.html')).toBe(false);
    expect(framesFromUrl(null)).toBe(false);
  });

  it('puts the restrictive policy ahead of all of an HTML page, after its doctype', () => {
    const meta = `<meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">`;
    expect(htmlWithCsp('<!DOCTYPE html>\n<html><script>x()</script>')).toBe(`<!DOCTYPE html>${meta}\n<html><script>x()</script>`);
    expect(htmlWithCsp('<h1>Hi</h1>')).toBe(`${meta}<h1>Hi</h1>`);
    expect(HTML_PREVIEW_CSP).toContain("connect-src 'none'");
    expect(HTML_PREVIEW_CSP).toContain("default-src 'none'");
    expect(HTML_PREVIEW_CSP).toContain("form-action 'none'");
    // The policy parses as the page's first element, in its head.
    const doc = new DOMParser().parseFromString(htmlWithCsp('<!doctype html><title>T</title><p>x'), 'text/html');
    expect(doc.head.firstElementChild?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
  });
});

describe('tables', () => {
  it('parses CSV by RFC 4180: quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, a BOM', () => {
    const text = '\ufeffname,note,n\r\n"Smith, J","said ""hi""\nthen left",3\r\nplain,,4\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'note', 'n'],
      ['Smith, J', 'said "hi"\nthen left', '3'],
      ['plain', '', '4'],
    ]);
    expect(parseCsv('a\tb\n1\t2', '\t')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,\n')).toEqual([['a', '']]);
    expect(parseCsv('1\n2\n3\n4\n', ',', 2)).toEqual([['1'], ['2']]);
  });

  it('shows the first row as the header and cuts a large table, saying so', () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 10 }, (_, i) => [`r${i}`, i]);
    const w = tableWindow(rows);
    expect(w.head).toEqual(['r0', '0']);
    expect(w.body).toHaveLength(MAX_TABLE_ROWS);
    expect(w.truncated).toBe(true);
    expect(w.totalRows).toBe(MAX_TABLE_ROWS + 10);

    const ragged = tableWindow([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
    expect(ragged.head).toEqual(['a', 'b', 'c', '']);
    expect(ragged.body).toEqual([['1', '', '', ''], ['1', '2', '3', '4']]);
    expect(ragged.truncated).toBe(false);
    expect(tableWindow([['a', 'b', 'c']], 10, 2)).toMatchObject({ head: ['a', 'b'], truncated: true, totalColumns: 3 });
  });

  it('writes spreadsheet cells as text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(3.5)).toBe('3.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date(Date.UTC(2026, 11, 4)))).toBe('2026-12-04');
    expect(cellText(new Date(Date.UTC(2026, 11, 4, 13, 5, 0)))).toBe('2026-12-04 13:05:00Z');
  });
});

describe("a converted document's HTML", () => {
  it('keeps structure, web links and embedded pictures, and drops scripts, handlers, styles, frames and ids', () => {
    const html = sanitizeHtml(
      '<h1 id="app" onclick="x()">Title</h1><p style="color:red">Text <a href="javascript:alert(1)">bad</a> <a href="https://example.com/">good</a></p>' +
        '<script>alert(1)</script><iframe src="https://evil"></iframe><img src="data:image/png;base64,AAAA" alt="pic" onerror="x()">' +
        '<img src="https://tracker/p.gif"><table><tr><td colspan="2">c</td></tr></table><custom>kept text</custom>',
    );
    expect(html).toBe(
      '<h1>Title</h1><p>Text <a>bad</a> <a href="https://example.com/" target="_blank" rel="noopener noreferrer">good</a></p>' +
        '<img src="data:image/png;base64,AAAA" alt="pic"><img><table><tbody><tr><td colspan="2">c</td></tr></tbody></table>kept text',
    );
  });
});
