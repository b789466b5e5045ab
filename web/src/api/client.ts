// Thin fetch wrapper: unwraps the `{code, message, data}` envelope and turns every failure into an
// ApiError whose `message` is always a readable sentence.

import { t } from '../i18n';
import { connection } from '../live/connection';
import { recallOffline, rememberOffline } from '../lib/offline';
import type { Envelope } from './types';

export class ApiError extends Error {
  /** Envelope code (0 = success), or the HTTP status when there was no envelope; 0 for network errors. */
  readonly code: number;
  readonly status: number;
  readonly data: unknown;
  readonly network: boolean;

  constructor(message: string, opts: { code?: number; status?: number; data?: unknown; network?: boolean } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = opts.code ?? opts.status ?? 0;
    this.status = opts.status ?? 0;
    this.data = opts.data;
    this.network = opts.network ?? false;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (multipart); `body` is ignored. */
  form?: FormData;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ApiResult<T> {
  data: T;
  message: string;
  headers: Headers;
}

const API_SOURCE = 'api';
let probe: ReturnType<typeof setTimeout> | undefined;

/** The server looked unreachable: mark it so, and probe until it answers again. */
function markApiDown() {
  connection.markDown(API_SOURCE);
  if (probe) return;
  const check = async () => {
    try {
      const res = await fetch('/api/v1/health', { cache: 'no-store', credentials: 'same-origin' });
      if (res.status !== 502 && res.status !== 503 && res.status !== 504) {
        probe = undefined;
        connection.markUp(API_SOURCE);
        return;
      }
    } catch {
      /* still down */
    }
    probe = setTimeout(check, 3000);
  };
  probe = setTimeout(check, 3000);
}

/** Best human text for anything a server might put in `message` or `detail`. */
export function describe(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value
      .map((v) => {
        if (v && typeof v === 'object' && 'msg' in v) {
          const loc = Array.isArray((v as { loc?: unknown }).loc) ? (v as { loc: unknown[] }).loc.join('.') : '';
          return loc ? `${loc}: ${describe((v as { msg: unknown }).msg)}` : describe((v as { msg: unknown }).msg);
        }
        return describe(v);
      })
      .filter(Boolean)
      .join('; ');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of ['message', 'detail', 'error', 'msg', 'title']) {
      if (o[key] != null) return describe(o[key]);
    }
    try {
      return JSON.stringify(value);
    } catch {
      return 'Unexpected error';
    }
  }
  return String(value);
}

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return !!v && typeof v === 'object' && 'code' in v && typeof (v as { code: unknown }).code === 'number';
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), opts.timeoutMs ?? 60_000);
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort);

  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) {
    body = opts.form;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, signal: controller.signal, credentials: 'same-origin' });
  } catch (e) {
    if (opts.signal?.aborted) throw e; // the caller gave up; not an error to show
    const timedOut = controller.signal.aborted;
    if (!timedOut) markApiDown();
    if (method === 'GET') {
      const kept = await recallOffline(path);
      if (kept !== null) return fromEnvelope<T>(JSON.parse(kept), 200, new Headers({ 'X-Poco-Offline': '1' }));
    }
    throw new ApiError(t(timedOut ? 'error.timeout' : 'error.unreachable'), {
      network: !timedOut,
    });
  } finally {
    clearTimeout(timeout);
    opts.signal?.removeEventListener('abort', onAbort);
  }

  // A proxy answering for a server that is down.
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    const text = await res.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isEnvelope(parsed)) {
      markApiDown();
      throw new ApiError(`The Poco server is unavailable (HTTP ${res.status}).`, { status: res.status, network: true });
    }
    connection.markUp(API_SOURCE);
    throw new ApiError(describe(parsed.message) || `Request failed (HTTP ${res.status}).`, {
      code: parsed.code,
      status: res.status,
      data: parsed.data,
    });
  }
  connection.markUp(API_SOURCE);

  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(
      res.ok ? 'The server sent an answer that is not JSON.' : `Request failed (HTTP ${res.status}).`,
      { status: res.status },
    );
  }

  if (method === 'GET' && res.ok && isEnvelope(json) && json.code === 0) rememberOffline(path, text);
  return fromEnvelope<T>(json, res.status, res.headers, res.ok);
}

function fromEnvelope<T>(json: unknown, status: number, headers: Headers, ok = true): ApiResult<T> {
  const res = { status, ok, headers };
  if (isEnvelope(json)) {
    if (json.code !== 0) {
      throw new ApiError(describe(json.message) || `Request failed (code ${json.code}).`, {
        code: json.code,
        status: res.status,
        data: json.data,
      });
    }
    if (!res.ok) {
      throw new ApiError(describe(json.message) || `Request failed (HTTP ${res.status}).`, { status: res.status, data: json.data });
    }
    return { data: json.data as T, message: describe(json.message), headers: res.headers };
  }
  if (!res.ok) {
    throw new ApiError(describe(json) || `Request failed (HTTP ${res.status}).`, { status: res.status, data: json });
  }
  throw new ApiError('The server sent an unexpected answer.', { status: res.status, data: json });
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>('GET', path, { signal })).data;
}

export async function post<T>(path: string, body?: unknown): Promise<T> {
  return (await request<T>('POST', path, { body: body ?? {} })).data;
}

export async function patch<T>(path: string, body: unknown): Promise<T> {
  return (await request<T>('PATCH', path, { body })).data;
}

export async function del<T>(path: string): Promise<T> {
  return (await request<T>('DELETE', path)).data;
}

/** Human text for any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message || 'Unexpected error';
  return describe(e) || 'Unexpected error';
}
