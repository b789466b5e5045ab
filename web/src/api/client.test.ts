import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connection } from '../live/connection';
import { jsonResponse } from '../test/fixtures';
import { ApiError, describe as describeValue, errorText, get, post, request } from './client';
import { api } from './endpoints';

const fetchMock = vi.fn();

beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  connection.reset();
});
afterEach(() => {
  fetchMock.mockReset();
  vi.unstubAllGlobals();
});

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('api client', () => {
  it('unwraps data from a success envelope', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'Success', data: { a: 1 } }));
    await expect(get('/api/v1/x')).resolves.toEqual({ a: 1 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/x');
    expect(init.method).toBe('GET');
  });

  it('sends JSON bodies', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: null }));
    await post('/api/v1/sessions/s1/cancel', {});
    const init = fetchMock.mock.calls[0][1];
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{}');
    expect(init.headers['Content-Type']).toBe('application/json');
  });

  it('turns an error envelope into its message, with code and data', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 40400, message: 'Session not found: s9', data: { id: 's9' } }, 404));
    const e = await failure(get('/api/v1/sessions/s9'));
    expect(e.message).toBe('Session not found: s9');
    expect(e.code).toBe(40400);
    expect(e.status).toBe(404);
    expect(e.data).toEqual({ id: 's9' });
  });

  it('treats a non-zero code as an error even with HTTP 200', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 40000, message: 'Prompt cannot be empty', data: null }, 200));
    const e = await failure(post('/api/v1/tasks', { prompt: '' }));
    expect(e.message).toBe('Prompt cannot be empty');
  });

  it('never shows [object Object]', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 40000, message: { detail: 'Nested reason' }, data: null }, 400));
    expect((await failure(get('/x'))).message).toBe('Nested reason');

    fetchMock.mockResolvedValue(jsonResponse({ detail: [{ loc: ['body', 'prompt'], msg: 'field required' }] }, 422));
    expect((await failure(get('/x'))).message).toBe('body.prompt: field required');

    fetchMock.mockResolvedValue(jsonResponse({ code: 50000, message: '', data: null }, 500));
    expect((await failure(get('/x'))).message).toBe('Request failed (code 50000).');

    expect(errorText({ foo: 'bar' })).toBe('{"foo":"bar"}');
    expect(describeValue(['a', { msg: 'b' }])).toBe('a; b');
  });

  it('reports a body that is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('<html>oops</html>', { status: 500 }));
    expect((await failure(get('/x'))).message).toBe('Request failed (HTTP 500).');
  });

  it('marks the connection down when the server cannot be reached, and up again after a success', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const e = await failure(get('/x'));
    expect(e.network).toBe(true);
    expect(e.message).toBe('Cannot reach the Poco server.');
    expect(connection.isDown()).toBe(true);

    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: 1 }));
    await get('/x');
    expect(connection.isDown()).toBe(false);
  });

  it('treats a proxy 502 page as the server being down', async () => {
    fetchMock.mockResolvedValue(new Response('Bad Gateway', { status: 502 }));
    const e = await failure(get('/x'));
    expect(e.network).toBe(true);
    expect(e.message).toContain('502');
    expect(connection.isDown()).toBe(true);
  });

  it('keeps an envelope sent with a 503 as a plain error', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 50201, message: 'Executor unavailable', data: null }, 503));
    const e = await failure(get('/x'));
    expect(e.network).toBe(false);
    expect(e.message).toBe('Executor unavailable');
    expect(connection.isDown()).toBe(false);
  });

  it('exposes response headers', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: [] }, 200, { 'X-Last-Event-ID': '42' }));
    const res = await request<unknown[]>('GET', '/x');
    expect(res.headers.get('X-Last-Event-ID')).toBe('42');
  });

  it('reads the last event id of the messages snapshot', async () => {
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: [] }, 200, { 'X-Last-Event-ID': '17' }));
    await expect(api.messages('s1')).resolves.toEqual({ messages: [], lastEventId: 17 });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/sessions/s1/messages-with-files');

    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: [] }));
    await expect(api.messages('s1')).resolves.toEqual({ messages: [], lastEventId: null });
  });

  it('uploads files as multipart field "file"', async () => {
    const input = { id: 'f1', type: 'file', name: 'a.txt', source: 'k', size: 3, content_type: 'text/plain', path: null };
    fetchMock.mockResolvedValue(jsonResponse({ code: 0, message: 'ok', data: input }));
    const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
    await expect(api.upload(file)).resolves.toEqual(input);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/attachments/upload');
    expect(init.body).toBeInstanceOf(FormData);
    expect((init.body as FormData).get('file')).toBeInstanceOf(File);
    expect(init.headers['Content-Type']).toBeUndefined();
  });
});
