import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { Composer, type Draft } from './Composer';

const fetchMock = vi.fn();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(async (url: string) => {
    if (url === '/api/v1/models') {
      return jsonResponse({ code: 0, message: 'ok', data: { default_model: 'sonnet', model_list: ['sonnet', 'opus'] } });
    }
    if (url === '/api/v1/attachments/upload') {
      return jsonResponse({ code: 0, message: 'ok', data: { id: 'f1', type: 'file', name: 'a.txt', source: 'k', size: 3, content_type: 'text/plain', path: null } });
    }
    return jsonResponse({ code: 40400, message: 'nope', data: null }, 404);
  });
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

function setup() {
  const drafts: Draft[] = [];
  const onSubmit = vi.fn(async (d: Draft) => {
    drafts.push(d);
    return true;
  });
  renderInApp(<Composer onSubmit={onSubmit} placeholder="Describe a task…" />);
  const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
  return { drafts, onSubmit, input };
}

const type = (input: HTMLTextAreaElement, value: string) => fireEvent.change(input, { target: { value } });
const key = (input: HTMLTextAreaElement, k: string, opts: Record<string, unknown> = {}) => fireEvent.keyDown(input, { key: k, ...opts });

describe('Composer', () => {
  it('sends on Enter, not on Shift+Enter, and clears', async () => {
    const { drafts, input } = setup();
    type(input, 'first line');
    key(input, 'Enter', { shiftKey: true });
    expect(drafts).toHaveLength(0);
    await act(async () => key(input, 'Enter'));
    expect(drafts).toEqual([{ prompt: 'first line', files: [], plan: false }]);
    expect(input.value).toBe('');
  });

  it('does not send while an IME composition is open', async () => {
    const { drafts, input } = setup();
    type(input, '你好');
    await act(async () => key(input, 'Enter', { isComposing: true, keyCode: 229 }));
    expect(drafts).toHaveLength(0);
  });

  it('sends plan mode and a non-default model only', async () => {
    const { drafts, input } = setup();
    const select = (await screen.findByTestId('composer-model')) as HTMLSelectElement;
    type(input, 'a');
    await act(async () => fireEvent.click(screen.getByTestId('composer-send')));
    expect(drafts[0].model).toBeUndefined();
    fireEvent.change(select, { target: { value: 'opus' } });
    fireEvent.click(screen.getByTestId('composer-plan'));
    type(input, 'b');
    await act(async () => fireEvent.click(screen.getByTestId('composer-send')));
    expect(drafts[1]).toEqual({ prompt: 'b', files: [], plan: true, model: 'opus' });
  });

  it('offers no network choice unless asked to (a follow-up keeps its session\'s network)', async () => {
    const { drafts, input } = setup();
    await screen.findByTestId('composer-model');
    expect(screen.queryByTestId('composer-network')).toBeNull();
    type(input, 'follow-up');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0]).not.toHaveProperty('network');
  });

  it('walks the prompt history with ↑ and ↓ and restores the draft', async () => {
    const { input } = setup();
    for (const p of ['one', 'two']) {
      type(input, p);
      await act(async () => key(input, 'Enter'));
    }
    type(input, 'draft');
    input.setSelectionRange(0, 0);
    key(input, 'ArrowUp');
    expect(input.value).toBe('two');
    key(input, 'ArrowUp');
    expect(input.value).toBe('one');
    input.setSelectionRange(input.value.length, input.value.length);
    key(input, 'ArrowDown');
    expect(input.value).toBe('two');
    input.setSelectionRange(input.value.length, input.value.length);
    key(input, 'ArrowDown');
    expect(input.value).toBe('draft');
  });

  it('uploads attachments and sends them as input files', async () => {
    const { drafts, input } = setup();
    const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByTestId('composer-file-input'), { target: { files: [file] } });
    const chip = await screen.findByTestId('attachment-chip');
    await vi.waitFor(() => expect(chip.dataset.status).toBe('done'));
    expect(chip.textContent).toContain('a.txt');
    type(input, 'with file');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0].files).toEqual([{ id: 'f1', type: 'file', name: 'a.txt', source: 'k', size: 3, content_type: 'text/plain', path: null }]);
    expect(screen.queryByTestId('attachment-chip')).toBeNull();
  });

  it('shows a failed upload with its reason and lets it be removed', async () => {
    fetchMock.mockImplementation(async (url: string) =>
      url === '/api/v1/attachments/upload'
        ? jsonResponse({ code: 413, message: 'File too large', data: { max_bytes: 1 } }, 413)
        : jsonResponse({ code: 0, message: 'ok', data: { default_model: 's', model_list: [] } }),
    );
    setup();
    fireEvent.change(screen.getByTestId('composer-file-input'), { target: { files: [new File(['x'], 'big.bin')] } });
    const chip = await screen.findByTestId('attachment-chip');
    await vi.waitFor(() => expect(chip.dataset.status).toBe('error'));
    expect(chip.textContent).toContain('File too large');
    fireEvent.click(screen.getByRole('button', { name: 'Remove big.bin' }));
    expect(screen.queryByTestId('attachment-chip')).toBeNull();
  });
});

describe('Composer slash-command completion', () => {
  const suggestions = [
    { name: 'deploy', description: 'Ship it', argument_hint: '[env]', source: 'custom' },
    { name: 'pdf', description: 'Run skill: pdf', argument_hint: 'Describe the task for this skill', source: 'skill' },
    { name: 'review', description: 'Review the diff', argument_hint: null, source: 'custom' },
  ];
  beforeEach(() => {
    const base = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) =>
      url === '/api/v1/slash-commands/suggestions' ? jsonResponse({ code: 0, message: 'ok', data: suggestions }) : base(url, init),
    );
  });
  const options = () => screen.queryAllByTestId('slash-item');
  const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.textContent ?? '';

  it('opens on "/" at the start, filters as you type, and inserts with Enter without sending', async () => {
    const { drafts, input } = setup();
    type(input, '/');
    await screen.findByTestId('slash-menu');
    expect(options().map((o) => o.querySelector('.slash-name')?.textContent)).toEqual(['/deploy', '/pdf', '/review']);
    expect(options()[1].textContent).toContain('skill');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    type(input, '/re');
    expect(options()).toHaveLength(1);
    expect(selected()).toContain('/review');
    await act(async () => key(input, 'Enter'));
    expect(input.value).toBe('/review ');
    expect(drafts).toHaveLength(0);
    expect(screen.queryByTestId('slash-menu')).toBeNull();
    // With the list closed Enter sends again.
    type(input, '/review the login page');
    await act(async () => key(input, 'Enter'));
    expect(drafts.map((d) => d.prompt)).toEqual(['/review the login page']);
  });

  it('moves with the arrow keys (wrapping), picks with Tab; ↑ moves in the list instead of recalling the prompt history', async () => {
    const { input } = setup();
    pushHistoryFor(input);
    type(input, '/');
    await screen.findByTestId('slash-menu');
    expect(selected()).toContain('/deploy');
    key(input, 'ArrowDown');
    expect(selected()).toContain('/pdf');
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[1].id);
    key(input, 'ArrowDown');
    key(input, 'ArrowDown');
    expect(selected()).toContain('/deploy');
    key(input, 'ArrowUp');
    expect(selected()).toContain('/review');
    expect(input.value).toBe('/'); // not the history
    key(input, 'Tab');
    expect(input.value).toBe('/review ');
  });

  it('closes on Escape until the text changes, and does not open in the middle of a prompt', async () => {
    const { input } = setup();
    type(input, '/d');
    await screen.findByTestId('slash-menu');
    key(input, 'Escape');
    expect(screen.queryByTestId('slash-menu')).toBeNull();
    expect(input.value).toBe('/d');
    type(input, '/de');
    expect(await screen.findByTestId('slash-menu')).toBeTruthy();
    type(input, 'run /deploy');
    expect(screen.queryByTestId('slash-menu')).toBeNull();
    type(input, '/nothing-like-this');
    expect(screen.queryByTestId('slash-menu')).toBeNull();
  });
});

/** One prompt in the history, so ↑ would recall it if the list did not take the key. */
function pushHistoryFor(input: HTMLTextAreaElement) {
  localStorage.setItem('poco.promptHistory', JSON.stringify(['old prompt']));
  type(input, '');
}
