// The previewers' two states before their content: loading, and a preview that failed (the file can still be downloaded).

import { useT } from '../../../i18n';
import { Spinner } from '../../../ui/Icon';

export function PreviewStatus({ status }: { status: { status: 'loading' } | { status: 'error'; message: string } }) {
  const t = useT();
  if (status.status === 'loading') {
    return (
      <div className="preview-note">
        <Spinner size={14} /> {t('files.loading')}
      </div>
    );
  }
  return (
    <div className="inline-error" role="alert">
      {t('files.previewFailed', { message: status.message })}
    </div>
  );
}
