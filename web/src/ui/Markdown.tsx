import './Markdown.css';
import { isValidElement, memo, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';

function textOf(node: ReactNode): string {
  if (node == null || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

const components: Components = {
  pre({ children }) {
    const child = (Array.isArray(children) ? children[0] : children) as ReactElement<{
      className?: string;
      children?: ReactNode;
    }>;
    const className = isValidElement(child) ? child.props.className ?? '' : '';
    const lang = /language-([\w+#.-]+)/.exec(className)?.[1] ?? null;
    const code = textOf(isValidElement(child) ? child.props.children : children).replace(/\n$/, '');
    return <CodeBlock code={code} lang={lang} />;
  },
  a({ href, children }) {
    return (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
  table({ children }) {
    return (
      // Focusable: a table wider than a phone scrolls sideways, by keyboard as well.
      <div className="table-wrap" tabIndex={0}>
        <table>{children}</table>
      </div>
    );
  },
  img({ src, alt }) {
    return <img src={typeof src === 'string' ? src : undefined} alt={alt ?? ''} loading="lazy" />;
  },
};

const plugins = [remarkGfm];

/** GFM Markdown; raw HTML is not rendered and unsafe URLs are dropped (react-markdown defaults). */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={`md ${className ?? ''}`}>
      <ReactMarkdown remarkPlugins={plugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
