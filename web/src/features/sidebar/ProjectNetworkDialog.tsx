// A project's network (issue 13): what its new tasks get when they do not choose one. Saved with
// PATCH /projects/{id} (`network: null` goes back to the server's default); the server's refusal of
// a host pattern is shown in the dialog, next to the field.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/client';
import type { Project } from '../../api/types';
import { useT } from '../../i18n';
import { keepFocusInside } from '../../ui/Dialog';
import { Spinner } from '../../ui/Icon';
import { fromNetworkConfig, NetworkDetails, NetworkSelect, toNetworkConfig } from '../network/NetworkChoice';

interface Props {
  project: Project;
  onSaved: (project: Project) => void;
  onClose: () => void;
}

export function ProjectNetworkDialog({ project, onSaved, onClose }: Props) {
  const t = useT();
  const [value, setValue] = useState(() => fromNetworkConfig(project.network));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector('select')?.focus();
    return () => previous?.focus?.();
  }, []);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      onSaved(await api.setProjectNetwork(project.project_id, toNetworkConfig(value) ?? null));
    } catch (e) {
      setError(errorText(e));
      setSaving(false);
    }
  };

  // Esc closes; Tab stays inside the dialog.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else {
      keepFocusInside(e, dialog.current);
    }
  };

  // In a portal: the sidebar slides with a transform on a phone, which would hold a fixed overlay inside it.
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="modal project-network"
        role="dialog"
        aria-modal="true"
        aria-labelledby="project-network-title"
        data-testid="project-network-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id="project-network-title">{t('network.project.title', { name: project.name })}</h2>
        <div className="modal-body">
          <p className="muted">{t('network.project.intro')}</p>
          <NetworkSelect
            className="input project-network-select"
            value={value}
            defaultLabel={t('network.project.serverDefault')}
            onChange={(v) => {
              setValue(v);
              setError(null);
            }}
          />
          <NetworkDetails value={value} onChange={(v) => { setValue(v); setError(null); }} error={value.mode === 'default' ? null : error} />
          {error && value.mode === 'default' && (
            <p className="network-choice-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('confirm.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={saving} onClick={() => void save()} data-testid="project-network-save">
            {saving ? <Spinner size={14} /> : t('network.project.save')}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
