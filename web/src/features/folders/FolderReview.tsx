// The session's read-write local folders (issue 13, part 5): what the agent changed in its worktree
// against the base branch, and a Merge button. Merging commits the pending changes on the session's
// branch and merges it into the base; the server refuses (409) a dirty checkout or a conflict with a
// message that is shown here, and then nothing has changed.

import './Folders.css';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/client';
import type { LocalFolderDiff, SessionLocalFolder } from '../../api/types';
import { useT } from '../../i18n';
import { unifiedLines } from '../../lib/diff';
import { Icon, Spinner } from '../../ui/Icon';

interface Props {
  sessionId: string;
  /** The session's run is active: no merge while the agent may write. Also re-reads when it ends. */
  active: boolean;
}

export function FolderReview({ sessionId, active }: Props) {
  const [folders, setFolders] = useState<SessionLocalFolder[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    api
      .sessionLocalFolders(sessionId, abort.signal)
      .then(setFolders)
      .catch(() => setFolders([]));
    return () => abort.abort();
  }, [sessionId, active]);

  const writable = folders.filter((f) => f.mode === 'rw' && f.worktree);
  if (writable.length === 0) return null;
  return (
    <div className="folder-reviews" data-testid="folder-reviews">
      {writable.map((f) => (
        <FolderCard key={f.name} sessionId={sessionId} folder={f} active={active} />
      ))}
    </div>
  );
}

function FolderCard({ sessionId, folder, active }: { sessionId: string; folder: SessionLocalFolder; active: boolean }) {
  const t = useT();
  const [diff, setDiff] = useState<LocalFolderDiff | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api
        .localFolderDiff(sessionId, folder.name)
        .then((d) => {
          setDiff(d);
          setError(null);
        })
        .catch((e) => setError(errorText(e))),
    [sessionId, folder.name],
  );

  useEffect(() => {
    if (!active) void load();
  }, [active, load]);

  const merge = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const res = await api.mergeLocalFolder(sessionId, folder.name);
      setNotice(
        res.merged
          ? t('folders.merged', { branch: res.branch, base: res.base })
          : t('folders.upToDate', { base: res.base }),
      );
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const files = diff?.files ?? [];
  return (
    <section className="folder-card" data-testid="folder-card" aria-label={folder.path}>
      <div className="folder-card-head">
        <Icon name="folder" size={14} />
        <span className="folder-card-title" title={folder.path}>
          {folder.path}
        </span>
        <span className="muted">
          {t('folders.branch', { branch: folder.branch ?? '', base: folder.base ?? '' })}
        </span>
      </div>
      <div className="folder-card-bar">
        <button
          type="button"
          className="btn btn-small btn-ghost"
          aria-expanded={open}
          data-testid="folder-review"
          onClick={() => setOpen((o) => !o)}
          disabled={files.length === 0}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
          {files.length === 0 ? t('folders.noChanges') : t('folders.changes', { n: files.length })}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          data-testid="folder-merge"
          onClick={() => void merge()}
          disabled={busy || active || files.length === 0}
          title={active ? t('folders.mergeWhenDone') : undefined}
        >
          {busy ? <Spinner size={12} /> : <Icon name="check" size={12} />}
          {t('folders.merge', { base: folder.base ?? '' })}
        </button>
      </div>
      {error && (
        <p className="folder-error" role="alert" data-testid="folder-merge-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="folder-notice" role="status" data-testid="folder-merge-notice">
          {notice}
        </p>
      )}
      {open && diff && (
        <>
          <ul className="folder-files" data-testid="folder-files">
            {files.map((f) => (
              <li key={f.path}>
                <span className={`folder-status folder-status-${f.status}`}>{t(`folders.status.${f.status}`)}</span>
                <span className="folder-file">{f.path}</span>
                {f.additions >= 0 && <span className="diff-add-count">+{f.additions}</span>}
                {f.deletions >= 0 && <span className="diff-del-count">−{f.deletions}</span>}
              </li>
            ))}
          </ul>
          <pre className="diff folder-diff" data-testid="folder-diff">
            {unifiedLines(diff.diff).map((l, i) => (
              <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-ctx'}>
                <span className="diff-op">{l.op}</span>
                {l.text || ' '}
              </div>
            ))}
          </pre>
          {diff.truncated && <p className="muted">{t('folders.truncated')}</p>}
        </>
      )}
    </section>
  );
}
