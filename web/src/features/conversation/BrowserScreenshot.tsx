// The screenshot the agent's browser took after one tool call (issue 13). The runner uploads it in
// the background once the call's result is in, so the server answers 404 for a moment: retry a few
// times with a doubling delay, then say quietly that this step has none (not every step has one).
//
// Mounted only inside an open tool card, so a long history fetches nothing until a card is opened;
// the image itself also loads lazily.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import type { T } from '../../i18n';
import { Spinner } from '../../ui/Icon';

/** Retries while the server says "not ready": after 0.5 s, 1 s, 2 s and 4 s. */
export const SCREENSHOT_RETRIES = 4;
export const screenshotRetryDelay = (failures: number) => 500 * 2 ** failures;

const notReady = (e: unknown) => e instanceof ApiError && e.status === 404;

export function BrowserScreenshot({ sessionId, toolUseId, alt, t }: {
  sessionId: string;
  toolUseId: string;
  /** Names the step and the page, for screen readers and when the image fails. */
  alt: string;
  t: T;
}) {
  const [broken, setBroken] = useState(false);
  const query = useQuery({
    queryKey: keys.browserScreenshot(sessionId, toolUseId),
    queryFn: ({ signal }) => api.browserScreenshot(sessionId, toolUseId, signal),
    retry: (failures, error) => notReady(error) && failures < SCREENSHOT_RETRIES,
    retryDelay: screenshotRetryDelay,
  });

  if (query.isPending) {
    return (
      <div className="browser-shot is-pending muted" data-testid="browser-shot" data-state="pending">
        <Spinner size={12} /> {t('browser.loading')}
      </div>
    );
  }
  if (query.isError || broken || !query.data?.url) {
    // Any failure is quiet: the screenshot is extra, the step's own output is right below.
    return (
      <div className="browser-shot is-none muted" data-testid="browser-shot" data-state="none">
        {t('browser.noScreenshot')}
      </div>
    );
  }
  const { url } = query.data;
  return (
    <a
      className="browser-shot"
      data-testid="browser-shot"
      data-state="ready"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={t('browser.openFull')}
    >
      <img src={url} alt={alt} loading="lazy" className="tool-image" onError={() => setBroken(true)} />
    </a>
  );
}
