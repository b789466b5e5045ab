import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connection } from './connection';
import { createFrameParser, openStream, type SseFrame } from './sse';
import { frameToEvent } from '../features/session/useSession';
import { signedOutHook } from '../api/signedOut';

describe('createFrameParser', () => {
  it('parses id, event and data, in any chunking and line ending', () => {
    const text = ': ping\r\nid: 7\r\nevent: message.created\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid: 8\nevent: x\ndata: {}\n\n';
    for (const size of [1, 2, 3, 7, text.length]) {
      const frames: SseFrame[] = [];
      const comments: string[] = [];
      const p = createFrameParser((f) => frames.push(f), (c) => comments.push(c));
      for (let i = 0; i < text.length; i += size) p.feed(text.slice(i, i + size));
      expect(frames).toEqual([
        { id: '7', event: 'message.created', data: '{"a":\n1}' },
        { id: '8', event: 'x', data: '{}' },
      ]);
      expect(comments).toEqual(['ping']);
    }
  });

  it('ignores frames without data and unknown fields', () => {
    const frames: SseFrame[] = [];
    createFrameParser((f) => frames.push(f)).feed('event: nothing\n\nretry: 100\nfoo: bar\ndata: x\n\n');
    expect(frames).toEqual([{ id: null, event: 'message', data: 'x' }]);
  });

  it('turns frames into events, taking id and type from the frame when missing in the JSON', () => {
    expect(frameToEvent({ id: '5', event: 'session.updated', data: '{"payload":{"x":1}}' })).toEqual({
      id: 5,
      type: 'session.updated',
      payload: { x: 1 },
    });
    expect(frameToEvent({ id: null, event: 'message', data: 'not json' })).toBeNull();
  });
});

function streamResponse(chunks: string[], keepOpen = false): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      if (!keepOpen) c.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('openStream', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    connection.reset();
  });
  afterEach(() => {
    fetchMock.mockReset();
    vi.unstubAllGlobals();
  });

  it('delivers frames, reconnects after the stream drops and asks for a fresh URL', async () => {
    let after = 0;
    fetchMock
      .mockResolvedValueOnce(streamResponse(['id: 1\ndata: {"id":1}\n\n']))
      .mockResolvedValueOnce(streamResponse(['id: 2\ndata: {"id":2}\n\n'], true));
    const frames: string[] = [];
    const opens: boolean[] = [];
    const handle = openStream({
      source: 'test',
      url: () => `/events?after=${after}`,
      onFrame: (f) => {
        frames.push(f.data);
        after = Number(f.id);
      },
      onOpen: (re) => opens.push(re),
    });
    await vi.waitFor(() => expect(frames).toEqual(['{"id":1}', '{"id":2}']), { timeout: 3000 });
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(['/events?after=0', '/events?after=1']);
    expect(opens).toEqual([false, true]);
    expect(connection.isDown()).toBe(false);
    handle.close();
  });

  it('reports the connection down while the server is unreachable', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const handle = openStream({ source: 'test2', url: () => '/events', onFrame: () => undefined });
    await vi.waitFor(() => expect(connection.isDown()).toBe(true));
    handle.close();
    expect(connection.isDown()).toBe(false);
  });

  it('closes when the page is hidden or cached, and resumes when the back/forward cache restores it', async () => {
    const signals: AbortSignal[] = [];
    fetchMock.mockImplementation((_url: string, init: RequestInit) => {
      signals.push(init.signal!);
      return Promise.resolve(streamResponse([': hello\n\n'], true));
    });
    const opens: boolean[] = [];
    const handle = openStream({ source: 'test4', url: () => '/events', onFrame: () => undefined, onOpen: (re) => opens.push(re) });
    await vi.waitFor(() => expect(opens).toEqual([false]));

    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(signals[0].aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    expect(fetchMock).toHaveBeenCalledTimes(1);

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await vi.waitFor(() => expect(opens).toEqual([false, true]));
    handle.close();
    expect(signals[1].aborted).toBe(true);
  });

  it('asks to sign in again, and stops, when the reconnect after a dropped stream gets 401', async () => {
    // the server ends the stream of a sign-in that ended elsewhere; the reconnect is refused
    fetchMock
      .mockResolvedValueOnce(streamResponse(['id: 1\ndata: {"id":1}\n\n']))
      .mockResolvedValue(new Response('{"code":40100,"message":"You were signed out"}', { status: 401 }));
    const signedOut = vi.fn();
    signedOutHook.set(signedOut);
    const onFatal = vi.fn();
    const frames: string[] = [];
    try {
      openStream({ source: 'test5', url: () => '/events', onFrame: (f) => frames.push(f.data), onFatal });
      await vi.waitFor(() => expect(onFatal).toHaveBeenCalledWith(401), { timeout: 3000 });
      expect(frames).toEqual(['{"id":1}']);
      expect(signedOut).toHaveBeenCalledTimes(1);
      await new Promise((r) => setTimeout(r, 1200)); // longer than the first two retry delays
      expect(fetchMock).toHaveBeenCalledTimes(2);
      expect(signedOut).toHaveBeenCalledTimes(1);
      expect(connection.isDown()).toBe(false);
    } finally {
      signedOutHook.set(null);
    }
  });

  it('stops on a 404', async () => {
    fetchMock.mockResolvedValue(new Response('{}', { status: 404 }));
    const onFatal = vi.fn();
    openStream({ source: 'test3', url: () => '/events', onFrame: () => undefined, onFatal });
    await vi.waitFor(() => expect(onFatal).toHaveBeenCalledWith(404));
    await new Promise((r) => setTimeout(r, 700));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
