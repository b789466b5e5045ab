// KaTeX for Markdown math, in a chunk of its own (with its stylesheet and fonts): loaded by
// ui/math.ts only once a message contains math.

import 'katex/dist/katex.min.css';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import type { Options } from 'react-markdown';

export const remarkPlugins: NonNullable<Options['remarkPlugins']> = [remarkMath];
// A formula KaTeX cannot parse shows its source in the error colour instead of breaking the message.
export const rehypePlugins: NonNullable<Options['rehypePlugins']> = [[rehypeKatex, { throwOnError: false, strict: 'ignore' }]];
