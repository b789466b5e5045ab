// A stand-in for XMLHttpRequest (the composer's uploads use it for their progress): each request is kept so a
// test can report progress and answer it, or answered at once by `respond`.

import { vi } from 'vitest';

export class FakeXhr {
  static all: FakeXhr[] = [];
  /** Answers every request as soon as it is sent, when set. */
  static respond: ((xhr: FakeXhr) => void) | null = null;

  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  timeout = 0;
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.all.push(this);
    if (FakeXhr.respond) queueMicrotask(() => FakeXhr.respond?.(this));
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  /** The uploaded file's name (the multipart `file` part). */
  get fileName(): string | undefined {
    return this.body instanceof FormData ? (this.body.get('file') as File | null)?.name : undefined;
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, envelope: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(envelope);
    this.onload?.();
  }
  ok(data: unknown) {
    this.answer(200, { code: 0, message: 'ok', data });
  }
}

export function installFakeXhr(respond: ((xhr: FakeXhr) => void) | null = null) {
  FakeXhr.all = [];
  FakeXhr.respond = respond;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return FakeXhr;
}
