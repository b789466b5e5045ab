import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { FakeXhr, installFakeXhr } from '../../test/fakeXhr';
import { Composer, type Draft } from './Composer';
import type { ComposerMode } from './modes';

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

const uploaded = { id: 'f1', type: 'file', name: 'a.txt', source: 'k', size: 3, content_type: 'text/plain', path: null };

function setup(props: { modes?: ComposerMode[]; newTask?: boolean; suggestions?: string[] } = {}) {
  const drafts: Draft[] = [];
  const onSubmit = vi.fn(async (d: Draft) => {
    drafts.push(d);
    return true;
  });
  renderInApp(<Composer onSubmit={onSubmit} placeholder="Describe a task…" {...props} />);
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
    fireEvent.click(screen.getByTestId('composer-mode'));
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

  it('uploads attachments with their progress and sends them as input files', async () => {
    installFakeXhr();
    const { drafts, input } = setup();
    const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
    fireEvent.change(screen.getByTestId('composer-file-input'), { target: { files: [file] } });
    const chip = await screen.findByTestId('attachment-chip');
    expect(chip.dataset.status).toBe('uploading');
    const xhr = FakeXhr.all[0];
    expect([xhr.method, xhr.url, xhr.fileName]).toEqual(['POST', '/api/v1/attachments/upload', 'a.txt']);
    act(() => xhr.progress(1, 2));
    expect(chip.textContent).toContain('50%');
    expect((screen.getByTestId('attachment-progress') as HTMLProgressElement).value).toBe(0.5);
    expect(screen.getByTestId('composer-send').hasAttribute('disabled')).toBe(true);
    await act(async () => xhr.ok(uploaded));
    expect(chip.dataset.status).toBe('done');
    expect(chip.textContent).toContain('a.txt');
    expect(screen.queryByTestId('attachment-progress')).toBeNull();
    type(input, 'with file');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0].files).toEqual([uploaded]);
    expect(screen.queryByTestId('attachment-chip')).toBeNull();
  });

  it('says once, in words, that a file is too big, and forgets it when the file is removed', async () => {
    installFakeXhr((xhr) => xhr.answer(413, { code: 40000, message: 'Upload is larger than MAX_UPLOAD_SIZE_MB (1 MB)', data: { max_bytes: 1048576, actual_bytes: 2097152 } }));
    setup();
    fireEvent.change(screen.getByTestId('composer-file-input'), { target: { files: [new File(['x'], 'big.bin')] } });
    const chip = await screen.findByTestId('attachment-chip');
    await vi.waitFor(() => expect(chip.dataset.status).toBe('error'));
    expect(chip.textContent).toContain('Failed');
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual(['“big.bin” is too large to attach (the limit is 1.0 MB).']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove big.bin' }));
    expect(screen.queryByTestId('attachment-chip')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names the reason when an upload fails for another one', async () => {
    installFakeXhr((xhr) => xhr.answer(500, { code: 50000, message: 'Storage is full', data: null }));
    setup();
    fireEvent.change(screen.getByTestId('composer-file-input'), { target: { files: [new File(['x'], 'n.txt')] } });
    expect((await screen.findByRole('alert')).textContent).toBe('Upload of n.txt failed: Storage is full');
  });

  it('uploads files pasted from the clipboard, and keeps pasted text as text', async () => {
    installFakeXhr((xhr) => xhr.ok({ ...uploaded, name: xhr.fileName }));
    const { input } = setup();
    const image = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
    const pasted = fireEvent.paste(input, { clipboardData: { files: [image], getData: () => '' } });
    expect(pasted).toBe(false); // the file is not also pasted as text
    const chip = await screen.findByTestId('attachment-chip');
    await vi.waitFor(() => expect(chip.dataset.status).toBe('done'));
    expect(FakeXhr.all.map((x) => x.fileName)).toEqual(['image.png']);
    expect(fireEvent.paste(input, { clipboardData: { files: [], getData: () => 'plain' } })).toBe(true);
    expect(FakeXhr.all).toHaveLength(1);
  });

  it('shows a drop zone while files are dragged over it and uploads what is dropped', async () => {
    installFakeXhr((xhr) => xhr.ok({ ...uploaded, name: xhr.fileName }));
    setup();
    const composer = screen.getByTestId('composer');
    const file = new File(['a,b'], 'data.csv', { type: 'text/csv' });
    const dataTransfer = { types: ['Files'], files: [file] };
    fireEvent.dragEnter(composer, { dataTransfer });
    expect(screen.getByTestId('composer-drop-zone').textContent).toBe('Drop files to attach');
    fireEvent.dragLeave(composer, { dataTransfer });
    expect(screen.queryByTestId('composer-drop-zone')).toBeNull();
    fireEvent.dragEnter(composer, { dataTransfer });
    fireEvent.drop(composer, { dataTransfer });
    expect(screen.queryByTestId('composer-drop-zone')).toBeNull();
    await vi.waitFor(() => expect(screen.getByTestId('attachment-chip').dataset.status).toBe('done'));
    expect(FakeXhr.all.map((x) => x.fileName)).toEqual(['data.csv']);
  });
});

describe('Composer modes', () => {
  const mode = () => screen.getByTestId('composer-mode').dataset.mode;
  const announced = () => screen.getByTestId('composer-mode-announcement').textContent;

  it('cycles task → plan → task with Shift+Tab on a follow-up, announces it, and sends plan mode', async () => {
    const { drafts, input } = setup();
    expect(mode()).toBe('task');
    expect(announced()).toBe('');
    const shiftTab = fireEvent.keyDown(input, { key: 'Tab', shiftKey: true });
    expect(shiftTab).toBe(false); // focus stays in the text box
    expect(mode()).toBe('plan');
    expect(screen.getByTestId('composer-mode').textContent).toContain('Plan');
    expect(announced()).toBe('Plan mode. Plan mode: the agent proposes a plan for approval before changing anything');
    type(input, 'plan it');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0]).toEqual({ prompt: 'plan it', files: [], plan: true });
    expect(mode()).toBe('plan'); // the mode stays for the next message
    key(input, 'Tab', { shiftKey: true });
    expect(mode()).toBe('task');
    // Tab alone is left to the browser (it moves the focus on)
    expect(fireEvent.keyDown(input, { key: 'Tab' })).toBe(true);
    expect(mode()).toBe('task');
  });

  it('offers the scheduled mode on a new task, which the draft says', async () => {
    const { drafts, input } = setup({ modes: ['task', 'plan', 'scheduled'] });
    key(input, 'Tab', { shiftKey: true });
    key(input, 'Tab', { shiftKey: true });
    expect(mode()).toBe('scheduled');
    expect(screen.getByTestId('composer-send').getAttribute('aria-label')).toBe('Schedule');
    expect(announced()).toContain('Scheduled mode');
    type(input, 'every morning');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0]).toEqual({ prompt: 'every morning', files: [], plan: false, scheduled: true });
    fireEvent.click(screen.getByTestId('composer-mode'));
    expect(mode()).toBe('task');
  });
});

describe('Composer on a new task: repository, browser and tools', () => {
  const mcpInstalls = [
    { id: 1, user_id: 'u', server_id: 7, enabled: true, created_at: 'x', updated_at: 'x' },
    { id: 2, user_id: 'u', server_id: 8, enabled: false, created_at: 'x', updated_at: 'x' },
  ];
  const skillInstalls = [{ id: 3, user_id: 'u', skill_id: 4, enabled: true, created_at: 'x', updated_at: 'x' }];
  beforeEach(() => {
    const base = fetchMock.getMockImplementation()!;
    const data = (d: unknown) => jsonResponse({ code: 0, message: 'ok', data: d });
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      switch (url) {
        case '/api/v1/mcp-installs':
          return data(mcpInstalls);
        case '/api/v1/mcp-servers':
          return data([{ id: 7, name: 'github' }, { id: 8, name: 'disabled-one' }]);
        case '/api/v1/skill-installs':
          return data(skillInstalls);
        case '/api/v1/skills':
          return data([{ id: 4, name: 'pdf' }]);
        case '/api/v1/plugin-installs':
        case '/api/v1/plugins':
          return data([]);
        case '/api/v1/env-vars':
          return data([{ id: 1, key: 'GITHUB_TOKEN', is_set: true }, { id: 2, key: 'OTHER', is_set: true }]);
        default:
          return base(url, init);
      }
    });
  });

  it('sends nothing extra when nothing was chosen', async () => {
    const { drafts, input } = setup({ newTask: true });
    type(input, 'plain');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0]).toEqual({ prompt: 'plain', files: [], plan: false });
  });

  it('lists the enabled MCP servers and skills, all on; what is switched off goes in the task config', async () => {
    const { drafts, input } = setup({ newTask: true });
    fireEvent.click(screen.getByTestId('composer-tools'));
    const panel = await screen.findByTestId('composer-tools-panel');
    await vi.waitFor(() => expect(panel.querySelectorAll('[data-testid="composer-tool"]')).toHaveLength(2));
    const boxes = Array.from(panel.querySelectorAll<HTMLInputElement>('[data-testid="composer-tool"]'));
    expect(boxes.map((b) => [b.dataset.kind, b.dataset.name, b.checked])).toEqual([
      ['mcp', 'github', true],
      ['skill', 'pdf', true],
    ]);
    fireEvent.click(boxes[0]);
    expect(screen.getByTestId('composer-tools').textContent).toContain('Tools (1 off)');
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(screen.queryByTestId('composer-tools-panel')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('composer-tools'));
    type(input, 'no github');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0].extras).toEqual({ mcp_config: { 7: false } });
  });

  it('turns the browser on for the task', async () => {
    const { drafts, input } = setup({ newTask: true });
    const toggle = screen.getByTestId('composer-browser');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    type(input, 'browse');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0].extras).toEqual({ browser_enabled: true });
  });

  it("takes a GitHub repository, its branch and a token secret chosen from the user's secrets", async () => {
    const { drafts, input } = setup({ newTask: true });
    fireEvent.click(screen.getByTestId('composer-repo'));
    const dialog = await screen.findByTestId('repo-dialog');
    const url = within(dialog).getByTestId('repo-url');
    fireEvent.change(url, { target: { value: 'github.com/acme/site' } });
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter the repository’s https:// address.');
    expect(within(dialog).getByTestId('cap-save').hasAttribute('disabled')).toBe(true);
    fireEvent.change(url, { target: { value: 'https://github.com/acme/site.git' } });
    fireEvent.change(within(dialog).getByTestId('repo-branch'), { target: { value: 'develop' } });
    await within(dialog).findByRole('option', { name: 'GITHUB_TOKEN' });
    fireEvent.change(within(dialog).getByTestId('repo-token'), { target: { value: 'GITHUB_TOKEN' } });
    await act(async () => fireEvent.click(within(dialog).getByTestId('cap-save')));
    expect(screen.queryByTestId('repo-dialog')).toBeNull();
    expect(screen.getByTestId('composer-repo-chip').textContent).toContain('acme/site');
    type(input, 'fix the README');
    await act(async () => key(input, 'Enter'));
    expect(drafts[0].extras).toEqual({
      repo_url: 'https://github.com/acme/site.git',
      git_branch: 'develop',
      git_token_env_key: 'GITHUB_TOKEN',
    });
    // removed from the chip: the next task has none
    fireEvent.click(screen.getByRole('button', { name: 'Remove acme/site' }));
    type(input, 'no repo');
    await act(async () => key(input, 'Enter'));
    expect(drafts[1]).not.toHaveProperty('extras');
  });

  it('fills the composer with a suggestion, and hides them while there is text', async () => {
    const { input } = setup({ suggestions: ['Write a script', 'Build a site'] });
    const items = screen.getAllByTestId('composer-suggestion');
    expect(items.map((i) => i.textContent)).toEqual(['Write a script', 'Build a site']);
    fireEvent.click(items[1]);
    expect(input.value).toBe('Build a site');
    expect(screen.queryByTestId('composer-suggestions')).toBeNull();
    type(input, '');
    expect(screen.getByTestId('composer-suggestions')).toBeTruthy();
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
