// Line diff for Edit/MultiEdit cards: longest common subsequence on lines, which is plenty for the
// small snippets an edit replaces. Very large inputs fall back to "all removed, all added".

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

const MAX_CELLS = 400_000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');

  // Trim the common head and tail first; most edits touch a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const out: DiffLine[] = a.slice(0, head).map((text) => ({ op: ' ', text }));
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);

  if (am.length * bm.length > MAX_CELLS) {
    am.forEach((text) => out.push({ op: '-', text }));
    bm.forEach((text) => out.push({ op: '+', text }));
  } else {
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (am[i] === bm[j]) {
        out.push({ op: ' ', text: am[i] });
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.push({ op: '-', text: am[i++] });
      } else {
        out.push({ op: '+', text: bm[j++] });
      }
    }
    while (i < n) out.push({ op: '-', text: am[i++] });
    while (j < m) out.push({ op: '+', text: bm[j++] });
  }
  a.slice(a.length - tail).forEach((text) => out.push({ op: ' ', text }));
  return out;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === '+') added++;
    else if (l.op === '-') removed++;
  }
  return { added, removed };
}

/**
 * The lines of a unified diff (git's), for display: `+`/`-` lines added and removed, everything else
 * (file and hunk headers, context) as context, without its first column when it is a context line.
 */
export function unifiedLines(text: string): DiffLine[] {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines
    .filter((l, i) => l !== '' || i < lines.length - 1)
    .map((l): DiffLine => {
      if (l.startsWith('+') && !l.startsWith('+++ ')) return { op: '+', text: l.slice(1) };
      if (l.startsWith('-') && !l.startsWith('--- ')) return { op: '-', text: l.slice(1) };
      return { op: ' ', text: l.startsWith(' ') ? l.slice(1) : l };
    });
}
