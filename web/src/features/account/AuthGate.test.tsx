import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthGate } from './AuthGate';
import { get } from '../../api/client';
import { authState } from '../../api/auth';
import { setLang } from '../../i18n';
import { apiError, fakeApi } from '../../test/fakeApi';
import { renderInApp } from '../../test/render';

afterEach(() => {
  vi.unstubAllGlobals();
  authState.clear();
  setLang('en');
});

const V1 = '/api/v1';
const admin = { user_id: 'u1', username: 'root', display_name: 'Root', role: 'admin', auth_mode: 'password' };
const signIn401 = () => apiError(40100, 'Sign in first', null, 401);

function open() {
  renderInApp(
    <AuthGate>
      <div data-testid="the-app">app</div>
    </AuthGate>,
  );
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('auth gate', () => {
  it('shows the app at once outside password mode', async () => {
    fakeApi({ [`GET ${V1}/auth/status`]: { auth_mode: 'single_user', setup_required: false } });
    open();
    expect(await screen.findByTestId('the-app')).toBeTruthy();
  });

  it('offers first-run setup while there is no user, then shows the app', async () => {
    const api = fakeApi({
      [`GET ${V1}/auth/status`]: { auth_mode: 'password', setup_required: true },
      [`POST ${V1}/auth/setup`]: admin,
    });
    open();
    await screen.findByTestId('setup-page');
    type('setup-username', 'root');
    type('setup-password', 'long enough pw');
    type('setup-password-again', 'long enough pw');
    await act(async () => fireEvent.click(screen.getByTestId('setup-submit')));
    expect(await screen.findByTestId('the-app')).toBeTruthy();
    expect(api.sent(`POST ${V1}/auth/setup`)).toEqual([{ username: 'root', password: 'long enough pw', display_name: '' }]);
  });

  it('signs in, shows a wrong password clearly, and goes back to sign-in with a notice on a later 401', async () => {
    let signedIn = false;
    fakeApi({
      [`GET ${V1}/auth/status`]: { auth_mode: 'password', setup_required: false },
      [`GET ${V1}/auth/me`]: () => (signedIn ? admin : signIn401()),
      [`POST ${V1}/auth/login`]: (body: unknown) => {
        if ((body as { password: string }).password !== 'right password') {
          return apiError(10003, 'Wrong user name or password', null, 401);
        }
        signedIn = true;
        return admin;
      },
      [`GET ${V1}/sessions`]: () => signIn401(),
    });
    open();
    await screen.findByTestId('signin-page');
    type('signin-username', 'root');
    type('signin-password', 'wrong password');
    await act(async () => fireEvent.click(screen.getByTestId('signin-submit')));
    expect((await screen.findByTestId('signin-error')).textContent).toBe('Wrong user name or password');
    // a wrong password is not "signed out"
    expect(screen.queryByTestId('signed-out-notice')).toBeNull();
    type('signin-password', 'right password');
    await act(async () => fireEvent.click(screen.getByTestId('signin-submit')));
    await screen.findByTestId('the-app');

    // the session ends behind the app's back: the next call's 401 brings the sign-in page back
    await act(async () => {
      await get(`${V1}/sessions`).catch(() => undefined);
    });
    expect((await screen.findByTestId('signed-out-notice')).textContent).toBe('You were signed out — sign in again.');
    expect(screen.queryByTestId('the-app')).toBeNull();
  });

  it('offers the provider\'s button in oidc mode, and explains a refused sign-in', async () => {
    window.history.replaceState(null, '', '/?oidc_error=domain');
    fakeApi({
      [`GET ${V1}/auth/status`]: { auth_mode: 'oidc', setup_required: false, oidc_provider_name: 'Keycloak' },
      [`GET ${V1}/auth/me`]: () => signIn401(),
    });
    open();
    await screen.findByTestId('signin-page');
    const button = screen.getByTestId('signin-oidc');
    expect(button.textContent).toBe('Sign in with Keycloak');
    expect(button.getAttribute('href')).toBe('/api/v1/auth/oidc/login');
    expect(screen.getByTestId('signin-error').textContent).toContain('your e-mail domain may not create one');
    expect(screen.queryByTestId('signin-password')).toBeNull();
    window.history.replaceState(null, '', '/');
  });

  it('signs an invite in through the provider in oidc mode, and shows the app once signed in', async () => {
    window.history.replaceState(null, '', '/invite/abc%2Fdef');
    fakeApi({
      [`GET ${V1}/auth/status`]: { auth_mode: 'oidc', setup_required: false, oidc_provider_name: null },
      [`GET ${V1}/auth/me`]: () => signIn401(),
    });
    open();
    await screen.findByTestId('signin-page');
    expect(screen.getByTestId('signin-oidc').textContent).toBe('Sign in with Single sign-on');
    expect(screen.getByTestId('signin-oidc').getAttribute('href')).toBe('/api/v1/auth/oidc/login?invite=abc%2Fdef');
    expect(screen.queryByTestId('signin-error')).toBeNull();
    window.history.replaceState(null, '', '/');
  });

  it('shows the app when the oidc sign-in came back with a session', async () => {
    fakeApi({
      [`GET ${V1}/auth/status`]: { auth_mode: 'oidc', setup_required: false, oidc_provider_name: 'Keycloak' },
      [`GET ${V1}/auth/me`]: { ...admin, auth_mode: 'oidc' },
    });
    open();
    expect(await screen.findByTestId('the-app')).toBeTruthy();
  });
});
