// The first-run welcome: shown on a first visit (no tasks, not dismissed), remembered per user, replayable; its model
// key check reads GET /system/status; its sample task fills the real composer.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authState } from '../../api/auth';
import { fakeApi } from '../../test/fakeApi';
import { session } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { Composer } from '../composer/Composer';
import { Onboarding } from './Onboarding';
import { isDismissed, onboardingKey, resetOnboarding, showOnboarding } from './onboardingStore';

afterEach(() => {
  vi.unstubAllGlobals();
  authState.clear();
  resetOnboarding();
});

const V1 = '/api/v1';
const status = (configured: boolean) => ({ version: '1.0.0', auth_mode: 'single_user', default_model: 'claude-sonnet-4-5', model_configured: configured });

function server(sessions: unknown[], configured = true) {
  return fakeApi({
    [`GET ${V1}/sessions?limit=500`]: sessions,
    [`GET ${V1}/projects`]: [],
    [`GET ${V1}/user-input-requests`]: [],
    [`GET ${V1}/system/status`]: status(configured),
    [`GET ${V1}/models`]: { default_model: 'claude-sonnet-4-5', model_list: [] },
  });
}

describe('first-run onboarding', () => {
  it('welcomes a user without tasks and says the model key is configured', async () => {
    server([]);
    renderInApp(<Onboarding />);
    expect((await screen.findByTestId('onboarding')).textContent).toContain('Welcome to Poco');
    const model = await screen.findByTestId('onboarding-model', {}, { timeout: 2000 });
    await waitFor(() => expect(model.dataset.configured).toBe('true'));
    expect(screen.getByTestId('onboarding-model').textContent).toContain('configured');
  });

  it('tells how to set the key when the server has none, never showing a key', async () => {
    server([], false);
    renderInApp(<Onboarding />);
    await waitFor(() => expect(screen.getByTestId('onboarding-model').dataset.configured).toBe('false'));
    const text = screen.getByTestId('onboarding-model').textContent ?? '';
    expect(text).toContain('ANTHROPIC_API_KEY');
    expect(text).toContain('./poco start');
  });

  it('is not shown to a user who has tasks', async () => {
    const api = server([session()]);
    renderInApp(<Onboarding />);
    await waitFor(() => expect(api.calls.some((c) => c.url.includes('/sessions'))).toBe(true));
    await act(async () => undefined);
    expect(screen.queryByTestId('onboarding')).toBeNull();
  });

  it('stays dismissed for this user only, and comes back from the settings menu', async () => {
    server([]);
    authState.signedIn({ user_id: 'u1', username: 'ada', display_name: null, role: 'member', auth_mode: 'password' });
    const { unmount } = renderInApp(<Onboarding />);
    fireEvent.click(await screen.findByTestId('onboarding-dismiss'));
    expect(screen.queryByTestId('onboarding')).toBeNull();
    expect(localStorage.getItem(onboardingKey('u1'))).toBe('1');
    expect(isDismissed('u2')).toBe(false);
    unmount();

    renderInApp(<Onboarding />);
    await act(async () => undefined);
    expect(screen.queryByTestId('onboarding')).toBeNull();
    act(() => showOnboarding());
    expect(screen.getByTestId('onboarding')).toBeTruthy();
  });

  it('fills the composer with a sample task and then steps aside', async () => {
    server([]);
    renderInApp(
      <>
        <Onboarding />
        <Composer onSubmit={async () => true} placeholder="Ask" />
      </>,
    );
    fireEvent.click(await screen.findByTestId('onboarding-sample'));
    const box = screen.getByTestId('composer-input') as HTMLTextAreaElement;
    expect(box.value).toContain('Fibonacci');
    expect(document.activeElement).toBe(box);
    expect(screen.queryByTestId('onboarding')).toBeNull();
    expect(isDismissed(null)).toBe(true);
    // The composer took the text as typed: its send button is enabled.
    expect((screen.getByTestId('composer-send') as HTMLButtonElement).disabled).toBe(false);
  });
});
