import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import type { ComputerStep } from './computer';
import { ComputerPanel } from './ComputerPanel';
import { PLAY_INTERVAL_MS } from './timeline';

const NAVIGATE = 'mcp____poco_playwright__browser_navigate';
const SHOT = 'mcp____poco_playwright__browser_take_screenshot';
const page = { content: [{ type: 'text', text: '### Page state\n- Page URL: https://example.com/\n- Page Title: Example' }], isError: false, durationMs: 700 };

const bash = (id: string, command: string, out: string | null, isError = false): ComputerStep => ({
  kind: 'terminal',
  toolUseId: id,
  name: 'Bash',
  input: { command },
  output: out == null ? null : { content: out, isError, durationMs: 10 },
});
const browser = (id: string, name: string, input: Record<string, unknown>, output: ComputerStep['output'] = page): ComputerStep => ({
  kind: 'browser',
  toolUseId: id,
  name,
  input,
  output,
});

const steps: ComputerStep[] = [
  bash('tu1', 'pip install requests', 'Successfully installed requests'),
  browser('tu2', NAVIGATE, { url: 'https://example.com/' }),
  browser('tu3', SHOT, {}),
];

const view = () => screen.getByTestId('computer-view');
const rows = () => screen.getAllByTestId('computer-step');
const current = () => rows().find((r) => r.getAttribute('aria-current') === 'step')!;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ComputerPanel', () => {
  it('lists the steps oldest first and shows the newest large: its screenshot, fetched for that call only', async () => {
    const api = fakeApi({ 'GET /api/v1/sessions/s1/computer/browser/tu3': { tool_use_id: 'tu3', url: '/api/v1/sessions/s1/computer/browser/tu3/image' } });
    renderInApp(<ComputerPanel sessionId="s1" steps={steps} active={false} />);

    expect(screen.getByRole('heading', { name: 'Computer' })).toBeTruthy();
    expect(screen.getByTestId('computer-panel').textContent).toContain('3 steps');
    expect(rows().map((r) => [r.dataset.kind, r.dataset.toolUseId])).toEqual([
      ['terminal', 'tu1'],
      ['browser', 'tu2'],
      ['browser', 'tu3'],
    ]);
    expect(rows()[0].textContent).toContain('pip install requests');
    expect(rows()[1].textContent).toContain('navigate');
    expect(rows()[1].textContent).toContain('https://example.com/');
    // take_screenshot has no input to show: the page it acted on instead.
    expect(rows()[2].textContent).toContain('take screenshot');
    expect(rows()[2].textContent).toContain('https://example.com/');
    expect(current().dataset.toolUseId).toBe('tu3');

    expect(view().dataset.kind).toBe('browser');
    expect(within(view()).getByText('Browser · take screenshot')).toBeTruthy();
    const img = await within(view()).findByRole('img');
    expect(img.getAttribute('src')).toBe('/api/v1/sessions/s1/computer/browser/tu3/image');
    expect(img.getAttribute('alt')).toBe('The browser after take screenshot: https://example.com/');
    expect(api.calls.map((c) => c.url)).toEqual(['/api/v1/sessions/s1/computer/browser/tu3']);
    expect(screen.getByTestId('computer-position').textContent).toBe('3 / 3');
    expect(screen.queryByTestId('computer-live')).toBeNull(); // finished: nothing to follow
  });

  it('shows a terminal step as the command after a prompt, with its output', () => {
    fakeApi({});
    renderInApp(<ComputerPanel sessionId="s1" steps={[bash('tu1', 'ls /nope', 'ls: cannot access', true)]} active={false} />);
    expect(view().dataset.kind).toBe('terminal');
    expect(within(view()).getByText('Terminal')).toBeTruthy();
    expect(view().querySelector('.terminal-cmd')!.textContent).toBe('$ ls /nope');
    const out = within(view()).getByTestId('tool-card-output');
    expect(out.dataset.state).toBe('error');
    expect(out.textContent).toContain('ls: cannot access');
    expect(rows()[0].dataset.state).toBe('error');
    // One step: nothing to move through.
    expect((screen.getByTestId('computer-prev') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('computer-next') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('computer-scrubber') as HTMLInputElement).disabled).toBe(true);
  });

  it('moves through the steps with previous and next, the scrubber and the list', () => {
    fakeApi({});
    renderInApp(<ComputerPanel sessionId="s1" steps={steps} active={false} />);
    const prev = screen.getByTestId('computer-prev') as HTMLButtonElement;
    const next = screen.getByTestId('computer-next') as HTMLButtonElement;
    const scrubber = screen.getByTestId('computer-scrubber') as HTMLInputElement;
    expect(next.disabled).toBe(true);
    expect(scrubber.value).toBe('3');

    fireEvent.click(prev);
    expect(current().dataset.toolUseId).toBe('tu2');
    expect(view().dataset.toolUseId).toBe('tu2');
    expect(scrubber.value).toBe('2');
    expect(scrubber.getAttribute('aria-valuetext')).toBe('Step 2 of 3: Browser · navigate');
    fireEvent.click(prev);
    expect(view().dataset.kind).toBe('terminal');
    expect(view().getAttribute('aria-label')).toBe('Step 1: Terminal');
    expect(prev.disabled).toBe(true);

    fireEvent.change(scrubber, { target: { value: '2' } });
    expect(view().dataset.toolUseId).toBe('tu2');
    expect(screen.getByTestId('computer-position').textContent).toBe('2 / 3');
    fireEvent.click(rows()[0]);
    expect(view().dataset.toolUseId).toBe('tu1');
    fireEvent.click(next);
    fireEvent.click(next);
    expect(view().dataset.toolUseId).toBe('tu3');
    expect(next.disabled).toBe(true);
  });

  it('follows new steps while on the newest, and stays on a chosen one until asked for the latest', () => {
    fakeApi({});
    const running = [...steps.slice(0, 2), bash('tu3', 'sleep 1', null)];
    const { rerender } = renderInApp(<ComputerPanel sessionId="s1" steps={running} active />);
    expect(screen.getByTestId('computer-live').textContent).toBe('Live');
    expect(current().dataset.state).toBe('running');
    expect(within(view()).getByTestId('tool-card-output').dataset.state).toBe('running');

    // A new step streams in: the view moves to it.
    const more = [...running, bash('tu4', 'echo done', 'done')];
    rerender(<ComputerPanel sessionId="s1" steps={more} active />);
    expect(view().dataset.toolUseId).toBe('tu4');

    // Chosen by hand: new steps no longer move the view.
    fireEvent.click(rows()[0]);
    expect(screen.queryByTestId('computer-live')).toBeNull();
    rerender(<ComputerPanel sessionId="s1" steps={[...more, bash('tu5', 'echo later', null)]} active />);
    expect(view().dataset.toolUseId).toBe('tu1');
    expect(screen.getByTestId('computer-position').textContent).toBe('1 / 5');

    fireEvent.click(screen.getByTestId('computer-latest'));
    expect(view().dataset.toolUseId).toBe('tu5');
    expect(screen.getByTestId('computer-live')).toBeTruthy();
    rerender(<ComputerPanel sessionId="s1" steps={[...more, bash('tu5', 'echo later', null), bash('tu6', 'ls', null)]} active />);
    expect(view().dataset.toolUseId).toBe('tu6');

    // Reaching the newest with the controls follows again.
    fireEvent.click(rows()[3]);
    fireEvent.click(screen.getByTestId('computer-next'));
    fireEvent.click(screen.getByTestId('computer-next'));
    expect(screen.getByTestId('computer-live')).toBeTruthy();
  });

  it('explains what it will show before the agent has used its browser or terminal', () => {
    fakeApi({});
    renderInApp(<ComputerPanel sessionId="s1" steps={[]} active />);
    expect(screen.getByTestId('computer-empty').textContent).toContain('No browser steps or terminal commands yet.');
    expect(screen.queryByTestId('computer-view')).toBeNull();
    expect(screen.queryByTestId('computer-controls')).toBeNull();
  });

  it('closes from its close button, which names what it hides', () => {
    fakeApi({});
    const onClose = vi.fn();
    renderInApp(<ComputerPanel sessionId="s1" steps={steps.slice(0, 1)} active={false} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Hide the computer (1 step)' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
  it('plays through the steps at a steady pace, pauses, and follows the newest again at the end', () => {
    vi.useFakeTimers();
    fakeApi({});
    const three = [bash('tu1', 'echo 1', '1'), bash('tu2', 'echo 2', '2'), bash('tu3', 'echo 3', '3')];
    renderInApp(<ComputerPanel sessionId="s1" steps={three} active />);
    const play = screen.getByTestId('computer-play');
    expect(play.getAttribute('aria-label')).toBe('Play the steps');
    fireEvent.click(play);
    // At the newest: play starts over from the first.
    expect(view().dataset.toolUseId).toBe('tu1');
    expect(play.getAttribute('aria-label')).toBe('Pause');
    expect(play.getAttribute('aria-pressed')).toBe('true');
    act(() => void vi.advanceTimersByTime(PLAY_INTERVAL_MS - 1));
    expect(view().dataset.toolUseId).toBe('tu1');
    act(() => void vi.advanceTimersByTime(1));
    expect(view().dataset.toolUseId).toBe('tu2');

    fireEvent.click(play); // pause
    act(() => void vi.advanceTimersByTime(PLAY_INTERVAL_MS * 3));
    expect(view().dataset.toolUseId).toBe('tu2');
    expect(screen.getByTestId('computer-latest')).toBeTruthy();

    fireEvent.click(play);
    act(() => void vi.advanceTimersByTime(PLAY_INTERVAL_MS));
    expect(view().dataset.toolUseId).toBe('tu3');
    expect(play.getAttribute('data-playing')).toBe('false');
    expect(screen.getByTestId('computer-live')).toBeTruthy(); // following the live run again
  });

  it('filters the timeline by kind, with the count of each', () => {
    fakeApi({});
    const mixed = [...steps, { kind: 'files' as const, toolUseId: 'tu4', name: 'Write', input: { file_path: '/workspace/report.csv', content: 'a,b' }, output: null }];
    renderInApp(<ComputerPanel sessionId="s1" steps={mixed} active={false} />);
    const options = screen.getAllByTestId('computer-filter-option');
    expect(options.map((o) => [o.dataset.filter, o.textContent])).toEqual([
      ['all', 'All 4'],
      ['terminal', 'Terminal 1'],
      ['browser', 'Browser 2'],
      ['files', 'Files 1'],
    ]);
    expect(screen.getByRole('button', { name: 'All 4' }).getAttribute('aria-pressed')).toBe('true');
    expect(view().dataset.kind).toBe('files');
    expect(within(view()).getByText('Files · Write')).toBeTruthy();
    expect(current().textContent).toContain('Write');

    fireEvent.click(screen.getByRole('button', { name: 'Browser 2' }));
    expect(rows().map((r) => r.dataset.toolUseId)).toEqual(['tu2', 'tu3']);
    expect(view().dataset.toolUseId).toBe('tu3');
    expect(screen.getByTestId('computer-position').textContent).toBe('2 / 2');
    fireEvent.click(screen.getByTestId('computer-prev'));
    expect(view().dataset.toolUseId).toBe('tu2');
    // Back to all: the chosen browser step stays.
    fireEvent.click(screen.getByRole('button', { name: 'All 4' }));
    expect(view().dataset.toolUseId).toBe('tu2');
    expect(screen.getByTestId('computer-position').textContent).toBe('2 / 4');
  });

  it('says so when no step is of the chosen kind', () => {
    fakeApi({});
    renderInApp(<ComputerPanel sessionId="s1" steps={steps.slice(0, 1)} active={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Browser 0' }));
    expect(screen.getByTestId('computer-empty').textContent).toBe('No steps of this kind yet.');
    expect(screen.queryByTestId('computer-controls')).toBeNull();
  });
});
