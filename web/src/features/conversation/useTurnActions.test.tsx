// The message actions on a whole session page: what they send, what the page does afterwards, and
// what the user reads when the server says no.

import { act, cleanup, fireEvent, renderHook, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from 'react-router';
import { connection } from '../../live/connection';
import { apiError, fakeApi } from '../../test/fakeApi';
import { assistantMsg, at, jsonResponse, resultMsg, run, session, userMsg } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { dismissToast, useToasts } from '../../ui/toast';
import { SessionView } from '../session/SessionView';

function Probe() {
  const toasts = useToasts();
  return (
    <>
      <div data-testid="toasts">{toasts.map((x) => x.text).join(' | ')}</div>
      <div data-testid="location">{useLocation().pathname}</div>
    </>
  );
}

/** An SSE response that stays open and sends nothing. */
const quietStream = () => new Response(new ReadableStream(), { headers: { 'Content-Type': 'text/event-stream' } });

const HISTORY = [
  userMsg(1, 'first'),
  assistantMsg(2, [{ _type: 'TextBlock', text: 'Answer one' }]),
  resultMsg(3),
  userMsg(4, 'second'),
  assistantMsg(5, [{ _type: 'TextBlock', text: 'Answer two' }]),
  resultMsg(6),
];

let messages = HISTORY;
let status = 'completed';

function serve(extra: Record<string, unknown> = {}) {
  return fakeApi({
    'GET /api/v1/sessions/s1/messages-with-files': () => jsonResponse({ code: 0, message: 'ok', data: messages }, 200, { 'X-Last-Event-ID': '9' }),
    'GET /api/v1/sessions/s1': () => session({ status, updated_at: at(30) }),
    'GET /api/v1/sessions/s1/tool-executions?limit=2000': [],
    'GET /api/v1/runs/session/s1?limit=1000': () => [
      run({ run_id: 'r1', user_message_id: 1, status: 'completed' }),
      run({ run_id: 'r2', user_message_id: 4, status: status === 'completed' ? 'completed' : 'queued' }),
    ],
    'GET /api/v1/user-input-requests?session_id=s1': [],
    'GET /api/v1/sessions/s1/network': [],
    'GET /api/v1/sessions/s1/workspace/files': [],
    'GET /api/v1/models': { default_model: 'sonnet', model_list: ['sonnet'] },
    'GET /api/v1/sessions/s1/events?after=9': () => quietStream(),
    ...extra,
  });
}

async function openSession() {
  renderInApp(
    <>
      <SessionView id="s1" onOpenSidebar={() => undefined} />
      <Probe />
    </>,
    { path: '/s/s1' },
  );
  await screen.findByText('Answer two');
  return screen.getAllByTestId('turn');
}

beforeEach(() => {
  // Toasts outlive a test: start each with none.
  renderHook(() => useToasts()).result.current.forEach((x) => dismissToast(x.id));
  cleanup();
  connection.reset();
  messages = HISTORY;
  status = 'completed';
});
afterEach(() => vi.unstubAllGlobals());

describe('message actions on a session page', () => {
  it('regenerate drops the answer from its first message and reads the session again', async () => {
    const api = serve({
      'POST /api/v1/sessions/s1/regenerate': () => {
        messages = HISTORY.slice(0, 4);
        status = 'pending';
        return { session_id: 's1', run_id: 'r3', status: 'queued' };
      },
    });
    const [, second] = await openSession();
    fireEvent.click(within(second).getByTestId('answer-regenerate'));
    await vi.waitFor(() => expect(api.sent('POST /api/v1/sessions/s1/regenerate')).toEqual([{ user_message_id: 4, assistant_message_id: 5 }]));
    await vi.waitFor(() => expect(screen.queryByText('Answer two')).toBeNull());
    expect(api.sent('GET /api/v1/sessions/s1/messages-with-files')).toHaveLength(2);
    expect(screen.getByTestId('run-status').dataset.status).toBe('pending');
    expect(screen.queryAllByTestId('answer-regenerate')).toHaveLength(0);
    expect(screen.queryAllByTestId('prompt-edit')).toHaveLength(0);
  });

  it('regenerate sends a prompt without a stored answer (its run failed early) again as it was', async () => {
    messages = [...HISTORY.slice(0, 3), userMsg(4, 'second')];
    const api = serve({
      'GET /api/v1/runs/session/s1?limit=1000': [
        run({ run_id: 'r1', user_message_id: 1, status: 'completed' }),
        run({ run_id: 'r2', user_message_id: 4, status: 'failed', last_error: 'The sandbox could not start' }),
      ],
      'POST /api/v1/sessions/s1/edit-message': { session_id: 's1', run_id: 'r3', status: 'queued' },
    });
    renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />, { path: '/s/s1' });
    await screen.findByText('The sandbox could not start');
    const second = screen.getAllByTestId('turn')[1];
    expect(within(second).queryByTestId('answer-copy')).toBeNull();
    fireEvent.click(within(second).getByTestId('answer-regenerate'));
    await vi.waitFor(() => expect(api.sent('POST /api/v1/sessions/s1/edit-message')).toEqual([{ user_message_id: 4, content: 'second' }]));
    expect(api.sent('POST /api/v1/sessions/s1/regenerate')).toEqual([]);
  });

  it('edit sends the new prompt for its message', async () => {
    const api = serve({
      'POST /api/v1/sessions/s1/edit-message': (body: unknown) => {
        messages = [userMsg(1, (body as { content: string }).content)];
        status = 'pending';
        return { session_id: 's1', run_id: 'r3', status: 'queued' };
      },
    });
    const [first] = await openSession();
    fireEvent.click(within(first).getByTestId('prompt-edit'));
    const field = within(first).getByTestId('prompt-editor-input');
    fireEvent.change(field, { target: { value: '  first, reworded ' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() => expect(api.sent('POST /api/v1/sessions/s1/edit-message')).toEqual([{ user_message_id: 1, content: 'first, reworded' }]));
    await vi.waitFor(() => expect(screen.getAllByTestId('message-user').map((m) => m.textContent)).toEqual(['first, reworded']));
    expect(screen.queryByTestId('prompt-editor')).toBeNull();
  });

  it('branch cuts after the whole turn and opens the new session', async () => {
    const api = serve({
      'POST /api/v1/sessions/s1/branch': { session_id: 's2', source_session_id: 's1', cutoff_message_id: 3 },
      'GET /api/v1/sessions/s2': session({ session_id: 's2', status: 'completed' }),
    });
    const [first] = await openSession();
    fireEvent.click(within(first).getByTestId('answer-branch'));
    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/s/s2'));
    expect(api.sent('POST /api/v1/sessions/s1/branch')).toEqual([{ message_id: 3 }]);
    expect(screen.getByTestId('toasts').textContent).toBe('Branched into a new session');
  });

  it('says in one plain sentence that a run is in progress, and keeps the editor for another try', async () => {
    serve({
      'POST /api/v1/sessions/s1/edit-message': () =>
        apiError(40000, 'The session is still running; cancel it or wait for it to finish first', null, 409),
    });
    const [first] = await openSession();
    fireEvent.click(within(first).getByTestId('prompt-edit'));
    fireEvent.keyDown(within(first).getByTestId('prompt-editor-input'), { key: 'Enter' });
    await vi.waitFor(() =>
      expect(screen.getByTestId('toasts').textContent).toBe(
        'Poco is still working on this task. Wait for it to finish or stop it, then try again.',
      ),
    );
    expect(within(first).getByTestId('prompt-editor')).toBeTruthy();
  });

  it('reads the session again when the message is no longer there', async () => {
    const api = serve({
      'POST /api/v1/sessions/s1/regenerate': () => apiError(40000, 'assistant_message_id is invalid for this session'),
    });
    const [first] = await openSession();
    fireEvent.click(within(first).getByTestId('answer-regenerate'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('toasts').textContent).toBe('This part of the conversation changed meanwhile. It has been reloaded: please try again.'),
    );
    await vi.waitFor(() => expect(api.sent('GET /api/v1/sessions/s1/messages-with-files')).toHaveLength(2));
  });

  it('quotes a selection of an answer into the composer, after what is typed', async () => {
    serve();
    await openSession();
    const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: 'About this:' } });
    const text = screen.getByText('Answer one').firstChild!;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 6);
    range.getBoundingClientRect = () => ({ top: 300, bottom: 320, left: 10, right: 90, width: 80, height: 20, x: 10, y: 300, toJSON: () => ({}) });
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await act(async () => {
      document.dispatchEvent(new Event('selectionchange'));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    });
    fireEvent.click(screen.getByTestId('quote-selection'));
    await vi.waitFor(() => expect(input.value).toBe('About this:\n\n> Answer\n\n'));
    expect(document.activeElement).toBe(input);
  });
});
