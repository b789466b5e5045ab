import { describe, expect, it } from 'vitest';
import { assistantMsg, resultMsg, toolExec, toolResultMsg, userMsg } from '../../test/fixtures';
import { buildTurns } from '../conversation/turns';
import { computerSteps, stepKind } from './computer';

const NAVIGATE = 'mcp____poco_playwright__browser_navigate';
const use = (id: string, name: string, input: Record<string, unknown>) => ({ _type: 'ToolUseBlock', id, name, input });

describe('computerSteps', () => {
  it('takes the browser, terminal and file calls of every turn, oldest first, with their outputs, and nothing else', () => {
    const messages = [
      userMsg(1, 'Look at the page'),
      assistantMsg(2, [
        { _type: 'TextBlock', text: 'Opening it.' },
        use('tu1', NAVIGATE, { url: 'https://example.com/' }),
        use('tu2', 'Read', { file_path: '/workspace/a.txt' }),
      ]),
      toolResultMsg(3, 'tu1', [{ type: 'text', text: '- Page URL: https://example.com/' }]),
      toolResultMsg(4, 'tu2', 'a'),
      assistantMsg(5, [use('tu3', 'Bash', { command: 'ls -la' }), use('tu5', 'WebFetch', { url: 'https://example.com/' })]),
      toolResultMsg(6, 'tu3', 'total 0', true),
      resultMsg(7),
      userMsg(8, 'Again'),
      assistantMsg(9, [use('tu4', 'mcp__playwright__browser_click', { element: 'Link', ref: 'e1' })]),
    ];
    const steps = computerSteps(buildTurns(messages, [], []));
    expect(steps.map((s) => [s.kind, s.toolUseId])).toEqual([
      ['browser', 'tu1'],
      ['files', 'tu2'],
      ['terminal', 'tu3'],
      ['browser', 'tu4'],
    ]);
    expect(steps[0].input).toEqual({ url: 'https://example.com/' });
    expect(steps[0].output?.isError).toBe(false);
    expect(steps[1].output).toMatchObject({ content: 'a', isError: false });
    expect(steps[2].output).toMatchObject({ content: 'total 0', isError: true });
    expect(steps[3].output).toBeNull(); // no result yet
  });

  it('includes a live call the messages do not carry yet, from its tool execution', () => {
    const messages = [userMsg(1, 'Go'), assistantMsg(2, [use('tu1', 'Bash', { command: 'echo one' })])];
    const live = toolExec({ id: 'te2', tool_use_id: 'tu2', tool_name: 'Bash', tool_input: { command: 'echo two' } });
    const steps = computerSteps(buildTurns(messages, [live], []));
    expect(steps.map((s) => s.input.command)).toEqual(['echo one', 'echo two']);
  });

  it('counts a call once even when a replayed message carries it again, and skips calls without an id', () => {
    const call = assistantMsg(2, [use('tu1', 'Bash', { command: 'ls' }), use('', 'Bash', { command: 'pwd' })]);
    const steps = computerSteps(buildTurns([userMsg(1, 'Go'), call, { ...call, id: 3 }], [], []));
    expect(steps.map((s) => s.toolUseId)).toEqual(['tu1']);
  });

  it("knows poco's browser tools, a user's own Playwright server's, Bash and the file tools", () => {
    expect(stepKind(NAVIGATE)).toBe('browser');
    expect(stepKind('mcp____poco_playwright__browser_take_screenshot')).toBe('browser');
    expect(stepKind('mcp__playwright__browser_snapshot')).toBe('browser');
    expect(stepKind('Bash')).toBe('terminal');
    for (const tool of ['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS']) {
      expect(stepKind(tool)).toBe('files');
    }
    for (const other of ['BashOutput', 'WebFetch', 'mcp__github__create_issue', 'mcp__playwright_x__browser_click', 'TodoWrite', 'Task']) {
      expect(stepKind(other)).toBeNull();
    }
  });
});
