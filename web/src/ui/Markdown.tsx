import './Markdown.css';
import { isValidElement, memo, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { useMath, type MathPlugins } from './math';

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

type Plugins = NonNullable<Options['remarkPlugins']>;
const plugins: Plugins = [remarkGfm];
const withMath = new WeakMap<MathPlugins, Plugins>();

/**
 * GFM Markdown; raw HTML is not rendered and unsafe URLs are dropped (react-markdown defaults). With `math`,
 * `$…$` and `$$…$$` are typeset by KaTeX (loaded when the text has some; until then they show as written).
 */
export const Markdown = memo(function Markdown({ text, className, math = false }: { text: string; className?: string; math?: boolean }) {
  const mathPlugins = useMath(text, math);
  let remarkPlugins = plugins;
  if (mathPlugins) {
    // One list per plugin set, so react-markdown's processor sees the same plugins on every render.
    remarkPlugins = withMath.get(mathPlugins) ?? [...plugins, ...mathPlugins.remarkPlugins];
    withMath.set(mathPlugins, remarkPlugins);
  }
  return (
    <div className={`md ${className ?? ''}`}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={mathPlugins?.rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
