// Attachment uploads with progress (`POST /attachments/upload`, multipart). fetch cannot report upload
// progress, so this one call goes through XMLHttpRequest; the answer is poco's envelope as for every call.

import { ApiError, describe, errorText } from '../../api/client';
import type { InputFile } from '../../api/types';
import { t } from '../../i18n';
import { formatBytes } from '../../lib/format';

export interface UploadOptions {
  signal?: AbortSignal;
  /** Called with the fraction sent so far (0–1) as the browser reports it. */
  onProgress?: (fraction: number) => void;
}

export function uploadFile(file: File, { signal, onProgress }: UploadOptions = {}): Promise<InputFile> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/attachments/upload');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = 15 * 60_000;
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort);
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    xhr.onload = () => {
      done();
      let json: { code?: unknown; message?: unknown; data?: unknown } | undefined;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      if (ok && json && json.code === 0) {
        onProgress?.(1);
        resolve(json.data as InputFile);
        return;
      }
      const status = xhr.status;
      reject(
        new ApiError(describe(json?.message) || `Request failed (HTTP ${status}).`, {
          code: typeof json?.code === 'number' ? json.code : status,
          status,
          data: json?.data,
        }),
      );
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(t('error.unreachable'), { network: true }));
    };
    xhr.ontimeout = () => {
      done();
      reject(new ApiError(t('error.timeout')));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('aborted', 'AbortError'));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Whether the server refused the file for its size (413, or poco's 400 with the sizes in `data`). */
export function isTooBig(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  const data = e.data as { max_bytes?: unknown } | null | undefined;
  return e.status === 413 || (data != null && typeof data === 'object' && typeof data.max_bytes === 'number');
}

/** One sentence for the user about a failed upload: too big (with the limit when known) or failed (with why). */
export function uploadErrorText(name: string, e: unknown): string {
  if (isTooBig(e)) {
    const max = ((e as ApiError).data as { max_bytes?: unknown } | null)?.max_bytes;
    return typeof max === 'number' && max > 1
      ? t('composer.tooBigLimit', { name, limit: formatBytes(max) })
      : t('composer.tooBig', { name });
  }
  return t('composer.uploadFailed', { name, error: errorText(e) });
}
