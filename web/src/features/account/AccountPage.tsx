// The signed-in user's account (`/settings/account`, password mode): display name, password
// change (other sign-ins end), sign out here or everywhere.

import '../capabilities/Capabilities.css';
import './Account.css';
import { useEffect, useState, type FormEvent } from 'react';
import { authApi, authState, useMe } from '../../api/auth';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import { ErrorBox, Section } from '../capabilities/parts';
import { markOwnSignOut } from './AuthGate';

export default function AccountPage({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const me = useMe();
  const [displayName, setDisplayName] = useState(me?.display_name ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pwError, setPwError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('account.title')} · Poco`;
  }, [t]);

  const saveName = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      authState.signedIn(await authApi.updateMe(displayName));
      showToast(t('account.saved'), 'info');
    } catch (err) {
      setError(err);
    }
  };

  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setPwError(null);
    setBusy(true);
    try {
      await authApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      showToast(t('account.passwordChanged'), 'info');
    } catch (err) {
      setPwError(err);
    } finally {
      setBusy(false);
    }
  };

  const signOut = async (everywhere: boolean) => {
    markOwnSignOut();
    try {
      if (everywhere) await authApi.logoutAll();
      else await authApi.logout();
    } finally {
      authState.markSignedOut();
    }
  };

  return (
    <div className="caps" data-testid="account-page">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('account.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content account-page">
          <Section title={t('account.profile')} hint={me?.username ? t('account.signedInAs', { name: me.username }) : undefined}>
            <form className="account-form" onSubmit={(e) => void saveName(e)}>
              <label className="auth-field">
                <span>{t('auth.displayName')}</span>
                <input className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="account-display-name" />
              </label>
              {error ? <ErrorBox error={error} /> : null}
              <div className="account-row">
                <button type="submit" className="btn btn-small" data-testid="account-save-name">{t('account.save')}</button>
              </div>
            </form>
          </Section>
          {me?.auth_mode !== 'oidc' && (
          <Section title={t('account.password')} hint={t('account.passwordHint')}>
            <form className="account-form" onSubmit={(e) => void changePassword(e)}>
              <label className="auth-field">
                <span>{t('account.currentPassword')}</span>
                <input className="input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="account-current-password" />
              </label>
              <label className="auth-field">
                <span>{t('account.newPassword')}</span>
                <input className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="account-new-password" />
              </label>
              <p className="muted auth-hint">{t('auth.passwordRule')}</p>
              {pwError ? <ErrorBox error={pwError} /> : null}
              <div className="account-row">
                <button type="submit" className="btn btn-small" disabled={busy || !current || !next} data-testid="account-change-password">
                  {t('account.changePassword')}
                </button>
              </div>
            </form>
          </Section>
          )}
          <Section title={t('account.signOutTitle')} hint={t('account.signOutHint')}>
            <div className="account-row">
              <button type="button" className="btn btn-small" onClick={() => void signOut(false)} data-testid="account-sign-out">
                {t('account.signOut')}
              </button>
              <button type="button" className="btn btn-small btn-danger" onClick={() => void signOut(true)} data-testid="account-sign-out-all">
                {t('account.signOutAll')}
              </button>
            </div>
          </Section>
        </div>
      </div>
    </div>
  );
}
