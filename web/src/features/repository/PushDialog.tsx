// "Push to a branch and open a pull request" (issue 13): on a finished session whose task cloned a
// GitHub repository, the server commits what the agent left in the clone on a new branch, pushes it
// with the token the task names and opens a pull request. The dialog proposes the branch and title,
// shows the server's refusal in place (the form keeps what was typed), and the pull request's link.

import './PushDialog.css';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import type { PushResult, Session } from '../../api/types';
import { useT } from '../../i18n';
import { keepFocusInside } from '../../ui/Dialog';
import { Icon, Spinner } from '../../ui/Icon';

/** The session's repository (`repo_url` of its task or project), when it has one. */
export function sessionRepository(session: Session | null | undefined): string | null {
  const url = session?.config_snapshot?.repo_url;
  return typeof url === 'string' && url.trim() ? url.trim() : null;
}

/** The server's default branch name, shown so the user can edit it. */
export const defaultBranch = (sessionId: string) => `poco/${sessionId.slice(0, 8)}`;

interface Props {
  session: Session;
  repository: string;
  onClose: () => void;
}

export function PushDialog({ session, repository, onClose }: Props) {
  const t = useT();
  const ids = useId();
  const [branch, setBranch] = useState(() => defaultBranch(session.session_id));
  const [title, setTitle] = useState(() => session.title?.trim() ?? '');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PushResult | null>(null);
  const dialog = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('input')?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => {
    if (result) dialog.current?.querySelector<HTMLElement>('[data-testid="push-pr-link"]')?.focus();
  }, [result]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || result) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.pushRepository(session.session_id, {
          branch: branch.trim() || undefined,
          title: title.trim() || undefined,
          body: body.trim() || undefined,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  // Esc closes (not while the push runs); Tab stays inside the dialog.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (!busy) onClose();
    } else {
      keepFocusInside(e, dialog.current);
    }
  };

  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setError(null);
  };

  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <form
        ref={dialog}
        className="modal push-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-busy={busy}
        data-testid="push-dialog"
        onSubmit={submit}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${ids}-title`}>{t('push.title')}</h2>
        <p className="muted push-repo">
          <Icon name="folder" size={13} /> <span data-testid="push-repository">{repository}</span>
        </p>
        {result ? (
          <div className="push-done" role="status" data-testid="push-result">
            <p>
              <Icon name="check" size={14} className="push-ok" />
              <span>{t('push.done', { branch: result.branch, base: result.base })}</span>
            </p>
            <a
              className="btn btn-primary push-link"
              href={result.pull_request_url}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="push-pr-link"
            >
              <Icon name="external" size={14} /> {t('push.open')}
            </a>
            <p className="muted push-url">{result.pull_request_url}</p>
            <p className="muted push-commit">{t('push.commit', { commit: result.commit.slice(0, 12) })}</p>
          </div>
        ) : (
          <div className="push-fields">
            <label className="push-field">
              <span className="push-label">{t('push.branch')}</span>
              <input
                className="input push-mono"
                value={branch}
                onChange={(e) => edit(setBranch)(e.target.value)}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                maxLength={200}
                disabled={busy}
                data-testid="push-branch"
              />
              <span className="push-hint muted">{t('push.branchHint')}</span>
            </label>
            <label className="push-field">
              <span className="push-label">{t('push.prTitle')}</span>
              <input
                className="input"
                value={title}
                placeholder={t('push.prTitlePlaceholder')}
                onChange={(e) => edit(setTitle)(e.target.value)}
                maxLength={256}
                disabled={busy}
                data-testid="push-title"
              />
            </label>
            <label className="push-field">
              <span className="push-label">{t('push.body')}</span>
              <textarea
                className="input"
                rows={4}
                value={body}
                placeholder={t('push.bodyPlaceholder')}
                onChange={(e) => edit(setBody)(e.target.value)}
                disabled={busy}
                data-testid="push-body"
              />
            </label>
            <p className="push-hint muted">{t('push.explain')}</p>
          </div>
        )}
        {error && (
          <p className="inline-error" role="alert" data-testid="push-error">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy} data-testid="push-cancel">
            {result ? t('push.close') : t('confirm.cancel')}
          </button>
          {!result && (
            <button type="submit" className="btn btn-primary" disabled={busy || !branch.trim()} data-testid="push-submit">
              {busy && <Spinner size={12} />} {busy ? t('push.pushing') : t('push.submit')}
            </button>
          )}
        </div>
      </form>
    </div>,
    document.body,
  );
}
