// The admin's page (`/settings/admin`, password mode): users (reset a password, disable or enable)
// and invite links (one-time, copied to share).

import '../capabilities/Capabilities.css';
import './Account.css';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, useMe, type AccountUser } from '../../api/auth';
import { sharingApi } from '../../api/sharing';
import { useT } from '../../i18n';
import { CopyButton } from '../../ui/CodeBlock';
import { Icon } from '../../ui/Icon';
import { Badge, ErrorBox, Section } from '../capabilities/parts';

const USERS = ['admin', 'users'] as const;

function UserRow({ user, self, onChanged }: { user: AccountUser; self: boolean; onChanged: () => void }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [temporary, setTemporary] = useState<string | null>(null);
  // oidc accounts have no password here: the provider signs them in
  const oidc = useMe()?.auth_mode === 'oidc';
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className="cap-item" data-testid="admin-user" data-name={user.username}>
      <div className="cap-item-main">
        <div className="cap-item-title">
          <span className="cap-item-name">{user.display_name}</span>
          <span className="muted">@{user.username}</span>
          <Badge tone={user.role === 'admin' ? 'ok' : undefined}>{user.role === 'admin' ? t('admin.role.admin') : t('admin.role.member')}</Badge>
          {user.disabled && <Badge>{t('admin.disabled')}</Badge>}
        </div>
        {temporary && (
          <div className="account-row" data-testid="admin-temporary-password">
            <span>{t('admin.temporaryPassword')}</span>
            <code>{temporary}</code>
            <CopyButton text={temporary} />
          </div>
        )}
        {error ? <ErrorBox error={error} /> : null}
      </div>
      <div className="account-row">
        {!oidc && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void run(async () => setTemporary((await authApi.resetPassword(user.user_id)).temporary_password ?? null))}
          data-testid="admin-reset"
        >
          {t('admin.reset')}
        </button>
        )}
        {!self &&
          (user.disabled ? (
            <button type="button" className="btn btn-small" onClick={() => void run(() => authApi.enable(user.user_id))} data-testid="admin-enable">
              {t('admin.enable')}
            </button>
          ) : (
            <button type="button" className="btn btn-small btn-danger" onClick={() => void run(() => authApi.disable(user.user_id))} data-testid="admin-disable">
              {t('admin.disable')}
            </button>
          ))}
      </div>
    </li>
  );
}

export default function AdminPage({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: USERS, queryFn: authApi.users });
  const usage = useQuery({ queryKey: ['admin', 'usage'], queryFn: () => sharingApi.adminUsage(30) });
  const [role, setRole] = useState('member');
  const [link, setLink] = useState<string | null>(null);
  const [inviteError, setInviteError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('admin.title')} · Poco`;
  }, [t]);

  const invite = async () => {
    setInviteError(null);
    try {
      const created = await authApi.invite(role);
      setLink(`${window.location.origin}${created.path}`);
    } catch (e) {
      setInviteError(e);
    }
  };

  return (
    <div className="caps" data-testid="admin-page">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('admin.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content account-page">
          <Section
            title={t('admin.users')}
            loading={users.isLoading}
            error={users.error}
            onRetry={() => void users.refetch()}
          >
            <ul className="cap-list">
              {(users.data ?? []).map((u) => (
                <UserRow key={u.user_id} user={u} self={u.user_id === me?.user_id} onChanged={() => void queryClient.invalidateQueries({ queryKey: USERS })} />
              ))}
            </ul>
          </Section>
          <Section
            title={t('admin.usage')}
            hint={t('admin.usageHint')}
            loading={usage.isLoading}
            error={usage.error}
            onRetry={() => void usage.refetch()}
          >
            {(usage.data ?? []).length === 0 ? (
              <p className="muted">{t('admin.usageEmpty')}</p>
            ) : (
              <table className="admin-usage" data-testid="admin-usage">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.usageUser')}</th>
                    <th scope="col">{t('admin.usageCost')}</th>
                    <th scope="col">{t('admin.usageTokens')}</th>
                    <th scope="col">{t('admin.usageRuns')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(usage.data ?? []).map((u) => (
                    <tr key={u.user_id} data-testid="admin-usage-row" data-user={u.username ?? u.user_id}>
                      <td>
                        {u.display_name}
                        {u.username && <span className="muted"> @{u.username}</span>}
                      </td>
                      <td>${u.cost_usd.toFixed(2)}</td>
                      <td>
                        {u.input_tokens.toLocaleString()} / {u.output_tokens.toLocaleString()}
                      </td>
                      <td>{u.runs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <Section
            title={t('admin.invites')}
            hint={t('admin.invitesHint')}
            actions={
              <div className="account-row">
                <select className="input" value={role} onChange={(e) => setRole(e.target.value)} aria-label={t('admin.inviteRole')} data-testid="admin-invite-role">
                  <option value="member">{t('admin.role.member')}</option>
                  <option value="admin">{t('admin.role.admin')}</option>
                </select>
                <button type="button" className="btn btn-small" onClick={() => void invite()} data-testid="admin-invite-create">
                  <Icon name="plus" /> {t('admin.inviteCreate')}
                </button>
              </div>
            }
          >
            {inviteError ? <ErrorBox error={inviteError} /> : null}
            {link && (
              <div className="account-row" data-testid="admin-invite">
                <span className="admin-invite-link" data-testid="admin-invite-link">{link}</span>
                <CopyButton text={link} />
              </div>
            )}
          </Section>
        </div>
      </div>
    </div>
  );
}
