import './FilesPanel.css';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FileNode } from '../../api/types';
import { useT } from '../../i18n';
import { extension, formatBytes } from '../../lib/format';
import { langForPath } from '../../lib/highlight';
import { Icon, Spinner } from '../../ui/Icon';
import { HighlightedPre } from '../../ui/CodeBlock';
import { Markdown } from '../../ui/Markdown';
import { csvDelimiter, framesFromUrl, htmlWithCsp, loadsAs, previewKind, previewLimit } from './preview';
import type { TableSource } from './previewers/TablePreview';

export { MAX_PREVIEW_BYTES, previewKind, type PreviewKind } from './preview';

// The heavy previewers load only when a file of their kind is opened (the first page stays small).
const PdfPreview = lazy(() => import('./previewers/PdfPreview'));
const TablePreview = lazy(() => import('./previewers/TablePreview'));
const DocxPreview = lazy(() => import('./previewers/DocxPreview'));

export function downloadUrl(url: string): string {
  // A presigned storage URL (absolute, another host) is signed as it is: a parameter added to it breaks the
  // signature. The <a download> attribute asks for the download instead.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

type Loaded =
  | { status: 'loading' }
  | { status: 'ok'; bytes: ArrayBuffer; text: string | null }
  | { status: 'too-large'; size: number }
  | { status: 'binary' }
  | { status: 'error'; message: string };

/** The file's bytes (and text, for the text kinds), unless it is past `limit`: then only its size. */
function useFileBytes(url: string | null, as: 'text' | 'bytes' | null, limit: number): Loaded {
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (!url || !as) return;
    const ctl = new AbortController();
    setState({ status: 'loading' });
    (async () => {
      try {
        const res = await fetch(url, { signal: ctl.signal, credentials: 'same-origin' });
        if (!res.ok) {
          let message = `HTTP ${res.status}`;
          try {
            const body = await res.json();
            if (body && typeof body.message === 'string') message = body.message;
          } catch {
            /* not JSON */
          }
          setState({ status: 'error', message });
          return;
        }
        const length = Number(res.headers.get('Content-Length') ?? '');
        if (Number.isFinite(length) && length > limit) {
          ctl.abort();
          setState({ status: 'too-large', size: length });
          return;
        }
        const buf = await res.arrayBuffer();
        if (buf.byteLength > limit) {
          setState({ status: 'too-large', size: buf.byteLength });
          return;
        }
        if (as === 'bytes') {
          setState({ status: 'ok', bytes: buf, text: null });
          return;
        }
        const text = new TextDecoder('utf-8').decode(buf);
        setState(looksBinary(text) ? { status: 'binary' } : { status: 'ok', bytes: buf, text });
      } catch (e) {
        if (!ctl.signal.aborted) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => ctl.abort();
  }, [url, as, limit]);
  return state;
}

export function FilePreview({ node, onBack, actions }: { node: FileNode; onBack: () => void; actions?: ReactNode }) {
  const t = useT();
  const kind = previewKind(node.name, node.mimeType);
  // HTML on this server is framed from its URL (its scripts run under the server's policy); nothing to fetch.
  const framed = kind === 'html' && framesFromUrl(node.url);
  const loaded = useFileBytes(node.url, framed ? null : loadsAs(kind), previewLimit(kind));
  const text = loaded.status === 'ok' ? loaded.text : null;
  const bytes = loaded.status === 'ok' ? loaded.bytes : null;
  const tableSource = useMemo<TableSource | null>(() => {
    if (kind === 'csv' && text != null) return { kind: 'csv', text, delimiter: csvDelimiter(node.name) };
    if (kind === 'xlsx' && bytes) return { kind: 'xlsx', data: bytes };
    return null;
  }, [kind, text, bytes, node.name]);
  const htmlDoc = useMemo(() => (kind === 'html' && text != null ? htmlWithCsp(text) : null), [kind, text]);
  const download = node.url ? (
    <a className="btn btn-small" href={downloadUrl(node.url)} download={node.name} data-testid="preview-download">
      <Icon name="download" size={14} /> {t('files.download')}
    </a>
  ) : null;
  const loadingNote = (
    <div className="preview-note">
      <Spinner size={14} /> {t('files.loading')}
    </div>
  );

  let body;
  if (!node.url) {
    body = <div className="preview-note">{t('files.noUrl')}</div>;
  } else if (kind === 'image') {
    body = <img className="preview-image" src={node.url} alt={node.name} />;
  } else if (kind === 'video') {
    body = <video className="preview-media" src={node.url} controls />;
  } else if (kind === 'audio') {
    body = <audio className="preview-audio" src={node.url} controls />;
  } else if (framed) {
    // No allow-same-origin: the page runs in an opaque origin, without Poco's cookies or storage; the
    // server sends it with a CSP that lets it call no server.
    body = (
      <iframe
        className="preview-frame"
        title={node.name}
        sandbox="allow-scripts"
        referrerPolicy="no-referrer"
        src={node.url!}
        data-testid="html-preview"
      />
    );
  } else if (kind === 'binary') {
    body = (
      <div className="preview-note preview-fallback" data-testid="preview-fallback">
        {t('files.binary')} {download}
      </div>
    );
  } else if (loaded.status === 'loading') {
    body = loadingNote;
  } else if (loaded.status === 'too-large') {
    body = (
      <div className="preview-note preview-fallback" data-testid="preview-too-large">
        {t('files.tooLarge', { size: formatBytes(loaded.size) })} {download}
      </div>
    );
  } else if (loaded.status === 'binary') {
    body = (
      <div className="preview-note preview-fallback" data-testid="preview-fallback">
        {t('files.binary')} {download}
      </div>
    );
  } else if (loaded.status === 'error') {
    body = <div className="inline-error" role="alert">{loaded.message}</div>;
  } else if (kind === 'html' && htmlDoc != null) {
    // From presigned storage: shown through srcdoc, sandboxed the same way, with the same CSP as a meta element.
    body = (
      <iframe
        className="preview-frame"
        title={node.name}
        sandbox="allow-scripts"
        referrerPolicy="no-referrer"
        srcDoc={htmlDoc}
        data-testid="html-preview"
      />
    );
  } else if (kind === 'markdown' && text != null) {
    body = <Markdown text={text} className="preview-md" />;
  } else if (kind === 'pdf' && bytes) {
    body = (
      <Suspense fallback={loadingNote}>
        <PdfPreview key={node.path} data={bytes} name={node.name} />
      </Suspense>
    );
  } else if (kind === 'docx' && bytes) {
    body = (
      <Suspense fallback={loadingNote}>
        <DocxPreview key={node.path} data={bytes} name={node.name} />
      </Suspense>
    );
  } else if (tableSource) {
    body = (
      <Suspense fallback={loadingNote}>
        <TablePreview key={node.path} source={tableSource} name={node.name} />
      </Suspense>
    );
  } else {
    body = <HighlightedPre code={text ?? ''} lang={langForPath(node.path)} className="plain-pre preview-code" />;
  }

  return (
    <div className="file-preview" data-testid="file-preview" data-path={node.path} data-kind={kind}>
      <div className="preview-head">
        <button type="button" className="icon-btn" onClick={onBack} aria-label={t('files.back')} title={t('files.back')}>
          <Icon name="chevronRight" className="flip" />
        </button>
        <div className="preview-title" title={node.path}>
          <span className="preview-name">{node.name}</span>
          <span className="preview-path">{node.path}</span>
        </div>
        {node.url && (
          <>
            {/* Active content (HTML, SVG) is never opened top-level on Poco's origin. */}
            {kind !== 'html' && extension(node.name) !== 'svg' && (
              <a className="icon-btn" href={node.url} target="_blank" rel="noopener noreferrer" aria-label={t('files.openNew')} title={t('files.openNew')} data-testid="file-open-new">
                <Icon name="external" />
              </a>
            )}
            <a className="icon-btn" href={downloadUrl(node.url)} download={node.name} aria-label={t('files.download')} title={t('files.download')} data-testid="file-download">
              <Icon name="download" />
            </a>
          </>
        )}
        {actions}
      </div>
      <div className="preview-body">{body}</div>
    </div>
  );
}
