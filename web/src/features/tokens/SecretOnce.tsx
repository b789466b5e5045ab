// A secret shown once (a new API token or registration token), with a copy button.

import { useState } from 'react';
import { useT } from '../../i18n';
import { copyText } from '../../lib/clipboard';
import { Icon } from '../../ui/Icon';

export function SecretOnce({ value, onDone, testId }: { value: string; onDone: () => void; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-once" data-testid={testId} role="status">
      <p className="secret-once-warning">
        <Icon name="alert" /> {t('tokens.showOnce')}
      </p>
      <div className="secret-once-row">
        <code className="secret-once-value" data-testid={`${testId}-value`}>
          {value}
        </code>
        <button
          type="button"
          className="btn btn-small"
          data-testid={`${testId}-copy`}
          onClick={() => void copyText(value).then((ok) => setCopied(ok))}
        >
          <Icon name={copied ? 'check' : 'copy'} /> {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" className="btn btn-small" onClick={onDone} data-testid={`${testId}-done`}>
          {t('tokens.done')}
        </button>
      </div>
    </div>
  );
}
