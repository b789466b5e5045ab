import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../i18n';
import { assistantMsg, resultMsg, run, toolResultMsg, userMsg } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { buildTurns } from '../conversation/turns';
import { toolSummary } from '../conversation/toolRenderers';
import { SearchPalette } from '../search/SearchPalette';
import { conversationMarkdown, exportFileName, inlineCode } from './conversationExport';
import { useConversationExport } from './useConversationExport';
import { Menu } from '../../ui/Menu';
import { useRef } from 'react';

afterEach(() => vi.unstubAllGlobals());

const at = new Date('2026-12-04T21:05:00Z');

function sampleTurns() {
  return buildTurns(
    [
      userMsg(1, 'Solve $x^2 = 4$ and list files', { attachments: [{ id: 'f1', type: 'file', name: 'notes.txt', source: 'k', size: 3 }] as never }),
      assistantMsg(2, [
        { _type: 'ThinkingBlock', thinking: 'private reasoning', signature: 's' },
        { _type: 'TextBlock', text: 'The roots are $x = \\pm 2$.' },
        { _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'ls -la && echo `date`' } },
        { _type: 'ToolUseBlock', id: 'tu2', name: 'Read', input: { file_path: '/w/missing.txt' } },
      ]),
      toolResultMsg(3, 'tu1', 'a.txt'),
      toolResultMsg(4, 'tu2', 'no such file', true),
      assistantMsg(5, [{ _type: 'TextBlock', text: '| f | size |\n| --- | --- |\n| a.txt | 3 |\n\n```python\nprint(1)\n```' }]),
      resultMsg(6),
      userMsg(7, 'Again'),
      resultMsg(8, { is_error: true, subtype: 'error_max_turns', result: 'Hit the turn limit' }),
    ],
    [],
    [run({ status: 'completed' })],
  );
}

describe('Markdown export', () => {
  it('writes prompts, answers and one line per tool call', () => {
    const md = conversationMarkdown('Roots & files', sampleTurns(), t, toolSummary, at);
    expect(md).toBe(
      [
        '# Roots & files',
        '',
        '_Exported from Poco, 2026-12-04 21:05 UTC_',
        '',
        '---',
        '',
        '## You',
        '',
        'Solve $x^2 = 4$ and list files',
        '',
        'Attachments: `notes.txt`',
        '',
        '## Assistant',
        '',
        'The roots are $x = \\pm 2$.',
        '',
        '- **Bash** `` ls -la && echo `date` ``',
        '- **Read** `/w/missing.txt` — Error',
        '',
        '| f | size |\n| --- | --- |\n| a.txt | 3 |\n\n```python\nprint(1)\n```',
        '',
        '---',
        '',
        '## You',
        '',
        'Again',
        '',
        '> **Run failed**: Hit the turn limit',
        '',
      ].join('\n'),
    );
    expect(md).not.toContain('private reasoning');
  });

  it('names the file after the title', () => {
    expect(exportFileName('Fix: the /login page?', 'md')).toBe('Fix-the-login-page.md');
    expect(exportFileName('数据库迁移', 'png')).toBe('数据库迁移.png');
    expect(exportFileName('???', 'md')).toBe('conversation.md');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
  });
});

function Harness() {
  const node = useRef<HTMLDivElement>(null);
  const items = useConversationExport('My task', sampleTurns(), node);
  return (
    <div ref={node}>
      <Menu label="More" items={items} testId="menu" />
    </div>
  );
}

describe('export actions', () => {
  it('downloads the Markdown from the session menu and from the command palette', async () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.stubGlobal('URL', Object.assign(Object.create(URL), { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: () => {} }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderInApp(
      <>
        <Harness />
        <SearchPalette onClose={() => {}} />
      </>,
    );
    fireEvent.click(screen.getByTestId('menu'));
    fireEvent.click(screen.getByTestId('export-markdown'));
    await waitFor(() => expect(names).toEqual(['My-task.md']));
    expect(await blobs[0].text()).toContain('## You\n\nSolve $x^2 = 4$');

    // The palette lists the page's actions with no query, and filters them by what is typed.
    const palette = screen.getByTestId('search-palette');
    await waitFor(() => expect(palette.textContent).toContain('Export as Markdown'));
    expect(palette.textContent).toContain('Export as image');
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'markdown' } });
    expect(palette.textContent).not.toContain('Export as image');
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await waitFor(() => expect(names).toEqual(['My-task.md', 'My-task.md']));
    expect(click).toHaveBeenCalledTimes(2);
  });
});
