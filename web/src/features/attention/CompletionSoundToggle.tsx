import { useT } from '../../i18n';
import { setCompletionSound, useCompletionSound } from './sound';

/** Settings: the opt-in for a short sound when a task ends (next to the desktop notifications). */
export function CompletionSoundToggle() {
  const t = useT();
  const on = useCompletionSound();
  return (
    <div className="settings-field" data-testid="settings-sound">
      <label className="settings-choice">
        <input
          type="checkbox"
          checked={on}
          data-testid="settings-sound-toggle"
          onChange={(e) => setCompletionSound(e.target.checked)}
        />
        {t('attention.sound')}
      </label>
      <p className="muted">{t('attention.soundHint')}</p>
    </div>
  );
}
