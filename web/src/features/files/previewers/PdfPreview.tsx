// PDF preview (issue 16): pdf.js draws each page on a canvas, with its text layer on top so the text can be
// selected, searched and read aloud. Loaded only when a PDF is opened; its worker is a separate file
// Vite bundles (no CDN).
import './previewers.css';
import { useEffect, useRef, useState } from 'react';
import { translate, useLang, useT } from '../../../i18n';
import { PreviewStatus } from './PreviewStatus';

/** Pages drawn at most; a longer document says so and offers the download. */
export const MAX_PDF_PAGES = 50;

type State = { status: 'loading' } | { status: 'ok'; pages: number; shown: number } | { status: 'error'; message: string };

export default function PdfPreview({ data, name }: { data: ArrayBuffer; name: string }) {
  const t = useT();
  const lang = useLang();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    const container = host.current;
    if (!container) return;
    (async () => {
      try {
        const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        // pdf.js hands the bytes to its worker (detaching them): give it a copy.
        const task = pdfjs.getDocument({ data: new Uint8Array(data.slice(0)), isEvalSupported: false });
        destroy = () => void task.destroy();
        const doc = await task.promise;
        if (cancelled) return;
        const shown = Math.min(doc.numPages, MAX_PDF_PAGES);
        const width = Math.max(240, container.clientWidth - 16);
        for (let n = 1; n <= shown && !cancelled; n++) {
          const page = await doc.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const scale = width / base.width;
          const viewport = page.getViewport({ scale });
          const ratio = window.devicePixelRatio || 1;
          const wrap = document.createElement('div');
          wrap.className = 'pdf-page';
          wrap.dataset.testid = 'pdf-page';
          wrap.dataset.page = String(n);
          wrap.setAttribute('role', 'group');
          wrap.setAttribute('aria-label', translate(lang, 'files.pdfPage', { n, total: doc.numPages }));
          wrap.style.width = `${viewport.width}px`;
          wrap.style.height = `${viewport.height}px`;
          wrap.style.setProperty('--scale-factor', String(scale));
          wrap.style.setProperty('--total-scale-factor', String(scale));
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width * ratio);
          canvas.height = Math.floor(viewport.height * ratio);
          canvas.style.width = `${viewport.width}px`;
          canvas.style.height = `${viewport.height}px`;
          canvas.setAttribute('aria-hidden', 'true');
          const text = document.createElement('div');
          text.className = 'textLayer';
          wrap.append(canvas, text);
          container.append(wrap);
          await page.render({
            canvas,
            viewport,
            transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
          }).promise;
          if (cancelled) return;
          await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
          wrap.dataset.rendered = 'true';
        }
        if (!cancelled) setState({ status: 'ok', pages: doc.numPages, shown });
      } catch (e) {
        if (!cancelled) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
      container.replaceChildren();
    };
  }, [data, lang]);

  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-state={state.status} aria-label={name} role="document">
      {state.status !== 'ok' && <PreviewStatus status={state} />}
      <div className="pdf-pages" ref={host} />
      {state.status === 'ok' && state.shown < state.pages && (
        <div className="preview-note" data-testid="preview-truncated">
          {t('files.pdfTruncated', { shown: state.shown, total: state.pages })}
        </div>
      )}
    </div>
  );
}
