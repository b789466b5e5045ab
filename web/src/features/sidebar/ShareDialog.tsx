// Sharing a project (issue 17 part 5): who it is shared with, adding a user by user name as viewer
// or editor, changing a role and removing a member. Only the project's owner opens it; the server
// checks that too and its refusals (unknown user, sharing with yourself) are shown in the dialog.

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client';
import { sharingApi, type ProjectMember } from '../../api/sharing';
import type { Project } from '../../api/types';
import { useT } from '../../i18n';
import { keepFocusInside } from '../../ui/Dialog';
import { Spinner } from '../../ui/Icon';
import { loadProjects } from './sidebarStore';

interface Props {
  project: Project;
  onClose: () => void;
}

type MemberRole = 'viewer' | 'editor';

export function ShareDialog({ project, onClose }: Props) {
  const t = useT();
  const queryClient = useQueryClient();
  const key = ['project-members', project.project_id];
  const members = useQuery({ queryKey: key, queryFn: () => sharingApi.members(project.project_id) });
  const [user, setUser] = useState('');
  const [role, setRole] = useState<MemberRole>('viewer');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector('input')?.focus();
    return () => previous?.focus?.();
  }, []);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: key });
      void loadProjects();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!user.trim()) return;
    if (await run(() => sharingApi.share(project.project_id, user, role))) setUser('');
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else {
      keepFocusInside(e, dialog.current);
    }
  };

  const roleLabel = (r: string) => (r === 'owner' ? t('share.role.owner') : r === 'editor' ? t('share.role.editor') : t('share.role.viewer'));

  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="modal share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-dialog-title"
        data-testid="share-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="share-dialog-title">{t('share.title', { name: project.name })}</h2>
        <div className="modal-body">
          <p className="muted">{t('share.intro')}</p>
          <form className="share-add" onSubmit={(e) => void add(e)}>
            <input
              className="input"
              value={user}
              onChange={(e) => { setUser(e.target.value); setError(null); }}
              placeholder={t('share.userPlaceholder')}
              aria-label={t('share.user')}
              data-testid="share-user"
            />
            <select className="input" value={role} onChange={(e) => setRole(e.target.value as MemberRole)} aria-label={t('share.roleLabel')} data-testid="share-role">
              <option value="viewer">{t('share.role.viewer')}</option>
              <option value="editor">{t('share.role.editor')}</option>
            </select>
            <button type="submit" className="btn btn-primary" disabled={busy || !user.trim()} data-testid="share-add">
              {busy ? <Spinner size={14} /> : t('share.add')}
            </button>
          </form>
          {error && (
            <p className="network-choice-error" role="alert" data-testid="share-error">
              {error}
            </p>
          )}
          {members.isLoading ? (
            <Spinner size={14} />
          ) : members.error ? (
            <p className="network-choice-error" role="alert">{errorText(members.error)}</p>
          ) : (
            <ul className="share-members" aria-label={t('share.members')} data-testid="share-members">
              {(members.data ?? []).map((m: ProjectMember) => (
                <li key={m.user_id} className="share-member" data-testid="share-member" data-user={m.username ?? m.user_id}>
                  <span className="share-member-name">
                    {m.display_name}
                    {m.username && m.username !== m.display_name && <span className="muted"> @{m.username}</span>}
                  </span>
                  {m.role === 'owner' ? (
                    <span className="muted">{roleLabel('owner')}</span>
                  ) : (
                    <>
                      <select
                        className="input"
                        value={m.role}
                        disabled={busy}
                        aria-label={t('share.roleOf', { name: m.display_name })}
                        onChange={(e) => void run(() => sharingApi.share(project.project_id, m.user_id, e.target.value as MemberRole))}
                        data-testid="share-member-role"
                      >
                        <option value="viewer">{t('share.role.viewer')}</option>
                        <option value="editor">{t('share.role.editor')}</option>
                      </select>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={busy}
                        aria-label={t('share.removeOf', { name: m.display_name })}
                        onClick={() => void run(() => sharingApi.remove(project.project_id, m.user_id))}
                        data-testid="share-member-remove"
                      >
                        {t('share.remove')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} data-testid="share-close">
            {t('share.done')}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
