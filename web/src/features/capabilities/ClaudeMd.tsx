// CLAUDE.md: the user's standing instructions, staged into every run while enabled (and not blank).

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capApi, capKeys, type ClaudeMd as ClaudeMdData } from '../../api/capabilities';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../../ui/Dialog';
import { Spinner } from '../../ui/Icon';
import { ErrorBox, Section, Toggle, useRefresh } from './parts';

const MAX_BYTES = 65536;

/** The form, started from what the server has; keyed by its `updated_at`, so a save or clear restarts it. */
function Editor({ data }: { data: ClaudeMdData }) {
  const t = useT();
  const refresh = useRefresh();
  const [content, setContent] = useState(data.content);
  // No row yet: a first save switches it on.
  const [enabled, setEnabled] = useState(data.updated_at == null ? true : data.enabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);

  const bytes = new TextEncoder().encode(content).length;
  const tooLarge = bytes > MAX_BYTES;
  const dirty = content !== data.content || (data.updated_at != null && enabled !== data.enabled);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await action();
      await refresh();
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="cap-form claude-md">
        <label className="cap-inline">
          <Toggle checked={enabled} label={t('claudeMd.enabled')} onChange={setEnabled} testId="claude-md-enabled" />
          <span>{t('claudeMd.enabled')}</span>
        </label>
        <textarea
          className="input cap-code claude-md-text"
          rows={18}
          value={content}
          placeholder={t('claudeMd.placeholder')}
          aria-label="CLAUDE.md"
          onChange={(e) => {
            setContent(e.target.value);
            setSaved(false);
          }}
          data-testid="claude-md-content"
        />
        <div className={`cap-field-hint${tooLarge ? ' cap-over' : ' muted'}`}>
          {t('claudeMd.size', { bytes, max: MAX_BYTES })}
          {enabled && !content.trim() ? ` · ${t('claudeMd.blank')}` : ''}
        </div>
        {error != null && <ErrorBox error={error} />}
        <div className="cap-row-actions">
          {saved && !dirty && <span className="muted" role="status">{t('cap.saved')}</span>}
          <button
            type="button"
            className="btn"
            disabled={busy || !data.updated_at}
            onClick={() => setConfirmClear(true)}
            data-testid="claude-md-clear"
          >
            {t('claudeMd.clear')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || tooLarge || !dirty}
            onClick={() => void run(() => capApi.saveClaudeMd({ enabled, content }))}
            data-testid="claude-md-save"
          >
            {busy && <Spinner size={12} />} {t('cap.save')}
          </button>
        </div>
      </div>
      {confirmClear && (
        <ConfirmDialog
          title={t('claudeMd.clearTitle')}
          body={t('claudeMd.clearBody')}
          confirmLabel={t('claudeMd.clear')}
          danger
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            void run(() => capApi.deleteClaudeMd());
          }}
        />
      )}
    </>
  );
}

export function ClaudeMd() {
  const t = useT();
  const query = useQuery({ queryKey: capKeys.claudeMd, queryFn: capApi.claudeMd });
  return (
    <Section title={t('cap.view.claudeMd')} hint={t('claudeMd.hint')} loading={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
      {query.data && <Editor key={query.data.updated_at ?? 'none'} data={query.data} />}
    </Section>
  );
}
