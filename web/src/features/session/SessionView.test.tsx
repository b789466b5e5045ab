import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { connection } from '../../live/connection';
import { assistantMsg, at, jsonResponse, netEvent, refusedEvent, run, session, userMsg } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { Composer } from '../composer/Composer';
import { SessionView } from './SessionView';
import { useToasts } from '../../ui/toast';

/** The toasts the app would show, as text. */
function ToastText() {
  return <div data-testid="toasts">{useToasts().map((x) => x.text).join(' | ')}</div>;
}

const ok = (data: unknown, headers: Record<string, string> = {}) => jsonResponse({ code: 0, message: 'ok', data }, 200, headers);

function sse(frames: string[]) {
  const enc = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const f of frames) c.enqueue(enc.encode(f));
    },
  });
  return { response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }), push: (f: string) => controller.enqueue(enc.encode(f)) };
}

const frame = (id: number, type: string, payload: unknown) =>
  `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ id, session_id: 's1', run_id: 'r1', type, payload, created_at: at(id) })}\n\n`;

const fetchMock = vi.fn();
let stream: ReturnType<typeof sse>;
const calls: string[] = [];

beforeEach(() => {
  connection.reset();
  calls.length = 0;
  stream = sse([frame(6, 'message.created', assistantMsg(2, [{ _type: 'TextBlock', text: 'Streaming in' }]))]);
  vi.stubGlobal('fetch', fetchMock);
  fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    if (url.endsWith('/messages-with-files')) return ok([userMsg(1, 'Do the thing')], { 'X-Last-Event-ID': '5' });
    if (url === '/api/v1/sessions/s1') return ok(session({ status: 'running' }));
    if (url.includes('/tool-executions')) return ok([]);
    if (url.startsWith('/api/v1/runs/session/s1')) return ok([run()]);
    if (url.startsWith('/api/v1/user-input-requests')) return ok([]);
    if (url.endsWith('/workspace/files')) return ok([]);
    if (url === '/api/v1/models') return ok({ default_model: 'sonnet', model_list: ['sonnet'] });
    if (url.startsWith('/api/v1/sessions/s1/events')) return stream.response;
    if (url.endsWith('/cancel')) return ok({ session_id: 's1', status: 'canceled' });
    return jsonResponse({ code: 40400, message: `unexpected ${url}`, data: null }, 404);
  });
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

describe('SessionView', () => {
  it('reads each resource of the page once, files included', async () => {
    localStorage.setItem('poco.filesOpen', '1');
    renderInApp(
      <>
        <SessionView id="s1" onOpenSidebar={() => undefined} />
        {/* A second reader of the models, as the sidebar and composer are on the real page. */}
        <Composer onSubmit={async () => true} placeholder="" />
      </>,
    );
    expect(await screen.findByText('Streaming in')).toBeTruthy();
    await screen.findByTestId('files-panel');
    await vi.waitFor(() => expect(calls).toContain('GET /api/v1/sessions/s1/workspace/files'));
    await vi.waitFor(() => expect(calls).toContain('GET /api/v1/models'));
    const gets = calls.filter((c) => c.startsWith('GET ') && !c.includes('/events'));
    expect(gets.filter((c, i) => gets.indexOf(c) !== i)).toEqual([]);
    expect([...gets].sort()).toEqual([
      'GET /api/v1/models',
      'GET /api/v1/runs/session/s1?limit=1000',
      'GET /api/v1/sessions/s1',
      'GET /api/v1/sessions/s1/messages-with-files',
      'GET /api/v1/sessions/s1/network',
      'GET /api/v1/sessions/s1/tool-executions?limit=2000',
      'GET /api/v1/sessions/s1/workspace/files',
      'GET /api/v1/user-input-requests?session_id=s1',
    ]);
  });

  it('loads messages first, then the rest, then streams after X-Last-Event-ID', async () => {
    renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
    expect(await screen.findByText('Streaming in')).toBeTruthy();
    expect(screen.getByTestId('message-user').textContent).toContain('Do the thing');
    const first = calls.indexOf('GET /api/v1/sessions/s1/messages-with-files');
    const streamCall = calls.findIndex((c) => c.includes('/events'));
    expect(calls[streamCall]).toBe('GET /api/v1/sessions/s1/events?after=5');
    for (const c of [
      'GET /api/v1/sessions/s1',
      'GET /api/v1/sessions/s1/tool-executions?limit=2000',
      'GET /api/v1/runs/session/s1?limit=1000',
      'GET /api/v1/user-input-requests?session_id=s1',
      'GET /api/v1/sessions/s1/network',
    ]) {
      expect(calls.indexOf(c)).toBeGreaterThan(first);
      expect(calls.indexOf(c)).toBeLessThan(streamCall);
    }
    expect(screen.getByTestId('run-status').dataset.status).toBe('running');
    expect(screen.getByTestId('working-indicator')).toBeTruthy();
  });

  it('follows the status live and cancels with an empty body', async () => {
    renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
    await screen.findByText('Streaming in');
    fireEvent.click(screen.getByTestId('cancel-button'));
    await vi.waitFor(() => expect(calls).toContain('POST /api/v1/sessions/s1/cancel'));
    const cancel = fetchMock.mock.calls.find((c) => String(c[0]).endsWith('/cancel'))!;
    expect(cancel[1].body).toBe('{}');
    await act(async () => stream.push(frame(7, 'session.updated', session({ status: 'canceled', updated_at: at(20) }))));
    await vi.waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('canceled'));
    expect(screen.queryByTestId('cancel-button')).toBeNull();
    expect(screen.queryByTestId('working-indicator')).toBeNull();
  });

  it('queues a follow-up while running and sends it when the run completes', async () => {
    renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
    await screen.findByText('Streaming in');
    const input = screen.getByTestId('composer-input');
    fireEvent.change(input, { target: { value: 'And then this' } });
    await act(async () => fireEvent.keyDown(input, { key: 'Enter' }));
    expect(screen.getByTestId('queue-item').textContent).toContain('And then this');
    expect(calls.some((c) => c.startsWith('POST /api/v1/tasks'))).toBe(false);

    fetchMock.mockImplementationOnce(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method} ${url}`);
      return ok({ session_id: 's1', run_id: 'r2', status: 'queued' });
    });
    await act(async () => stream.push(frame(7, 'session.updated', session({ status: 'completed', updated_at: at(20) }))));
    await vi.waitFor(() => expect(calls).toContain('POST /api/v1/tasks'));
    const task = fetchMock.mock.calls.find((c) => c[0] === '/api/v1/tasks')!;
    expect(JSON.parse(task[1].body)).toEqual({ prompt: 'And then this', session_id: 's1', permission_mode: 'default', config: {} });
    await vi.waitFor(() => expect(screen.queryByTestId('queue-item')).toBeNull());
    expect(screen.getByTestId('run-status').dataset.status).toBe('pending');
  });

  describe('push to GitHub', () => {
    const withSession = (over: Parameters<typeof session>[0]) => {
      const base = fetchMock.getMockImplementation()!;
      fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
        if (url === '/api/v1/sessions/s1') {
          calls.push(`GET ${url}`);
          return ok(session(over));
        }
        return base(url, init);
      });
    };

    it('offers the push on a finished session with a repository, in a dialog', async () => {
      withSession({ status: 'completed', config_snapshot: { repo_url: 'https://github.com/acme/site' } });
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      const button = await screen.findByTestId('push-button');
      expect(button.getAttribute('aria-label')).toBe('Push to a branch and open a pull request');
      fireEvent.click(button);
      expect(screen.getByTestId('push-dialog')).toBeTruthy();
      expect(screen.getByTestId('push-repository').textContent).toBe('https://github.com/acme/site');
      fireEvent.click(screen.getByTestId('push-cancel'));
      expect(screen.queryByTestId('push-dialog')).toBeNull();
    });

    it('offers no push while the session runs, nor without a repository', async () => {
      withSession({ status: 'running', config_snapshot: { repo_url: 'https://github.com/acme/site' } });
      const view = renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      expect(screen.queryByTestId('push-button')).toBeNull();
      view.unmount();

      withSession({ status: 'completed', config_snapshot: { model: 'sonnet' } });
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await vi.waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('completed'));
      expect(screen.queryByTestId('push-button')).toBeNull();
    });
  });

  describe('computer', () => {
    const NAVIGATE = 'mcp____poco_playwright__browser_navigate';
    const withSteps = () => {
      const base = fetchMock.getMockImplementation()!;
      fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
        if (url.endsWith('/messages-with-files')) {
          calls.push(`GET ${url}`);
          const call = assistantMsg(3, [
            { _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'python3 -m http.server' } },
            { _type: 'ToolUseBlock', id: 'tu2', name: 'WebFetch', input: { url: 'http://localhost:8000/' } },
            { _type: 'ToolUseBlock', id: 'tu3', name: NAVIGATE, input: { url: 'http://localhost:8000/' } },
          ]);
          return ok([userMsg(1, 'Serve and look'), call], { 'X-Last-Event-ID': '5' });
        }
        return base(url, init);
      });
    };

    it("replays the session's browser and terminal steps in the Computer panel, following new ones live", async () => {
      withSteps();
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      const toggle = screen.getByTestId('computer-toggle');
      expect(toggle.querySelector('.visually-hidden')?.textContent).toBe('Show the computer (2 steps)');
      expect(screen.getByTestId('computer-count').textContent).toBe('2');
      fireEvent.click(toggle);
      expect(toggle.getAttribute('aria-pressed')).toBe('true');
      const panel = screen.getByTestId('computer-panel');
      expect(within(panel).getAllByTestId('computer-step').map((r) => r.dataset.toolUseId)).toEqual(['tu1', 'tu3']);
      expect(within(panel).getByTestId('computer-view').dataset.toolUseId).toBe('tu3');
      expect(within(panel).getByTestId('computer-live')).toBeTruthy();

      const next = assistantMsg(7, [{ _type: 'ToolUseBlock', id: 'tu4', name: 'Bash', input: { command: 'curl -s localhost:8000' } }]);
      await act(async () => stream.push(frame(7, 'message.created', next)));
      await vi.waitFor(() => expect(within(panel).getAllByTestId('computer-step')).toHaveLength(3));
      expect(within(panel).getByTestId('computer-view').dataset.toolUseId).toBe('tu4');
      expect(within(panel).getByTestId('computer-view').textContent).toContain('$ curl -s localhost:8000');

      // One side panel at a time.
      fireEvent.click(screen.getByTestId('network-toggle'));
      expect(screen.queryByTestId('computer-panel')).toBeNull();
      expect(screen.getByTestId('network-panel')).toBeTruthy();
    });

    it('is a tab of its own on phones', async () => {
      withSteps();
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      const tab = screen.getByTestId('computer-tab');
      expect(tab.textContent).toContain('Computer');
      expect(tab.textContent).toContain('(2 steps)');
      fireEvent.click(tab);
      expect(tab.getAttribute('aria-selected')).toBe('true');
      expect(screen.getByTestId('session-view').className).toContain('tab-computer');
      expect(screen.getByTestId('computer-panel')).toBeTruthy();
    });
  });

  describe('network', () => {
    const withNetwork = (answer: (url: string) => Response | null) => {
      const base = fetchMock.getMockImplementation()!;
      fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
        if (url === '/api/v1/sessions/s1/network') {
          calls.push(`GET ${url}`);
          return answer(url);
        }
        if (url.endsWith('/messages-with-files')) {
          calls.push(`GET ${url}`);
          const call = assistantMsg(3, [{ _type: 'ToolUseBlock', id: 'tu1', name: 'Bash', input: { command: 'pip install requests' } }]);
          return ok([userMsg(1, 'Install it'), call], { 'X-Last-Event-ID': '5' });
        }
        return base(url, init);
      });
    };

    it('shows the loaded and the live connections on the tool card and in the Network panel, each once', async () => {
      withNetwork(() => ok([netEvent(1), refusedEvent(2)]));
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      const card = screen.getByTestId('tool-card');
      expect(card.textContent).toContain('2 connections');
      expect(card.textContent).toContain('1 refused');

      const toggle = screen.getByTestId('network-toggle');
      expect(toggle.querySelector('.visually-hidden')?.textContent).toBe('Show network activity (2 connections, 1 refused)');
      expect(screen.getByTestId('network-count').textContent).toBe('2');
      expect(screen.getByTestId('network-refused-count').textContent).toBe('1');
      fireEvent.click(toggle);
      expect(toggle.getAttribute('aria-pressed')).toBe('true');
      const panel = screen.getByTestId('network-panel');
      expect(within(panel).getAllByTestId('network-row')).toHaveLength(2);

      // Live, then replayed after a reconnect (a new event id, the same record).
      const third = netEvent(3, { host: 'files.pythonhosted.org' });
      await act(async () => stream.push(frame(7, 'network.connection', third)));
      await vi.waitFor(() => expect(within(panel).getAllByTestId('network-row')).toHaveLength(3));
      await act(async () => stream.push(frame(8, 'network.connection', third)));
      await act(async () => stream.push(frame(9, 'session.updated', session({ status: 'running', updated_at: at(30) }))));
      expect(within(panel).getAllByTestId('network-row')).toHaveLength(3);
      expect(screen.getByTestId('tool-card').textContent).toContain('3 connections');

      fireEvent.click(toggle);
      expect(screen.queryByTestId('network-panel')).toBeNull();
    });

    it('shows the session as usual when the server has no network list, and explains the empty panel', async () => {
      // The default fetch answers 404 for /network, as a server without the endpoint does.
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      expect(await screen.findByText('Streaming in')).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
      fireEvent.click(screen.getByTestId('network-toggle'));
      expect(screen.getByTestId('network-empty').textContent).toContain('No network access yet.');
    });

    it('keeps the session working when the network list fails, and says so only in the panel', async () => {
      withNetwork(() => jsonResponse({ code: 50000, message: 'Network list broke', data: null }, 500));
      renderInApp(
        <>
          <SessionView id="s1" onOpenSidebar={() => undefined} />
          <ToastText />
        </>,
      );
      expect(await screen.findByText('Streaming in')).toBeTruthy();
      expect(screen.getByTestId('tool-card')).toBeTruthy();
      expect(calls).toContain('GET /api/v1/sessions/s1/network');
      // Optional information: no toast.
      expect(screen.getByTestId('toasts').textContent).not.toContain('Network list broke');
      fireEvent.click(screen.getByTestId('network-tab'));
      expect(screen.getByTestId('network-unavailable').textContent).toBe('Network activity could not be loaded.');
    });
  });

  describe('right panel', () => {
    it('toggles with Ctrl+L, reopening what it showed last', async () => {
      localStorage.setItem('poco.filesOpen', '0');
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      expect(screen.queryByTestId('side-panel')).toBeNull();
      fireEvent.click(screen.getByTestId('computer-toggle'));
      expect(await screen.findByTestId('computer-panel')).toBeTruthy();
      fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
      expect(screen.queryByTestId('side-panel')).toBeNull();
      fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
      expect(screen.getByTestId('computer-panel')).toBeTruthy();
    });

    it('maximizes the panel over the chat and restores it, keeping the chat mounted', async () => {
      localStorage.setItem('poco.filesOpen', '0');
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      fireEvent.click(screen.getByTestId('computer-toggle'));
      fireEvent.click(await screen.findByTestId('side-maximize'));
      expect(screen.getByTestId('session-split').className).toContain('maximized');
      expect(screen.getByTestId('side-maximize').getAttribute('aria-pressed')).toBe('true');
      expect(screen.getByText('Streaming in')).toBeTruthy();
      fireEvent.click(screen.getByTestId('side-maximize'));
      expect(screen.getByTestId('session-split').className).not.toContain('maximized');
    });

    it('steps aside by itself when it opened by default on an empty workspace, but not when the user opened it', async () => {
      const width = window.innerWidth;
      window.innerWidth = 1400;
      onTestFinished(() => {
        window.innerWidth = width;
      });
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      await screen.findByText('Streaming in');
      await vi.waitFor(() => expect(calls).toContain('GET /api/v1/sessions/s1/workspace/files'));
      await vi.waitFor(() => expect(screen.queryByTestId('files-panel')).toBeNull());
      fireEvent.click(screen.getByTestId('files-toggle'));
      expect(await screen.findByTestId('files-panel')).toBeTruthy();
      expect(await screen.findByText('No files yet.')).toBeTruthy();
      expect(screen.getByTestId('files-panel')).toBeTruthy();
    });

    it('shows neither a status nor a Stop button before the session is read', () => {
      fetchMock.mockImplementation(() => new Promise(() => undefined));
      renderInApp(<SessionView id="s1" onOpenSidebar={() => undefined} />);
      expect(screen.queryByTestId('run-status')).toBeNull();
      expect(screen.queryByTestId('cancel-button')).toBeNull();
    });

    it('names a malformed session id as a missing task, once, without the validator wording', async () => {
      fetchMock.mockImplementation(async () => jsonResponse({ code: 40000, message: 'sessionId must be a UUID', data: null }, 400));
      renderInApp(
        <>
          <SessionView id="nope" onOpenSidebar={() => undefined} />
          <ToastText />
        </>,
      );
      expect(await screen.findByText('This task does not exist or was deleted.')).toBeTruthy();
      expect(document.body.textContent).not.toContain('must be a UUID');
    });
  });
});
