import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTurns } from './turns';
import { assistantMsg, netEvent, refusedEvent, resultMsg, run, toolExec, toolResultMsg, userMsg } from '../../test/fixtures';
import { TurnView } from './Conversation';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

function renderTurns(...args: Parameters<typeof buildTurns>) {
  const turns = buildTurns(...args);
  return render(
    <div>
      {turns.map((t, i) => (
        <TurnView key={t.key} turn={t} active={i === turns.length - 1 && args[2].some((r) => r.status === 'running')} />
      ))}
    </div>,
  );
}

describe('conversation rendering', () => {
  it('renders user and assistant Markdown, with GFM tables', () => {
    renderTurns(
      [
        userMsg(1, 'Please **compare**'),
        assistantMsg(2, [{ _type: 'TextBlock', text: '| Name | Size |\n| --- | --- |\n| a.txt | 3 B |' }]),
      ],
      [],
      [],
    );
    const user = screen.getByTestId('message-user');
    expect(within(user).getByText('compare').tagName).toBe('STRONG');
    const assistant = screen.getByTestId('message-assistant');
    const table = within(assistant).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Name', 'Size']);
    expect(within(table).getByText('a.txt')).toBeTruthy();
  });

  it('renders fenced code with its language and a working copy button', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderTurns([assistantMsg(2, [{ _type: 'TextBlock', text: 'Run:\n\n```bash\nnpm test\n```' }])], [], []);
    const block = screen.getByTestId('code-block');
    expect(within(block).getByText('bash')).toBeTruthy();
    expect(block.querySelector('pre')?.textContent).toBe('npm test');
    fireEvent.click(within(block).getByTestId('code-copy'));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('npm test'));
  });

  it('keeps thinking collapsed by default', () => {
    renderTurns([assistantMsg(2, [{ _type: 'ThinkingBlock', thinking: 'secret plan', signature: 'x' }])], [], []);
    const details = screen.getByTestId('thinking') as HTMLDetailsElement;
    expect(details.tagName).toBe('DETAILS');
    expect(details.open).toBe(false);
  });

  it('shows the outcome in the footer and the run\'s usage under its prompt', () => {
    renderTurns([userMsg(1, 'go'), resultMsg(3)], [], [run({ status: 'completed' })]);
    const footer = screen.getByTestId('run-footer');
    expect(footer.dataset.outcome).toBe('completed');
    expect(footer.textContent).toContain('4 turns');
    expect(footer.textContent).not.toContain('$0.0123');
    const usage = screen.getByTestId('run-usage');
    expect(usage.textContent).toContain('$0.0123');
    expect(usage.textContent).toContain('12 s');
    expect(usage.textContent).toContain('1.2k in');
    expect(usage.textContent).toContain('345 out');
    expect(usage.getAttribute('aria-label')).toContain('Usage of this run');
  });

  it('keeps the usage in the footer of a turn without a prompt', () => {
    renderTurns([resultMsg(3)], [], []);
    expect(screen.queryByTestId('run-usage')).toBeNull();
    expect(screen.getByTestId('run-footer').textContent).toContain('$0.0123');
  });

  it('shows an error result as an error', () => {
    renderTurns([userMsg(1, 'go'), resultMsg(3, { subtype: 'error_max_turns', is_error: true, result: 'Hit the turn limit' })], [], []);
    const footer = screen.getByTestId('run-footer');
    expect(footer.dataset.outcome).toBe('failed');
    expect(footer.textContent).toContain('Hit the turn limit');
  });

  it('shows the error of a run that failed without a result', () => {
    renderTurns([userMsg(1, 'go')], [], [run({ status: 'failed', last_error: 'ANTHROPIC_API_KEY is not set' })]);
    expect(screen.getByTestId('run-footer').textContent).toContain('ANTHROPIC_API_KEY is not set');
  });

  it('hides system messages and tool-result-only user messages, and pairs results with calls', () => {
    renderTurns(
      [
        userMsg(1, 'list'),
        { ...assistantMsg(2, []), role: 'system', content: { _type: 'SystemMessage', subtype: 'init', data: {} } },
        assistantMsg(3, [{ _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'ls' } }]),
        toolResultMsg(4, 'tu1', 'a.txt\nb.txt'),
      ],
      [],
      [],
    );
    expect(screen.getAllByTestId('message-user')).toHaveLength(1);
    const card = screen.getByTestId('tool-card');
    expect(card.dataset.toolName).toBe('Bash');
    expect(card.dataset.state).toBe('done');
  });

  it('shows tool executions that started before their message arrived', () => {
    renderTurns([userMsg(1, 'go')], [toolExec({ tool_use_id: 'tu9', tool_name: 'Read', tool_input: { file_path: '/a.txt' } })], [run()]);
    const card = screen.getByTestId('tool-card');
    expect(card.dataset.toolName).toBe('Read');
    expect(card.dataset.state).toBe('running');
  });

  it('gives each tool card the connections its tool use opened', () => {
    renderTurns(
      [
        userMsg(1, 'install'),
        assistantMsg(2, [
          { _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'pip install requests' } },
          { _type: 'ToolUseBlock', id: 'tu2', name: 'Read', input: { file_path: '/w/a.txt' } },
        ]),
      ],
      [toolExec({ tool_use_id: 'tu3', tool_name: 'WebFetch', tool_input: { url: 'https://example.com' } })],
      [run()],
      [netEvent(1, { tool_use_id: 'tu1' }), refusedEvent(2, { tool_use_id: 'tu1' }), netEvent(3, { tool_use_id: 'tu3' }), netEvent(4, { tool_use_id: null })],
    );
    const cards = screen.getAllByTestId('tool-card');
    expect(cards.map((c) => c.dataset.toolName)).toEqual(['Bash', 'Read', 'WebFetch']);
    const words = (card: HTMLElement) => Array.from(card.querySelectorAll('.tool-net-full')).map((x) => x.textContent);
    expect(words(cards[0])).toEqual(['2 connections', '1 refused']);
    expect(within(cards[1]).queryByTestId('tool-network-chips')).toBeNull();
    expect(words(cards[2])).toEqual(['1 connection']);
  });
});

describe('browser steps in a turn', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fetch the screenshot of the session's own call when its card is opened", async () => {
    const api = fakeApi({
      'GET /api/v1/sessions/s1/computer/browser/tu7': { tool_use_id: 'tu7', url: '/api/v1/sessions/s1/computer/browser/tu7/image' },
    });
    const turns = buildTurns(
      [
        userMsg(1, 'open example.com'),
        assistantMsg(2, [{ _type: 'ToolUseBlock', id: 'tu7', name: 'mcp____poco_playwright__browser_navigate', input: { url: 'https://example.com/' } }]),
        toolResultMsg(3, 'tu7', 'Page URL: https://example.com/'),
      ],
      [],
      [],
    );
    renderInApp(<TurnView turn={turns[0]} active={false} sessionId="s1" />);
    fireEvent.click(screen.getByTestId('tool-card-toggle'));
    expect((await screen.findByRole('img')).getAttribute('src')).toBe('/api/v1/sessions/s1/computer/browser/tu7/image');
    expect(api.calls.map((c) => c.url)).toEqual(['/api/v1/sessions/s1/computer/browser/tu7']);
  });
});
