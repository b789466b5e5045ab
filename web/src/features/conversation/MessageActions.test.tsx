import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assistantMsg, resultMsg, run, toolResultMsg, userMsg } from '../../test/fixtures';
import { TurnView } from './Conversation';
import type { TurnActions } from './MessageActions';
import { buildTurns, type Turn } from './turns';

const writeText = vi.fn();

beforeEach(() => {
  writeText.mockReset().mockResolvedValue(undefined);
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(() => vi.restoreAllMocks());

/** Two finished turns: "first" → tool call, result, answer "One **bold**" + "Two"; "second" → "Done." */
function twoTurns() {
  return buildTurns(
    [
      userMsg(1, 'first'),
      assistantMsg(2, [{ _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'ls' } }]),
      toolResultMsg(3, 'tu1', 'a.txt'),
      assistantMsg(4, [{ _type: 'TextBlock', text: 'One **bold**' }]),
      assistantMsg(5, [{ _type: 'TextBlock', text: 'Two' }]),
      resultMsg(6),
      userMsg(7, 'second'),
      assistantMsg(8, [{ _type: 'TextBlock', text: 'Done.' }]),
    ],
    [],
    [run({ run_id: 'r1', user_message_id: 1, status: 'completed' }), run({ run_id: 'r2', user_message_id: 7, status: 'completed' })],
  );
}

function fakeActions(over: Partial<TurnActions> = {}): TurnActions {
  return {
    busy: false,
    edit: vi.fn(async () => true),
    regenerate: vi.fn(async () => undefined),
    branch: vi.fn(async () => undefined),
    ...over,
  };
}

function renderTurns(turns: Turn[], actions?: TurnActions, activeLast = false) {
  return render(
    <div>
      {turns.map((t, i) => (
        <TurnView key={t.key} turn={t} active={activeLast && i === turns.length - 1} actions={actions} />
      ))}
    </div>,
  );
}

describe('the turns the actions work on', () => {
  it('know the first and last stored message of each answer', () => {
    const [one, two] = twoTurns();
    expect([one.prompt?.messageId, one.answerFrom, one.answerTo]).toEqual(['1', '2', '6']);
    expect([two.prompt?.messageId, two.answerFrom, two.answerTo]).toEqual(['7', '8', '8']);
    expect(buildTurns([userMsg(1, 'waiting')], [], [])[0].answerFrom).toBeNull();
  });
});

describe('actions under a prompt', () => {
  it('copy the prompt as written', async () => {
    renderTurns(twoTurns(), fakeActions());
    const [, second] = screen.getAllByTestId('turn');
    fireEvent.click(within(second).getByTestId('prompt-copy'));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('second'));
    await vi.waitFor(() => expect(within(second).getByTestId('prompt-copy').getAttribute('aria-label')).toBe('Copied'));
  });

  it('edit the prompt in place: Enter sends the new text, and the editor closes', async () => {
    const actions = fakeActions();
    const turns = twoTurns();
    renderTurns(turns, actions);
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByRole('button', { name: 'Edit and send again' }));
    const field = within(first).getByTestId('prompt-editor-input') as HTMLTextAreaElement;
    expect(field.value).toBe('first');
    expect(document.activeElement).toBe(field);
    expect(within(first).queryByTestId('message-user')).toBeNull();

    fireEvent.change(field, { target: { value: 'first, but better\nwith a second line' } });
    fireEvent.keyDown(field, { key: 'Enter', shiftKey: true });
    expect(actions.edit).not.toHaveBeenCalled();
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() => expect(actions.edit).toHaveBeenCalledWith(turns[0], 'first, but better\nwith a second line'));
    await vi.waitFor(() => expect(within(first).queryByTestId('prompt-editor')).toBeNull());
  });

  it('leave the prompt unchanged on Esc and on Cancel', () => {
    const actions = fakeActions();
    renderTurns(twoTurns(), actions);
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByTestId('prompt-edit'));
    fireEvent.change(within(first).getByTestId('prompt-editor-input'), { target: { value: 'changed' } });
    fireEvent.keyDown(within(first).getByTestId('prompt-editor-input'), { key: 'Escape' });
    expect(within(first).getByTestId('message-user').textContent).toBe('first');
    expect(document.activeElement).toBe(within(first).getByTestId('prompt-edit'));

    fireEvent.click(within(first).getByTestId('prompt-edit'));
    fireEvent.click(within(first).getByTestId('prompt-editor-cancel'));
    expect(within(first).queryByTestId('prompt-editor')).toBeNull();
    expect(actions.edit).not.toHaveBeenCalled();
  });

  it('keep the editor open when the server refused, and send nothing empty', async () => {
    const edit = vi.fn(async () => false);
    renderTurns(twoTurns(), fakeActions({ edit }));
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByTestId('prompt-edit'));
    const field = within(first).getByTestId('prompt-editor-input');
    fireEvent.change(field, { target: { value: '   ' } });
    expect((within(first).getByTestId('prompt-editor-send') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(edit).not.toHaveBeenCalled();

    fireEvent.change(field, { target: { value: 'again' } });
    fireEvent.click(within(first).getByTestId('prompt-editor-send'));
    await vi.waitFor(() => expect(edit).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect((within(first).getByTestId('prompt-editor-input') as HTMLTextAreaElement).disabled).toBe(false));
    expect((within(first).getByTestId('prompt-editor-input') as HTMLTextAreaElement).value).toBe('again');
  });
});

describe('actions under an answer', () => {
  it('copy the Markdown source of the whole answer', async () => {
    renderTurns(twoTurns(), fakeActions());
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByRole('button', { name: 'Copy answer as Markdown' }));
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('One **bold**\n\nTwo'));
  });

  it('regenerate and branch the turn they are under', async () => {
    const actions = fakeActions();
    const turns = twoTurns();
    renderTurns(turns, actions);
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByRole('button', { name: 'Regenerate answer' }));
    await vi.waitFor(() => expect(actions.regenerate).toHaveBeenCalledWith(turns[0]));
    await vi.waitFor(() => expect((within(first).getByTestId('answer-branch') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(first).getByRole('button', { name: 'Branch into a new session from here' }));
    await vi.waitFor(() => expect(actions.branch).toHaveBeenCalledWith(turns[0]));
  });

  it('wait for one action before another, showing it works', async () => {
    let finish!: () => void;
    const branch = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    renderTurns(twoTurns(), fakeActions({ branch }));
    const first = screen.getAllByTestId('turn')[0];
    fireEvent.click(within(first).getByTestId('answer-branch'));
    expect(within(first).getByTestId('answer-branch').getAttribute('aria-busy')).toBe('true');
    expect((within(first).getByTestId('answer-regenerate') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(first).getByTestId('answer-branch'));
    expect(branch).toHaveBeenCalledTimes(1);
    finish();
    await vi.waitFor(() => expect((within(first).getByTestId('answer-regenerate') as HTMLButtonElement).disabled).toBe(false));
  });
});

describe('while a run is in progress', () => {
  it('offer no edit or regenerate anywhere, and nothing under the answer being written', () => {
    const turns = buildTurns(
      [userMsg(1, 'first'), assistantMsg(2, [{ _type: 'TextBlock', text: 'Answer one' }]), resultMsg(3), userMsg(4, 'second'),
        assistantMsg(5, [{ _type: 'TextBlock', text: 'Working on' }])],
      [],
      [run({ run_id: 'r1', user_message_id: 1, status: 'completed' }), run({ run_id: 'r2', user_message_id: 4, status: 'running' })],
    );
    renderTurns(turns, fakeActions({ busy: true }), true);
    const [first, second] = screen.getAllByTestId('turn');
    expect(screen.queryAllByTestId('prompt-edit')).toHaveLength(0);
    expect(screen.queryAllByTestId('answer-regenerate')).toHaveLength(0);
    expect(within(first).getByTestId('answer-copy')).toBeTruthy();
    expect(within(first).getByTestId('answer-branch')).toBeTruthy();
    expect(within(second).queryByTestId('answer-actions')).toBeNull();
    expect(within(second).getByTestId('prompt-copy')).toBeTruthy();
  });

  it('close an open editor', () => {
    const turns = twoTurns();
    const { rerender } = renderTurns(turns, fakeActions());
    fireEvent.click(screen.getAllByTestId('prompt-edit')[0]);
    expect(screen.getByTestId('prompt-editor')).toBeTruthy();
    rerender(
      <div>
        {turns.map((t) => (
          <TurnView key={t.key} turn={t} active={false} actions={fakeActions({ busy: true })} />
        ))}
      </div>,
    );
    expect(screen.queryByTestId('prompt-editor')).toBeNull();
    // … and it stays closed when the run is over.
    rerender(
      <div>
        {turns.map((t) => (
          <TurnView key={t.key} turn={t} active={false} actions={fakeActions()} />
        ))}
      </div>,
    );
    expect(screen.queryByTestId('prompt-editor')).toBeNull();
  });
});

describe('without a session to act on', () => {
  it('offer copying only, every button named', () => {
    renderTurns(twoTurns());
    expect(screen.queryAllByTestId('prompt-edit')).toHaveLength(0);
    expect(screen.queryAllByTestId('answer-regenerate')).toHaveLength(0);
    expect(screen.queryAllByTestId('answer-branch')).toHaveLength(0);
    expect(screen.getAllByTestId('answer-copy')).toHaveLength(2);
    for (const button of screen.getAllByRole('button')) {
      expect(button.getAttribute('aria-label') || button.textContent?.trim(), button.outerHTML).toBeTruthy();
    }
  });
});
