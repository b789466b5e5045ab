// A scripted stand-in for the server behind `fetch`: routes keyed "METHOD /path", each answering
// with the envelope's `data` (or a whole Response), and a record of every request with its body.

import { vi } from 'vitest';
import { jsonResponse } from './fixtures';

export interface Call {
  method: string;
  url: string;
  /** Parsed JSON, the FormData as sent, or undefined. */
  body: unknown;
}

type Handler = (body: unknown, call: Call) => unknown;

/** An error envelope as the server sends it (400 with a code, message and data). */
export const apiError = (code: number, message: string, data: unknown = null, status = 400) =>
  jsonResponse({ code, message, data }, status);

export function fakeApi(routes: Record<string, Handler | unknown>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const raw = init?.body;
    const body = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw ?? undefined;
    const call = { method, url, body };
    calls.push(call);
    const route = routes[`${method} ${url}`];
    if (route === undefined) return apiError(40400, `No route for ${method} ${url}`, null, 404);
    const out = typeof route === 'function' ? await (route as Handler)(body, call) : route;
    return out instanceof Response ? out : jsonResponse({ code: 0, message: 'ok', data: out });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    /** Bodies of the requests sent to `METHOD /path`, in order. */
    sent: (key: string) => calls.filter((c) => `${c.method} ${c.url}` === key).map((c) => c.body),
    routes,
  };
}
