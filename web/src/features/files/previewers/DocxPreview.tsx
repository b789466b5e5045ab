// DOCX as HTML (issue 16): mammoth turns the document's structure (headings, paragraphs, lists, tables,
// pictures, links) into HTML, cleaned (sanitize.ts) before it joins the page. Loaded only when a DOCX
// is opened.
import './previewers.css';
import { useEffect, useState } from 'react';
import { PreviewStatus } from './PreviewStatus';
import { sanitizeHtml } from './sanitize';

type State = { status: 'loading' } | { status: 'ok'; html: string } | { status: 'error'; message: string };

export default function DocxPreview({ data, name }: { data: ArrayBuffer; name: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    // A new file mounts a new preview (keyed by its path), so this runs once per file.
    let cancelled = false;
    (async () => {
      try {
        // The prebuilt browser bundle: it reads an ArrayBuffer wherever it runs (the package's main
        // entry reads only paths and Buffers outside a bundler's browser field).
        const { default: mammoth } = await import('mammoth/mammoth.browser.js');
        const result = await mammoth.convertToHtml({ arrayBuffer: data.slice(0) });
        if (!cancelled) setState({ status: 'ok', html: sanitizeHtml(result.value) });
      } catch (e) {
        if (!cancelled) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [data]);

  if (state.status !== 'ok') return <PreviewStatus status={state} />;
  return (
    <article
      className="md docx-preview"
      data-testid="docx-preview"
      aria-label={name}
      // Cleaned by sanitizeHtml: structure, web links and embedded pictures only.
      dangerouslySetInnerHTML={{ __html: state.html }}
    />
  );
}
