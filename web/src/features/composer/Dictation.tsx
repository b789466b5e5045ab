import { useT, type T } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import { useDictation, type DictationError } from './dictation';

function errorMessage(t: T, e: DictationError): string {
  if (typeof e !== 'string') return t('dictation.failed', { error: e.other });
  switch (e) {
    case 'denied':
      return t('dictation.denied');
    case 'noMic':
      return t('dictation.noMic');
    case 'noSpeech':
      return t('dictation.noSpeech');
    case 'network':
      return t('dictation.network');
  }
}

/** The microphone button and what it drives (loaded only where the browser can recognise speech). */
export default function Dictation({ text, onText, disabled }: { text: string; onText: (value: string) => void; disabled?: boolean }) {
  const t = useT();
  const { listening, start, stop } = useDictation(text, onText, (e) => showToast(errorMessage(t, e), 'error'));
  const label = listening ? t('dictation.stop') : t('dictation.start');
  return (
    <button
      type="button"
      className={`icon-btn dictation-btn${listening ? ' on' : ''}`}
      aria-pressed={listening}
      aria-label={label}
      title={label}
      data-testid="composer-dictate"
      disabled={disabled && !listening}
      onClick={listening ? stop : start}
    >
      <Icon name="mic" />
    </button>
  );
}
