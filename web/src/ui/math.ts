// Math in Markdown (`$…$` inline, `$$…$$` display), typeset by KaTeX. KaTeX, its stylesheet and fonts
// are a few hundred KB, so they load on first use, only for a message that looks like it has math.

import { useEffect, useState } from 'react';
import type { Options } from 'react-markdown';

export interface MathPlugins {
  remarkPlugins: NonNullable<Options['remarkPlugins']>;
  rehypePlugins: NonNullable<Options['rehypePlugins']>;
}

let loader: Promise<MathPlugins> | null = null;
let loaded: MathPlugins | null = null;

export function loadMath(): Promise<MathPlugins> {
  if (!loader) {
    loader = import('./katexPlugins').then((m) => {
      loaded = { remarkPlugins: m.remarkPlugins, rehypePlugins: m.rehypePlugins };
      return loaded;
    });
    // A failed load (offline) may be tried again by the next message.
    loader.catch(() => {
      loader = null;
    });
  }
  return loader;
}

// `$$…$$` anywhere, or `$…$` within a line (not opening with a space: "$ 5"). A false positive only costs
// loading KaTeX: remark-math decides what is math (and never inside code). Linear in the text's length.
const INLINE = /\$[^\s$][^$\n]*\$/;

export function hasMath(text: string): boolean {
  const open = text.indexOf('$');
  if (open < 0) return false;
  const display = text.indexOf('$$', open);
  if (display >= 0 && text.indexOf('$$', display + 3) > 0) return true;
  return INLINE.test(text);
}

/** The remark/rehype plugins for math when `text` has some (after KaTeX has loaded), else null. */
export function useMath(text: string, enabled: boolean): MathPlugins | null {
  const wanted = enabled && hasMath(text);
  const [plugins, setPlugins] = useState<MathPlugins | null>(() => (wanted ? loaded : null));
  useEffect(() => {
    if (!wanted || loaded) return;
    let live = true;
    loadMath()
      .then((p) => live && setPlugins(p))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [wanted]);
  return wanted ? (plugins ?? loaded) : null;
}
