// Syntax highlighting, loaded on first use in its own chunk so the first paint does not wait.

import { useEffect, useState } from 'react';
import { extension } from './format';

type Highlighter = (code: string, lang: string) => string | null;

let loader: Promise<Highlighter> | null = null;
let loaded: Highlighter | null = null;

export function loadHighlighter(): Promise<Highlighter> {
  if (!loader) {
    loader = import('./hljs').then((m) => {
      loaded = m.highlight;
      return m.highlight;
    });
  }
  return loader;
}

const MAX_HIGHLIGHT = 200_000;

/** Highlighted HTML for `code`, or null until (or unless) highlighting is available. */
export function useHighlight(code: string, lang: string | null | undefined): string | null {
  const l = lang ? normalizeLang(lang) : null;
  const [html, setHtml] = useState<string | null>(() => (l && loaded && code.length <= MAX_HIGHLIGHT ? loaded(code, l) : null));
  useEffect(() => {
    if (!l || code.length > MAX_HIGHLIGHT) {
      setHtml(null);
      return;
    }
    if (loaded) {
      setHtml(loaded(code, l));
      return;
    }
    let live = true;
    loadHighlighter()
      .then((h) => live && setHtml(h(code, l)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [code, l]);
  return html;
}

const ALIASES: Record<string, string> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  py: 'python',
  rb: 'ruby',
  rs: 'rust',
  kt: 'kotlin',
  kts: 'kotlin',
  yml: 'yaml',
  html: 'xml',
  htm: 'xml',
  svg: 'xml',
  vue: 'xml',
  md: 'markdown',
  toml: 'ini',
  cfg: 'ini',
  conf: 'ini',
  properties: 'ini',
  h: 'c',
  hpp: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  patch: 'diff',
  gradle: 'java',
  groovy: 'java',
  scss: 'css',
  less: 'css',
  jsonl: 'json',
  json5: 'json',
  text: 'plaintext',
  txt: 'plaintext',
};

export function normalizeLang(lang: string): string {
  const l = lang.toLowerCase().trim();
  return ALIASES[l] ?? l;
}

const FILE_LANGS = new Set([
  'bash', 'c', 'cpp', 'css', 'diff', 'dockerfile', 'go', 'ini', 'java', 'javascript', 'json',
  'kotlin', 'markdown', 'python', 'ruby', 'rust', 'sql', 'typescript', 'xml', 'yaml', 'php',
  'swift', 'csharp', 'makefile',
]);

/** Language for a file name, or null for plain text. */
export function langForPath(path: string): string | null {
  const name = path.split('/').pop()?.toLowerCase() ?? '';
  if (name === 'dockerfile') return 'dockerfile';
  if (name === 'makefile') return 'makefile';
  const ext = extension(name);
  if (!ext) return null;
  const l = normalizeLang(ext);
  if (l === 'cs') return 'csharp';
  return FILE_LANGS.has(l) ? l : null;
}
