// A conversation as a file: Markdown (prompts, answers, each tool call summarised on one line) or a
// PNG of the conversation as it is shown. The image library loads only when an image is asked for.

import type { T } from '../../i18n';
import type { Turn, TurnItem } from '../conversation/turns';

/** A tool call's one-line summary, as its card shows it (toolRenderers' `toolSummary`). */
export type ToolSummary = (name: string, input: Record<string, unknown>, t: T) => string;

const MAX_SUMMARY = 200;

/** `text` as inline code, with a fence longer than any run of backticks inside it. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function toolLine(item: Extract<TurnItem, { kind: 'tool' }>, t: T, toolSummary: ToolSummary): string {
  let summary = toolSummary(item.name, item.input, t).replace(/\s+/g, ' ').trim();
  if (summary.length > MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY - 1)}…`;
  const outcome = item.output == null ? t('export.toolNoResult') : item.output.isError ? t('tool.error') : '';
  return `- **${item.name}**${summary ? ` ${inlineCode(summary)}` : ''}${outcome ? ` — ${outcome}` : ''}`;
}

function runOutcome(turn: Turn, t: T): string | null {
  const failed = turn.result ? turn.result.isError : turn.run?.status === 'failed';
  if (failed) {
    const why = (turn.result?.result ?? '').trim() || turn.run?.last_error || '';
    return `> **${t('run.failed')}**${why ? `: ${why.replace(/\n+/g, ' ')}` : ''}`;
  }
  if (!turn.result && turn.run?.status === 'canceled') return `> ${t('run.canceled')}`;
  return null;
}

/** The conversation as Markdown: a heading per prompt and answer, tool calls as a list of one-line summaries. */
export function conversationMarkdown(
  title: string,
  turns: readonly Turn[],
  t: T,
  toolSummary: ToolSummary,
  exportedAt = new Date(),
): string {
  const out: string[] = [`# ${title.replace(/\n+/g, ' ')}`, '', `_${t('export.exportedAt', { time: exportedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' })}_`];
  for (const turn of turns) {
    out.push('', '---', '');
    if (turn.prompt) {
      out.push(`## ${t('export.you')}`, '', turn.prompt.text.trim());
      if (turn.prompt.attachments.length) {
        out.push('', `${t('export.attachments')}: ${turn.prompt.attachments.map((f) => inlineCode(f.name)).join(', ')}`);
      }
      out.push('');
    }
    if (turn.items.length) out.push(`## ${t('export.assistant')}`, '');
    let inList = false;
    for (const item of turn.items) {
      if (item.kind === 'thinking') continue;
      if (item.kind === 'tool') {
        out.push(toolLine(item, t, toolSummary));
        inList = true;
        continue;
      }
      if (inList) out.push('');
      inList = false;
      out.push(item.text.trim(), '');
    }
    if (inList) out.push('');
    const outcome = runOutcome(turn, t);
    if (outcome) out.push(outcome, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** A file name from a title: no path or shell-awkward characters, never empty. */
export function exportFileName(title: string, ext: string): string {
  const base = title
    .replace(/[^\p{L}\p{N}._ -]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${base || 'conversation'}.${ext}`;
}

/** Has the browser save `blob` as `name` (a download, no new tab). */
export function downloadBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadMarkdown(title: string, turns: readonly Turn[], t: T, toolSummary: ToolSummary) {
  downloadBlob(new Blob([conversationMarkdown(title, turns, t, toolSummary)], { type: 'text/markdown;charset=utf-8' }), exportFileName(title, 'md'));
}

/** Browsers refuse canvases much taller than this (Chrome: 32,767 px per side in practice for toBlob). */
const MAX_CANVAS_SIDE = 32_000;

/** A PNG of `node` at its full height, on the page's background, without its buttons. */
export async function conversationImage(node: HTMLElement): Promise<Blob> {
  const { toBlob } = await import('html-to-image');
  const width = node.scrollWidth;
  const height = node.scrollHeight;
  const ratio = Math.max(0.25, Math.min(window.devicePixelRatio || 1, 2, MAX_CANVAS_SIDE / Math.max(1, height)));
  const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
  const blob = await toBlob(node, {
    width,
    height,
    pixelRatio: ratio,
    backgroundColor: background,
    // Icon buttons (copy) are for the page, not the picture.
    filter: (n) => !(n instanceof HTMLElement && (n.classList.contains('icon-btn') || n.dataset.exportSkip != null)),
  });
  if (!blob) throw new Error('empty image');
  return blob;
}

export async function downloadImage(node: HTMLElement, title: string) {
  downloadBlob(await conversationImage(node), exportFileName(title, 'png'));
}
