import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ToolCard } from './ToolCard';
import { DEFAULT_RENDERER, toolRenderer } from './toolRenderers';
import { netEvent, refusedEvent } from '../../test/fixtures';

type Props = Parameters<typeof ToolCard>[0];

function open(name: string, input: Record<string, unknown>, output: Props['output'], active = false, network?: Props['network']) {
  render(<ToolCard name={name} input={input} output={output} active={active} network={network} />);
  const card = screen.getByTestId('tool-card');
  fireEvent.click(within(card).getByTestId('tool-card-toggle'));
  return card;
}

describe('ToolCard', () => {
  it('is collapsed by default and shows the one-line summary', () => {
    render(<ToolCard name="Bash" input={{ command: 'npm test\n--watch' }} output={null} active={false} />);
    const card = screen.getByTestId('tool-card');
    expect(card.dataset.toolName).toBe('Bash');
    expect(within(card).getByText('npm test')).toBeTruthy();
    expect(within(card).queryByTestId('tool-card-output')).toBeNull();
    expect(within(card).getByTestId('tool-card-toggle').getAttribute('aria-expanded')).toBe('false');
  });

  it('shows Bash as a terminal: $ command, then the output without ANSI codes', () => {
    const card = open('Bash', { command: 'ls -la' }, { content: '\u001b[32mok\u001b[0m\nfile.txt', isError: false, durationMs: 20 });
    const term = card.querySelector('.terminal')!;
    expect(term.querySelector('.terminal-cmd')?.textContent).toBe('$ ls -la');
    const out = within(card).getByTestId('tool-card-output');
    expect(out.textContent).toBe('ok\nfile.txt');
  });

  it('marks failed commands as errors', () => {
    const card = open('Bash', { command: 'false' }, { content: [{ type: 'text', text: 'exit 1' }], isError: true, durationMs: null });
    expect(card.dataset.state).toBe('error');
    expect(within(card).getByTestId('tool-card-output').dataset.state).toBe('error');
    expect(within(card).getByTestId('tool-card-output').textContent).toContain('exit 1');
  });

  it('shows Edit as a diff of old_string → new_string', () => {
    const card = open(
      'Edit',
      { file_path: '/w/src/app.ts', old_string: 'const a = 1;\nconst b = 2;', new_string: 'const a = 1;\nconst b = 3;' },
      { content: 'The file has been updated.', isError: false, durationMs: 5 },
    );
    expect(within(card).getByText('/w/src/app.ts')).toBeTruthy();
    const diff = within(card).getByTestId('tool-diff');
    const rows = Array.from(diff.children).map((r) => [r.className, r.textContent]);
    expect(rows).toEqual([
      ['diff-ctx', ' const a = 1;'],
      ['diff-del', '-const b = 2;'],
      ['diff-add', '+const b = 3;'],
    ]);
    expect(card.querySelector('.diffstat')?.textContent).toBe('+1 −1');
  });

  it('shows Write as the file it wrote, not its raw result text', () => {
    const card = open('Write', { file_path: '/w/hello.py', content: 'print("hi")\n' }, { content: 'File created successfully at: /w/hello.py', isError: false, durationMs: 1 });
    const file = within(card).getByTestId('tool-write-file');
    expect(file.textContent).toContain('/w/hello.py');
    expect(file.textContent).toContain('1 line');
    expect(file.textContent).not.toContain('1 lines');
    expect(card.querySelector('.file-content')?.textContent).toBe('print("hi")\n');
    expect(card.textContent).not.toContain('File created');
  });

  it('shows a long Write as its first lines, the rest on request', () => {
    const content = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    const card = open('Write', { file_path: '/w/long.txt', content }, { content: 'File created', isError: false, durationMs: 1 });
    expect(card.querySelector('.file-content')?.textContent).toContain('line 40');
    expect(card.querySelector('.file-content')?.textContent).not.toContain('line 41');
    fireEvent.click(within(card).getByText('Show all 100 lines'));
    expect(card.querySelector('.file-content')?.textContent).toContain('line 100');
  });

  it('shows a failed Write with its error', () => {
    const card = open('Write', { file_path: '/w/x.txt', content: 'x' }, { content: 'Permission denied', isError: true, durationMs: 1 });
    expect(within(card).getByTestId('tool-card-output').textContent).toContain('Permission denied');
  });

  it('keeps an answered AskUserQuestion open with the answer', () => {
    const questions = [{ question: 'Which color?', header: 'Color', options: [{ label: 'Red' }, { label: 'Blue' }], multiSelect: false }];
    render(
      <ToolCard
        name="AskUserQuestion"
        input={{ questions }}
        output={{ content: 'User has answered your questions: "Which color?"="Blue". You can now continue.', isError: false, durationMs: 1 }}
        active={false}
      />,
    );
    expect(screen.getByTestId('tool-card-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('tool-answer').textContent).toBe('Blue');
  });

  it('keeps an approved plan in the history, marked approved', () => {
    render(<ToolCard name="ExitPlanMode" input={{ plan: '1. Do it' }} output={{ content: 'User has approved your plan.', isError: false, durationMs: 1 }} active={false} />);
    expect(screen.getByTestId('tool-plan-outcome').dataset.approved).toBe('true');
    expect(screen.getByText('Do it')).toBeTruthy();
  });

  it('sums up AskUserQuestion by its first question', () => {
    const questions = [{ question: 'Which color?', header: 'Color', options: [{ label: 'Red' }], multiSelect: false }];
    render(<ToolCard name="AskUserQuestion" input={{ questions }} output={null} active />);
    expect(within(screen.getByTestId('tool-card')).getByText('Which color?')).toBeTruthy();
  });

  it('shows unknown tools as JSON input plus output', () => {
    const card = open('mcp__github__create_issue', { title: 'Bug', labels: ['x'] }, { content: 'created #12', isError: false, durationMs: 1 });
    expect(card.dataset.toolName).toBe('mcp__github__create_issue');
    expect(within(card).getByText('github › create_issue')).toBeTruthy();
    const json = card.querySelector('.tool-section pre')!.textContent!;
    expect(JSON.parse(json)).toEqual({ title: 'Bug', labels: ['x'] });
    expect(within(card).getByTestId('tool-card-output').textContent).toBe('created #12');
  });

  it('shows a spinner while a call has no output and the session is working', () => {
    const card = open('Read', { file_path: '/w/a.txt' }, null, true);
    expect(card.dataset.state).toBe('running');
    expect(card.querySelector('.tool-head .spinner')).toBeTruthy();
    expect(within(card).getByTestId('tool-card-output').dataset.state).toBe('running');
  });

  it('says interrupted (no spinner) when the session stopped without output', () => {
    const card = open('Read', { file_path: '/w/a.txt' }, null, false);
    expect(card.dataset.state).toBe('interrupted');
    expect(card.querySelector('.spinner')).toBeNull();
  });

  it('renders TodoWrite as a list', () => {
    const card = open(
      'TodoWrite',
      { todos: [{ content: 'Write tests', status: 'completed', activeForm: 'Writing tests' }, { content: 'Ship', status: 'in_progress', activeForm: 'Shipping' }] },
      { content: 'ok', isError: false, durationMs: 1 },
    );
    const items = within(card).getByTestId('todo-list').querySelectorAll('li');
    expect(Array.from(items).map((li) => [li.dataset.status, li.textContent])).toEqual([
      ['completed', 'Write tests'],
      ['in_progress', 'Shipping'],
    ]);
  });

  it('cuts long output and shows all on request', () => {
    const text = Array.from({ length: 250 }, (_, i) => `line ${i}`).join('\n');
    const card = open('Grep', { pattern: 'x' }, { content: text, isError: false, durationMs: 1 });
    const out = within(card).getByTestId('tool-card-output');
    expect(out.textContent).not.toContain('line 249');
    fireEvent.click(within(out).getByText('Show all 250 lines'));
    expect(out.textContent).toContain('line 249');
  });
});

/** The chips' words (phones show only the numbers; the words stay for screen readers). */
const chipWords = (root: HTMLElement = document.body) =>
  Array.from(root.querySelectorAll('[data-testid=tool-network-chips] .tool-net-full')).map((x) => x.textContent);

describe('ToolCard network', () => {
  const done = { content: 'ok', isError: false, durationMs: 900 };

  it('shows the connections of the call in its header, a refusal as a warning', () => {
    render(<ToolCard name="Bash" input={{ command: 'pip install requests' }} output={done} active={false} network={[netEvent(1), refusedEvent(2)]} />);
    expect(chipWords()).toEqual(['2 connections', '1 refused']);
    const refused = screen.getByTestId('tool-network-refused');
    expect(refused.classList.contains('is-refused')).toBe(true);
    // Not colour alone: the word and an icon.
    expect(refused.querySelector('svg')).not.toBeNull();
  });

  it('says nothing about the network when the call opened no connection, and no refusal when all were allowed', () => {
    const { rerender } = render(<ToolCard name="Bash" input={{ command: 'ls' }} output={done} active={false} />);
    expect(screen.queryByTestId('tool-network-chips')).toBeNull();
    rerender(<ToolCard name="Bash" input={{ command: 'ls' }} output={done} active={false} network={[netEvent(1)]} />);
    expect(chipWords()).toEqual(['1 connection']);
    expect(screen.queryByTestId('tool-network-refused')).toBeNull();
  });

  it('lists each connection in the body: method, host:port, allowed or refused with the reason, bytes, duration', () => {
    const card = open('Bash', { command: 'pip install requests' }, done, false, [netEvent(1), refusedEvent(2)]);
    const rows = within(within(card).getByTestId('tool-network')).getAllByTestId('network-row');
    expect(rows.map((r) => r.dataset.allowed)).toEqual(['true', 'false']);
    expect(rows[0].textContent).toContain('Allowed');
    expect(rows[0].textContent).toContain('CONNECT');
    expect(rows[0].textContent).toContain('pypi.org:443');
    expect(rows[0].textContent).toContain('2.1 KB sent');
    expect(rows[0].textContent).toContain('47 KB received');
    expect(rows[0].textContent).toContain('420 ms');
    expect(rows[0].textContent).toContain('allowlist entry pypi.org');
    expect(rows[1].classList.contains('is-refused')).toBe(true);
    expect(rows[1].textContent).toContain('Refused');
    expect(rows[1].textContent).toContain("tracker.example.net:443 is not in the run's allowlist");
    expect(rows[1].textContent).not.toContain('sent');
  });

  it('has no network section in the body of a call without connections', () => {
    const card = open('Bash', { command: 'ls' }, done);
    expect(within(card).getByTestId('tool-card-output')).toBeTruthy();
    expect(within(card).queryByTestId('tool-network')).toBeNull();
  });

  it('re-renders when a connection arrives, though the rest of the card is the same', () => {
    const input = { command: 'curl https://pypi.org' };
    const first = netEvent(1);
    const { rerender } = render(<ToolCard name="Bash" input={input} output={null} active network={[first]} />);
    expect(chipWords()).toEqual(['1 connection']);
    // The session regroups events into new arrays; the same records do not count as a change.
    rerender(<ToolCard name="Bash" input={input} output={null} active network={[first, refusedEvent(2)]} />);
    expect(chipWords()).toEqual(['2 connections', '1 refused']);
  });
});

describe('toolRenderer', () => {
  it('gives tools without an entry, even ones named like Object members, the default card', () => {
    for (const name of ['mcp__github__create_issue', 'constructor', 'toString']) {
      expect(toolRenderer(name)).toBe(DEFAULT_RENDERER);
    }
    const card = open('constructor', { title: 'x' }, { content: 'done', isError: false, durationMs: null });
    expect(within(card).getByText('x')).toBeTruthy();
    expect(card.querySelector('.tool-section')).not.toBeNull();
  });

  it('fills what an entry leaves out from the default', () => {
    const bashOutput = toolRenderer('BashOutput');
    expect(bashOutput.icon).toBe('terminal');
    expect(bashOutput.Body).toBe(DEFAULT_RENDERER.Body);
    expect(bashOutput.summary({ bash_id: 'b1' }, (k) => k)).toBe('b1');
  });
});
