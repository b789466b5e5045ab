// What a converted document (DOCX through mammoth) may bring into Poco's page: its text structure,
// links to the web and embedded pictures; never scripts, handlers, styles, frames or ids (which could
// stand in for the app's own elements).

const KEEP = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'sub', 'sup', 'br', 'hr',
  'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'a', 'img', 'blockquote',
  'pre', 'code', 'span', 'div', 'dl', 'dt', 'dd',
]);
/** Dropped with everything inside them. */
const DROP = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'link', 'meta', 'base', 'form', 'noscript', 'template', 'svg', 'math']);
const SAFE_HREF = /^(https?:|mailto:|#)/i;
const SAFE_SRC = /^data:image\/(png|jpe?g|gif|webp|bmp);/i;

function clean(node: Element): void {
  for (const child of Array.from(node.children)) {
    const tag = child.tagName.toLowerCase();
    if (DROP.has(tag)) {
      child.remove();
      continue;
    }
    clean(child);
    if (!KEEP.has(tag)) {
      // Unknown element: keep its content, lose the element.
      child.replaceWith(...Array.from(child.childNodes));
      continue;
    }
    for (const attr of Array.from(child.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim();
      const ok =
        (name === 'href' && tag === 'a' && SAFE_HREF.test(value)) ||
        (name === 'src' && tag === 'img' && SAFE_SRC.test(value)) ||
        (name === 'alt' && tag === 'img') ||
        ((name === 'colspan' || name === 'rowspan') && (tag === 'td' || tag === 'th') && /^\d{1,3}$/.test(value));
      if (!ok) child.removeAttribute(attr.name);
    }
    if (tag === 'a' && child.getAttribute('href') && !child.getAttribute('href')!.startsWith('#')) {
      child.setAttribute('target', '_blank');
      child.setAttribute('rel', 'noopener noreferrer');
    }
  }
}

/** The HTML with only {@link KEEP}'s elements and their harmless attributes. */
export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}
