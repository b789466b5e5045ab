import './FilesPanel.css';
import { useEffect, useState, type ReactNode } from 'react';
import type { FileNode } from '../../api/types';
import { useT } from '../../i18n';
import { extension, formatBytes } from '../../lib/format';
import { langForPath } from '../../lib/highlight';
import { Icon, Spinner } from '../../ui/Icon';
import { HighlightedPre } from '../../ui/CodeBlock';
import { Markdown } from '../../ui/Markdown';

export const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'ico', 'avif']);
const VIDEO = new Set(['mp4', 'webm', 'mov', 'ogv']);
const AUDIO = new Set(['mp3', 'wav', 'ogg', 'm4a', 'flac']);
const BINARY = new Set([
  'zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'jar', 'war', 'class', 'exe', 'dll', 'so', 'dylib', 'bin', 'o', 'a',
  'pyc', 'wasm', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'sqlite', 'db', 'woff', 'woff2', 'ttf', 'otf',
  'eot', 'psd', 'iso', 'dmg', 'parquet',
]);

export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'html' | 'markdown' | 'text' | 'binary';

export function previewKind(name: string, mime: string | null | undefined): PreviewKind {
  const ext = extension(name);
  const m = (mime ?? '').toLowerCase();
  if (IMAGE.has(ext) || m.startsWith('image/')) return 'image';
  if (VIDEO.has(ext) || m.startsWith('video/')) return 'video';
  if (AUDIO.has(ext) || m.startsWith('audio/')) return 'audio';
  if (ext === 'pdf' || m === 'application/pdf') return 'pdf';
  if (ext === 'html' || ext === 'htm' || m === 'text/html') return 'html';
  if (ext === 'md' || ext === 'markdown' || m === 'text/markdown') return 'markdown';
  if (BINARY.has(ext)) return 'binary';
  return 'text'; // sniffed for binary content after loading
}

export function downloadUrl(url: string): string {
  // A presigned storage URL (absolute, another host) is signed as it is: a parameter added to it breaks the
  // signature. The <a download> attribute asks for the download instead.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}download=1`;
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

type Loaded = { status: 'loading' } | { status: 'ok'; text: string } | { status: 'too-large'; size: number } | { status: 'binary' } | { status: 'error'; message: string };

function useFileText(url: string | null, enabled: boolean): Loaded {
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (!url || !enabled) return;
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
        if (Number.isFinite(length) && length > MAX_PREVIEW_BYTES) {
          ctl.abort();
          setState({ status: 'too-large', size: length });
          return;
        }
        const buf = await res.arrayBuffer();
        if (buf.byteLength > MAX_PREVIEW_BYTES) {
          setState({ status: 'too-large', size: buf.byteLength });
          return;
        }
        const text = new TextDecoder('utf-8').decode(buf);
        setState(looksBinary(text) ? { status: 'binary' } : { status: 'ok', text });
      } catch (e) {
        if (!ctl.signal.aborted) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => ctl.abort();
  }, [url, enabled]);
  return state;
}

export function FilePreview({ node, onBack, actions }: { node: FileNode; onBack: () => void; actions?: ReactNode }) {
  const t = useT();
  const kind = previewKind(node.name, node.mimeType);
  const needsText = kind === 'html' || kind === 'markdown' || kind === 'text';
  const loaded = useFileText(node.url, needsText);

  let body;
  if (!node.url) {
    body = <div className="preview-note">{t('files.noUrl')}</div>;
  } else if (kind === 'image') {
    body = <img className="preview-image" src={node.url} alt={node.name} />;
  } else if (kind === 'video') {
    body = <video className="preview-media" src={node.url} controls />;
  } else if (kind === 'audio') {
    body = <audio className="preview-audio" src={node.url} controls />;
  } else if (kind === 'binary' || kind === 'pdf') {
    body = <div className="preview-note">{t('files.binary')}</div>;
  } else if (loaded.status === 'loading') {
    body = (
      <div className="preview-note">
        <Spinner size={14} /> {t('files.loading')}
      </div>
    );
  } else if (loaded.status === 'too-large') {
    body = <div className="preview-note">{t('files.tooLarge', { size: formatBytes(loaded.size) })}</div>;
  } else if (loaded.status === 'binary') {
    body = <div className="preview-note">{t('files.binary')}</div>;
  } else if (loaded.status === 'error') {
    body = <div className="inline-error" role="alert">{loaded.message}</div>;
  } else if (kind === 'html') {
    // No allow-same-origin: the page cannot reach Poco's origin, cookies or storage.
    body = <iframe className="preview-frame" title={node.name} sandbox="allow-scripts" srcDoc={loaded.text} />;
  } else if (kind === 'markdown') {
    body = <Markdown text={loaded.text} className="preview-md" />;
  } else {
    body = <HighlightedPre code={loaded.text} lang={langForPath(node.path)} className="plain-pre preview-code" />;
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
