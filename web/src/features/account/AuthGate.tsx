// In POCO_AUTH_MODE=password (and oidc) nothing of the app loads before a user is signed in: this gate asks
// the server for its mode, then shows first-run setup, an invite's sign-up, the sign-in page, or
// the app. In oidc mode the sign-in page is a "Sign in with <provider>" button, and a refused sign-in comes back as
// /?oidc_error=REASON, which it explains. When any request or stream later gets 401 ("sign in"), the app is replaced by the
// sign-in page with "You were signed out", instead of streams reconnecting in a loop.

import './Account.css';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi, authState, hasAccounts, oidcLoginUrl, useAuthState, type AuthStatus, type Me } from '../../api/auth';
import { signedOutHook } from '../../api/signedOut';
import { errorText } from '../../api/client';
import { useT, type MessageKey } from '../../i18n';

type Notice = 'expired' | 'signedOut' | null;

/** Set by the account page just before it signs out, so the sign-in page says "you signed out". */
let ownSignOut = false;
export function markOwnSignOut() {
  ownSignOut = true;
}

export function AuthGate({ children }: { children: ReactNode }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { signedOut } = useAuthState();
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  // a refused OIDC sign-in lands on /?oidc_error=REASON: keep the reason, drop it from the address
  const [oidcError] = useState(() => new URLSearchParams(window.location.search).get('oidc_error'));
  useEffect(() => {
    if (oidcError) navigate(window.location.pathname, { replace: true });
  }, [oidcError, navigate]);

  useEffect(() => {
    signedOutHook.set(() => authState.markSignedOut());
    return () => signedOutHook.set(null);
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const s = await authApi.status();
        if (!live) return;
        setStatus(s);
        if (!hasAccounts(s.auth_mode) || s.setup_required) return;
        try {
          const m = await authApi.me();
          if (!live) return;
          setMe(m);
          authState.signedIn(m);
        } catch {
          /* not signed in */
        }
      } catch (e) {
        if (live) setError(errorText(e));
      } finally {
        if (live) setChecking(false);
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  // A 401 while signed in: back to the sign-in page, saying why.
  useEffect(() => {
    if (signedOut && me) {
      setNotice(ownSignOut ? 'signedOut' : 'expired');
      ownSignOut = false;
      setMe(null);
      authState.clear();
      queryClient.clear();
      // the next sign-in starts at home, not on the page that was open (through the router, which keeps the URL)
      navigate('/', { replace: true });
    }
  }, [signedOut, me, queryClient, navigate]);

  const onSignedIn = (m: Me) => {
    authState.signedIn(m);
    setNotice(null);
    setStatus((s) => (s ? { ...s, setup_required: false } : s));
    setMe(m);
    if (window.location.pathname.startsWith('/invite/')) navigate('/', { replace: true });
  };

  if (checking) return null;
  if (error) {
    return (
      <AuthCard title={t('auth.unavailable')}>
        <p className="auth-error" role="alert">{error}</p>
      </AuthCard>
    );
  }
  if (!status || !hasAccounts(status.auth_mode) || me) return <>{children}</>;
  const invite = window.location.pathname.match(/^\/invite\/([^/]+)$/);
  if (status.auth_mode === 'oidc') {
    const provider = status.oidc_provider_name || 'Single sign-on';
    return <OidcSignInPage notice={notice} provider={provider} error={oidcError} invite={invite ? decodeURIComponent(invite[1]) : undefined} />;
  }
  if (status.setup_required) return <SetupPage onDone={onSignedIn} />;
  if (invite) return <InvitePage code={decodeURIComponent(invite[1])} onDone={onSignedIn} />;
  return <SignInPage notice={notice} onDone={onSignedIn} />;
}

function AuthCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="auth-page" data-testid={testId}>
      <div className="auth-card">
        <div className="auth-brand">Poco</div>
        <h1 className="auth-title">{title}</h1>
        {children}
      </div>
    </div>
  );
}

function Field({ label, value, onChange, type = 'text', testId, autoComplete }: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  testId: string;
  autoComplete?: string;
}) {
  return (
    <label className="auth-field">
      <span>{label}</span>
      <input className="input" type={type} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} autoComplete={autoComplete} />
    </label>
  );
}

function useSubmit(run: () => Promise<Me>, onDone: (m: Me) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

function SignInPage({ notice, onDone }: { notice: Notice; onDone: (m: Me) => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => authApi.login(username, password), onDone);
  return (
    <AuthCard title={t('auth.signIn.title')} testId="signin-page">
      {notice === 'expired' && <p className="auth-notice" role="status" data-testid="signed-out-notice">{t('auth.signedOut.expired')}</p>}
      {notice === 'signedOut' && <p className="auth-notice" role="status" data-testid="signed-out-notice">{t('auth.signedOut.self')}</p>}
      <form onSubmit={(e) => void submit(e)} className="auth-form">
        <Field label={t('auth.username')} value={username} onChange={setUsername} testId="signin-username" autoComplete="username" />
        <Field label={t('auth.password')} value={password} onChange={setPassword} type="password" testId="signin-password" autoComplete="current-password" />
        {error && <p className="auth-error" role="alert" data-testid="signin-error">{error}</p>}
        <button type="submit" className="btn btn-primary" disabled={busy || !username || !password} data-testid="signin-submit">
          {t('auth.signIn.submit')}
        </button>
      </form>
      <p className="muted auth-hint">{t('auth.signIn.hint')}</p>
    </AuthCard>
  );
}

const OIDC_ERRORS: Record<string, MessageKey> = {
  state: 'auth.oidc.error.state',
  provider: 'auth.oidc.error.provider',
  token: 'auth.oidc.error.token',
  domain: 'auth.oidc.error.domain',
  disabled: 'auth.oidc.error.disabled',
  invite: 'auth.oidc.error.invite',
  unavailable: 'auth.oidc.error.unavailable',
};

/** oidc mode: one button to the provider; the provider's way back sets the session cookie and reloads the app. */
function OidcSignInPage({ notice, provider, error, invite }: { notice: Notice; provider: string; error: string | null; invite?: string }) {
  const t = useT();
  return (
    <AuthCard title={invite ? t('auth.invite.title') : t('auth.signIn.title')} testId="signin-page">
      {notice === 'expired' && <p className="auth-notice" role="status" data-testid="signed-out-notice">{t('auth.signedOut.expired')}</p>}
      {notice === 'signedOut' && <p className="auth-notice" role="status" data-testid="signed-out-notice">{t('auth.signedOut.self')}</p>}
      {error && <p className="auth-error" role="alert" data-testid="signin-error">{t(OIDC_ERRORS[error] ?? 'auth.oidc.error.other')}</p>}
      {invite && <p className="muted">{t('auth.oidc.inviteIntro', { name: provider })}</p>}
      <div className="auth-form">
        <a className="btn btn-primary" href={oidcLoginUrl(invite)} data-testid="signin-oidc">
          {t('auth.oidc.button', { name: provider })}
        </a>
      </div>
      <p className="muted auth-hint">{t('auth.oidc.hint', { name: provider })}</p>
    </AuthCard>
  );
}

function NewAccountForm({ submitLabel, run, onDone, testPrefix }: {
  submitLabel: string;
  run: (username: string, password: string, displayName: string) => Promise<Me>;
  onDone: (m: Me) => void;
  testPrefix: string;
}) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again.length > 0 && password !== again;
  const { busy, error, submit } = useSubmit(() => run(username, password, displayName), onDone);
  return (
    <form onSubmit={(e) => void submit(e)} className="auth-form">
      <Field label={t('auth.username')} value={username} onChange={setUsername} testId={`${testPrefix}-username`} autoComplete="username" />
      <Field label={t('auth.displayName')} value={displayName} onChange={setDisplayName} testId={`${testPrefix}-display-name`} autoComplete="name" />
      <Field label={t('auth.password')} value={password} onChange={setPassword} type="password" testId={`${testPrefix}-password`} autoComplete="new-password" />
      <Field label={t('auth.passwordAgain')} value={again} onChange={setAgain} type="password" testId={`${testPrefix}-password-again`} autoComplete="new-password" />
      <p className="muted auth-hint">{t('auth.passwordRule')}</p>
      {mismatch && <p className="auth-error" role="alert">{t('auth.passwordMismatch')}</p>}
      {error && <p className="auth-error" role="alert" data-testid={`${testPrefix}-error`}>{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy || !username || !password || password !== again} data-testid={`${testPrefix}-submit`}>
        {submitLabel}
      </button>
    </form>
  );
}

function SetupPage({ onDone }: { onDone: (m: Me) => void }) {
  const t = useT();
  return (
    <AuthCard title={t('auth.setup.title')} testId="setup-page">
      <p className="muted">{t('auth.setup.intro')}</p>
      <NewAccountForm submitLabel={t('auth.setup.submit')} run={authApi.setup} onDone={onDone} testPrefix="setup" />
    </AuthCard>
  );
}

function InvitePage({ code, onDone }: { code: string; onDone: (m: Me) => void }) {
  const t = useT();
  return (
    <AuthCard title={t('auth.invite.title')} testId="invite-page">
      <p className="muted">{t('auth.invite.intro')}</p>
      <NewAccountForm
        submitLabel={t('auth.invite.submit')}
        run={(u, p, d) => authApi.acceptInvite(code, u, p, d)}
        onDone={onDone}
        testPrefix="invite"
      />
    </AuthCard>
  );
}
