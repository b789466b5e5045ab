import './Markdown.css';
import { memo, useState } from 'react';
import { useT } from '../i18n';
import { copyText } from '../lib/clipboard';
import { useHighlight } from '../lib/highlight';
import { Icon } from './Icon';

export function CopyButton({ text, className }: { text: string; className?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={`icon-btn copy-btn ${className ?? ''}`}
      data-testid="code-copy"
      aria-label={copied ? t('code.copied') : t('code.copy')}
      title={copied ? t('code.copied') : t('code.copy')}
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }
      }}
    >
      <Icon name={copied ? 'check' : 'copy'} size={14} />
    </button>
  );
}

/** Fenced code: language label, copy button, highlighting once the highlighter has loaded. */
export const CodeBlock = memo(function CodeBlock({ code, lang }: { code: string; lang?: string | null }) {
  const html = useHighlight(code, lang);
  return (
    <div className="codeblock" data-testid="code-block">
      <div className="codeblock-head">
        <span className="codeblock-lang">{lang || 'text'}</span>
        <CopyButton text={code} />
      </div>
      {/* Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it too. */}
      <pre tabIndex={0}>
        {html != null ? (
          <code className={`hljs language-${lang}`} dangerouslySetInnerHTML={{ __html: html }} />
        ) : (
          <code>{code}</code>
        )}
      </pre>
    </div>
  );
});

/** Highlighted code without chrome (file previews, Write cards). */
export const HighlightedPre = memo(function HighlightedPre({
  code,
  lang,
  className,
}: {
  code: string;
  lang: string | null;
  className?: string;
}) {
  const html = useHighlight(code, lang);
  return (
    <pre className={className ?? 'plain-pre'} tabIndex={0}>
      {html != null ? <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} /> : <code>{code}</code>}
    </pre>
  );
});
