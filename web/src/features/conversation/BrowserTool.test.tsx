import { notifyManager } from '@tanstack/react-query';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translate } from '../../i18n';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';
import { ToolCard } from './ToolCard';
import { toolSummary } from './toolRenderers';

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
const NAVIGATE = 'mcp____poco_playwright__browser_navigate';
const CLICK = 'mcp____poco_playwright__browser_click';
const SHOT = 'GET /api/v1/sessions/s1/computer/browser/toolu_1';
const IMAGE = '/api/v1/sessions/s1/computer/browser/toolu_1/image';
const done = { content: [{ type: 'text', text: '### Page state\n- Page URL: https://example.com/\n- Page Title: Example' }], isError: false, durationMs: 800 };
const notReady = () => apiError(40400, 'Browser screenshot not ready', null, 404);

function openCard(name: string, input: Record<string, unknown>, output: typeof done | null = done) {
  renderInApp(<ToolCard name={name} input={input} output={output} active={output == null} sessionId="s1" toolUseId="toolu_1" />);
  const card = screen.getByTestId('tool-card');
  fireEvent.click(within(card).getByTestId('tool-card-toggle'));
  return card;
}

/**
 * Fakes the clock the retries run on. The query cache tells React on a zero-delay timer, which a
 * fake clock moves to 1 ms when it is set inside another timer; tell it on a microtask instead, so
 * moving the clock by exactly the retry delay is enough.
 */
function fakeClock() {
  vi.useFakeTimers();
  notifyManager.setScheduler(queueMicrotask);
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

afterEach(() => {
  notifyManager.setScheduler((callback) => setTimeout(callback, 0));
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('browser tool cards', () => {
  it('sum up a navigate by its URL, a click by its element, typing by element and text', () => {
    expect(toolSummary(NAVIGATE, { url: 'https://example.com/docs' }, t)).toBe('https://example.com/docs');
    expect(toolSummary(CLICK, { element: 'Sign in button', ref: 'e12' }, t)).toBe('Sign in button');
    expect(toolSummary('mcp____poco_playwright__browser_type', { element: 'Search box', ref: 'e3', text: 'poco\nmore' }, t)).toBe(
      'Search box  ·  "poco"',
    );
  });

  it('name the step in the head instead of the MCP name', () => {
    fakeApi({});
    renderInApp(<ToolCard name="mcp____poco_playwright__browser_take_screenshot" input={{}} output={null} active />);
    const head = screen.getByTestId('tool-card-toggle');
    expect(within(head).getByText('Browser · take screenshot')).toBeTruthy();
    expect(head.textContent).not.toContain('poco_playwright');
  });

  it("read a user's own Playwright server's steps the same way", () => {
    fakeApi({});
    renderInApp(<ToolCard name="mcp__playwright__browser_click" input={{ element: 'Sign in', ref: 'e2' }} output={null} active />);
    const head = screen.getByTestId('tool-card-toggle');
    expect(within(head).getByText('Browser · click')).toBeTruthy();
    expect(head.textContent).toContain('Sign in');
  });

  it('fetch the screenshot of their own call only once opened, and show it at card width, linking to full size', async () => {
    const api = fakeApi({ [SHOT]: { tool_use_id: 'toolu_1', url: IMAGE } });
    renderInApp(<ToolCard name={NAVIGATE} input={{ url: 'https://example.com/' }} output={done} active={false} sessionId="s1" toolUseId="toolu_1" />);
    expect(api.calls).toEqual([]); // collapsed: nothing fetched
    fireEvent.click(screen.getByTestId('tool-card-toggle'));

    const img = await screen.findByRole('img');
    expect(api.calls.map((c) => `${c.method} ${c.url}`)).toEqual([SHOT]);
    expect(img.getAttribute('src')).toBe(IMAGE);
    expect(img.getAttribute('alt')).toBe('The browser after navigate: https://example.com/');
    expect(img.getAttribute('loading')).toBe('lazy');
    const link = img.closest('a')!;
    expect(link.getAttribute('href')).toBe(IMAGE);
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('name the page a click acted on, as the MCP server reports it, in the alt text', async () => {
    fakeApi({ [SHOT]: { tool_use_id: 'toolu_1', url: IMAGE } });
    openCard(CLICK, { element: 'More information link', ref: 'e6' });
    expect((await screen.findByRole('img')).getAttribute('alt')).toBe('The browser after click: https://example.com/');
  });

  it('ask for no screenshot while the call has no result', () => {
    const api = fakeApi({ [SHOT]: { tool_use_id: 'toolu_1', url: IMAGE } });
    const card = openCard(NAVIGATE, { url: 'https://example.com/' }, null);
    expect(within(card).queryByTestId('browser-shot')).toBeNull();
    expect(api.calls).toEqual([]);
  });

  it('retry while the screenshot is not ready, then show it', async () => {
    fakeClock();
    let asked = 0;
    const api = fakeApi({ [SHOT]: () => (++asked < 3 ? notReady() : { tool_use_id: 'toolu_1', url: IMAGE }) });
    const card = openCard(NAVIGATE, { url: 'https://example.com/' });

    await advance(0);
    expect(api.calls).toHaveLength(1);
    expect(within(card).getByTestId('browser-shot').dataset.state).toBe('pending');
    await advance(499);
    expect(api.calls).toHaveLength(1); // first retry after 0.5 s, not sooner
    await advance(1);
    expect(api.calls).toHaveLength(2);
    await advance(1000);
    expect(api.calls).toHaveLength(3);
    expect(within(card).getByRole('img').getAttribute('src')).toBe(IMAGE);
  });

  it('say quietly that a step has no screenshot when it never becomes ready', async () => {
    fakeClock();
    const api = fakeApi({ [SHOT]: notReady });
    const card = openCard(NAVIGATE, { url: 'https://example.com/' });

    await advance(7000);
    expect(within(card).getByTestId('browser-shot').dataset.state).toBe('pending');
    await advance(500); // 0.5 + 1 + 2 + 4 s
    const shot = within(card).getByTestId('browser-shot');
    expect(shot.dataset.state).toBe('none');
    expect(shot.textContent).toBe('No screenshot for this step');
    expect(api.calls).toHaveLength(5);
    await advance(60_000);
    expect(api.calls).toHaveLength(5); // gives up
    expect(within(card).queryByRole('img')).toBeNull();
  });

  it('give up at once on an error other than "not ready"', async () => {
    const api = fakeApi({ [SHOT]: () => apiError(40300, 'Forbidden', null, 403) });
    const card = openCard(NAVIGATE, { url: 'https://example.com/' });
    expect((await within(card).findByText('No screenshot for this step')).dataset.state).toBe('none');
    expect(api.calls).toHaveLength(1);
  });
});
