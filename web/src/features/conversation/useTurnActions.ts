// What the message actions do to a session: edit a prompt or regenerate an answer (the server prunes
// the history and queues the prompt again), branch into a new session (and open it). Failures become
// one plain sentence each.

import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import { useT, type T } from '../../i18n';
import { paths } from '../../routes';
import { showToast } from '../../ui/toast';
import { upsertSession } from '../sidebar/sidebarStore';
import type { TurnActions } from './MessageActions';
import type { Turn } from './turns';

type Action = 'edit' | 'regenerate' | 'branch';

/** The sentence for a failed action: what happened in the user's words, not the server's. */
export function actionErrorText(t: T, action: Action, e: unknown): string | null {
  if (e instanceof ApiError) {
    if (e.network) return null; // the connection banner says it
    if (e.status === 409) return t('actions.error.busy');
    // The message is gone or changed (another tab edited the conversation): the view reloads.
    if (e.status === 400 || e.status === 404) return t('actions.error.stale');
    if (e.status === 403) return t('actions.error.forbidden');
  }
  return t(`actions.error.${action}`, { reason: errorText(e) });
}

interface Options {
  sessionId: string;
  /** A run is in progress in the session. */
  busy: boolean;
  /** A prompt went to the server (the session shows as pending until the server says more). */
  onSent: () => void;
  /** The history changed on the server in ways its events do not carry: read the session again. */
  onChanged: () => void;
}

export function useTurnActions({ sessionId, busy, onSent, onChanged }: Options): TurnActions {
  const t = useT();
  const navigate = useNavigate();

  return useMemo(() => {
    const fail = (action: Action, e: unknown) => {
      const text = actionErrorText(t, action, e);
      if (text) showToast(text, 'error');
      if (e instanceof ApiError && (e.status === 400 || e.status === 404)) onChanged();
    };

    const requeue = async (action: 'edit' | 'regenerate', call: () => Promise<unknown>): Promise<boolean> => {
      try {
        await call();
      } catch (e) {
        fail(action, e);
        return false;
      }
      onSent();
      onChanged();
      return true;
    };

    return {
      busy,
      edit: (turn: Turn, text: string) => {
        const prompt = turn.prompt;
        if (!prompt) return Promise.resolve(false);
        return requeue('edit', () => api.editMessage(sessionId, Number(prompt.messageId), text));
      },
      regenerate: async (turn: Turn) => {
        const prompt = turn.prompt;
        if (!prompt) return;
        // Without a stored answer (the run failed before the model said anything) there is nothing to drop:
        // the same prompt is sent again, as an edit that changes nothing.
        await requeue('regenerate', () =>
          turn.answerFrom != null
            ? api.regenerate(sessionId, Number(prompt.messageId), Number(turn.answerFrom))
            : api.editMessage(sessionId, Number(prompt.messageId), prompt.text),
        );
      },
      branch: async (turn: Turn) => {
        const cutoff = turn.answerTo ?? turn.prompt?.messageId;
        if (cutoff == null) return;
        try {
          const branched = await api.branchSession(sessionId, Number(cutoff));
          // The sidebar lists it at once (its own event may come later).
          api.session(branched.session_id).then(upsertSession, () => undefined);
          showToast(t('actions.branched'), 'info');
          navigate(paths.session(branched.session_id));
        } catch (e) {
          fail('branch', e);
        }
      },
    };
  }, [t, navigate, sessionId, busy, onSent, onChanged]);
}
