// The first-run welcome on the home page: what Poco is, whether the server has a model key (from
// GET /system/status, never the key itself), and a sample task that fills the composer. Shown while the user has no
// task and has not dismissed it; the settings menu shows it again.

import './Onboarding.css';
import { useMe } from '../../api/auth';
import { useSystemStatus } from '../../api/queries';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useSidebar } from '../sidebar/sidebarStore';
import { dismissOnboarding, onboardingDue, useOnboardingVersion } from './onboardingStore';

/**
 * Puts text into the page's composer as if typed (the composer is a controlled React textarea: its value setter is
 * bypassed by React, so the native one is called and an input event sent) and focuses it. False without a composer.
 */
export function fillComposer(text: string): boolean {
  const box = document.querySelector<HTMLTextAreaElement>('[data-testid="composer-input"]');
  if (!box) return false;
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(box, text);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.focus();
  box.setSelectionRange(text.length, text.length);
  return true;
}

function ModelCheck() {
  const t = useT();
  const status = useSystemStatus();
  if (!status) {
    return (
      <p className="onboarding-model muted" data-testid="onboarding-model" data-configured="unknown">
        {t('onboarding.model.checking')}
      </p>
    );
  }
  if (status.model_configured) {
    return (
      <p className="onboarding-model ok" data-testid="onboarding-model" data-configured="true">
        <Icon name="check" size={14} /> {t('onboarding.model.configured')}
      </p>
    );
  }
  return (
    <div className="onboarding-model missing" data-testid="onboarding-model" data-configured="false">
      <p>
        <Icon name="alert" size={14} /> {t('onboarding.model.missing')}
      </p>
      <pre className="onboarding-code">
        <code>export ANTHROPIC_API_KEY=sk-ant-…{'\n'}./poco start</code>
      </pre>
      <p className="muted">{t('onboarding.model.missingHint')}</p>
    </div>
  );
}

export function Onboarding() {
  const t = useT();
  const me = useMe();
  const { sessions, loaded } = useSidebar();
  useOnboardingVersion();
  const userId = me?.user_id ?? null;
  if (!loaded || !onboardingDue(userId, sessions.length > 0)) return null;

  return (
    <section className="onboarding" aria-labelledby="onboarding-title" data-testid="onboarding">
      <div className="onboarding-head">
        <h2 id="onboarding-title">{t('onboarding.title')}</h2>
        <button
          type="button"
          className="icon-btn"
          onClick={() => dismissOnboarding(userId)}
          aria-label={t('onboarding.dismiss')}
          title={t('onboarding.dismiss')}
          data-testid="onboarding-dismiss"
        >
          <Icon name="x" />
        </button>
      </div>
      <p>{t('onboarding.what')}</p>
      <ModelCheck />
      <div className="onboarding-actions">
        <button
          type="button"
          className="btn btn-primary btn-small"
          data-testid="onboarding-sample"
          onClick={() => {
            if (fillComposer(t('onboarding.samplePrompt'))) dismissOnboarding(userId);
          }}
        >
          <Icon name="sparkle" size={14} /> {t('onboarding.sample')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => dismissOnboarding(userId)} data-testid="onboarding-close">
          {t('onboarding.gotIt')}
        </button>
      </div>
    </section>
  );
}
