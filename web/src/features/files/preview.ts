// Which previewer a workspace file gets, how it is loaded and how large it may be (issue 16, poco's
// Artifacts previews). Small and free of the previewers themselves: those (pdf.js, the spreadsheet
// reader, mammoth) load only when a file of their kind is opened.

import { extension } from '../../lib/format';

export type PreviewKind =
  | 'image'
  | 'video'
  | 'audio'
  | 'pdf'
  | 'html'
  | 'markdown'
  | 'csv'
  | 'xlsx'
  | 'docx'
  | 'text'
  | 'binary';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'ico', 'avif']);
const VIDEO = new Set(['mp4', 'webm', 'mov', 'ogv']);
const AUDIO = new Set(['mp3', 'wav', 'ogg', 'm4a', 'flac']);
const BINARY = new Set([
  'zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'jar', 'war', 'class', 'exe', 'dll', 'so', 'dylib', 'bin', 'o', 'a',
  'pyc', 'wasm', 'doc', 'xls', 'ppt', 'pptx', 'odt', 'ods', 'sqlite', 'db', 'woff', 'woff2', 'ttf', 'otf',
  'eot', 'psd', 'iso', 'dmg', 'parquet',
]);
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function previewKind(name: string, mime: string | null | undefined): PreviewKind {
  const ext = extension(name);
  const m = (mime ?? '').toLowerCase();
  if (IMAGE.has(ext) || m.startsWith('image/')) return 'image';
  if (VIDEO.has(ext) || m.startsWith('video/')) return 'video';
  if (AUDIO.has(ext) || m.startsWith('audio/')) return 'audio';
  if (ext === 'pdf' || m === 'application/pdf') return 'pdf';
  if (ext === 'html' || ext === 'htm' || m === 'text/html') return 'html';
  if (ext === 'md' || ext === 'markdown' || m === 'text/markdown') return 'markdown';
  if (ext === 'csv' || ext === 'tsv' || m === 'text/csv' || m === 'text/tab-separated-values') return 'csv';
  if (ext === 'xlsx' || ext === 'xlsm' || m === XLSX_MIME) return 'xlsx';
  if (ext === 'docx' || m === DOCX_MIME) return 'docx';
  if (BINARY.has(ext)) return 'binary';
  return 'text'; // sniffed for binary content after loading
}

/** What the preview needs fetched: the file's text, its bytes, or nothing (the browser loads the URL itself). */
export function loadsAs(kind: PreviewKind): 'text' | 'bytes' | null {
  switch (kind) {
    case 'html':
    case 'markdown':
    case 'csv':
    case 'text':
      return 'text';
    case 'pdf':
    case 'xlsx':
    case 'docx':
      return 'bytes';
    default:
      return null;
  }
}

const MB = 1024 * 1024;

/** The largest file previewed in place; past it the preview offers the download instead. */
export const MAX_PREVIEW_BYTES = 2 * MB;
const LIMITS: Partial<Record<PreviewKind, number>> = { csv: 5 * MB, pdf: 25 * MB, xlsx: 10 * MB, docx: 10 * MB };

export function previewLimit(kind: PreviewKind): number {
  return LIMITS[kind] ?? MAX_PREVIEW_BYTES;
}

/** The delimiter of a delimited text file: tabs for .tsv, commas otherwise. */
export function csvDelimiter(name: string): ',' | '\t' {
  return extension(name) === 'tsv' ? '\t' : ',';
}

/**
 * Whether an HTML file can be framed from its URL: a path on this server, whose raw endpoint sends the
 * file with {@link HTML_PREVIEW_CSP}'s limits and lets this origin frame it. Its scripts run there. A
 * presigned storage URL (another origin) is fetched and shown through `srcdoc` instead, where the
 * app's own policy also applies (no inline scripts: the page shows, its scripts do not run).
 */
export function framesFromUrl(url: string | null): url is string {
  return url != null && url.startsWith('/') && !url.startsWith('//');
}

/**
 * The policy an HTML preview runs under, on top of its sandbox (no allow-same-origin: an opaque origin
 * without Poco's cookies or storage). Its own inline scripts and styles run, and it may show pictures
 * and fonts from the web; it cannot call any server (fetch, XHR, WebSocket), submit a form, open
 * frames or move its base URL.
 */
export const HTML_PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' https:",
  "style-src 'unsafe-inline' https:",
  'img-src data: blob: https:',
  'font-src data: https:',
  'media-src data: blob: https:',
  "connect-src 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The HTML with {@link HTML_PREVIEW_CSP} as a meta element ahead of all its content (after a doctype,
 * which must stay first), so it governs every script and style of the page.
 */
export function htmlWithCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">`;
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  if (doctype) return doctype[0] + meta + html.slice(doctype[0].length);
  return meta + html;
}
