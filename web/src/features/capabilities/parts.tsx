// The building blocks every capability page shares: the list row, the on/off switch, the edit
// dialog, the error box (the envelope's message plus per-field problems), and cache refreshes.

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorText } from '../../api/client';
import { capKeys, type CommandMode } from '../../api/capabilities';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../../ui/Dialog';
import { Icon, Spinner } from '../../ui/Icon';
import { showToast } from '../../ui/toast';

/** Reload every capability list and the composer's slash suggestions (which skills and commands feed). */
export function useRefresh() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: capKeys.all }),
      client.invalidateQueries({ queryKey: capKeys.slashSuggestions }),
    ]);
}

/** Runs a list action (toggle, delete); a failure is shown as a toast with the server's message. */
export function useAction() {
  const refresh = useRefresh();
  return async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (e) {
      showToast(errorText(e), 'error');
    } finally {
      await refresh();
    }
  };
}

/** Per-field problems the server sent with an error (`data.errors: [{path, message}]`). */
function fieldErrors(e: unknown): string[] {
  if (!(e instanceof ApiError) || !e.data || typeof e.data !== 'object') return [];
  const errors = (e.data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map((x) => {
      if (!x || typeof x !== 'object') return String(x);
      const { path, message } = x as { path?: unknown; message?: unknown };
      return path ? `${String(path)}: ${String(message ?? '')}` : String(message ?? '');
    })
    .filter(Boolean);
}

export function ErrorBox({ error }: { error: unknown }) {
  if (error == null) return null;
  const details = fieldErrors(error);
  const message = errorText(error);
  return (
    <div className="inline-error" role="alert" data-testid="cap-error">
      {message}
      {details.length > 1 || (details.length === 1 && !details[0].endsWith(message)) ? (
        <ul className="cap-error-list">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Toggle({
  checked,
  label,
  onChange,
  disabled,
  testId,
}: {
  checked: boolean;
  label: string;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      title={label}
      className={`switch${checked ? ' on' : ''}`}
      disabled={disabled}
      data-testid={testId}
      onClick={() => onChange(!checked)}
    >
      <span className="switch-knob" />
    </button>
  );
}

export function SystemBadge() {
  const t = useT();
  return (
    <span className="cap-badge cap-badge-system" title={t('cap.systemHint')} data-testid="system-badge">
      {t('cap.system')}
    </span>
  );
}

export function Badge({ children, tone }: { children: ReactNode; tone?: 'ok' }) {
  return <span className={tone ? `cap-badge cap-badge-${tone}` : 'cap-badge'}>{children}</span>;
}

/** One item of a list: name and badges, a description line, its switch and its actions. */
export function ItemRow({
  name,
  badges,
  description,
  toggle,
  system,
  onEdit,
  onDelete,
  testId = 'cap-item',
}: {
  name: string;
  badges?: ReactNode;
  description?: ReactNode;
  toggle?: ReactNode;
  system?: boolean;
  onEdit?: () => void;
  onDelete?: () => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <li className="cap-item" data-testid={testId} data-name={name}>
      <div className="cap-item-main">
        <div className="cap-item-title">
          <span className="cap-item-name">{name}</span>
          {system && <SystemBadge />}
          {badges}
        </div>
        {description ? <div className="cap-item-desc muted">{description}</div> : null}
      </div>
      <div className="cap-item-actions">
        {toggle}
        {!system && onEdit && (
          <button type="button" className="icon-btn" aria-label={t('cap.editNamed', { name })} title={t('cap.edit')} onClick={onEdit} data-testid="cap-edit">
            <Icon name="pencil" />
          </button>
        )}
        {system && onEdit && (
          <button type="button" className="icon-btn" aria-label={t('cap.viewNamed', { name })} title={t('cap.view')} onClick={onEdit} data-testid="cap-view">
            <Icon name="eye" />
          </button>
        )}
        {!system && onDelete && (
          <button type="button" className="icon-btn" aria-label={t('cap.deleteNamed', { name })} title={t('cap.delete')} onClick={onDelete} data-testid="cap-delete">
            <Icon name="trash" />
          </button>
        )}
      </div>
    </li>
  );
}

/** A page section: heading, hint, actions (create, import, bulk), then the list and its states. */
export function Section({
  title,
  hint,
  actions,
  loading,
  error,
  onRetry,
  empty,
  children,
}: {
  title: string;
  hint?: string;
  actions?: ReactNode;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: string | null;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <section className="cap-section">
      <header className="cap-section-head">
        <div className="cap-section-text">
          <h2>{title}</h2>
          {hint && <p className="muted">{hint}</p>}
        </div>
        {actions && <div className="cap-section-actions">{actions}</div>}
      </header>
      {loading ? (
        <div className="cap-empty muted">
          <Spinner /> {t('session.loading')}
        </div>
      ) : error ? (
        <div className="cap-load-error">
          <ErrorBox error={error} />
          {onRetry && (
            <button type="button" className="btn btn-small" onClick={onRetry}>
              {t('error.retry')}
            </button>
          )}
        </div>
      ) : empty ? (
        <div className="cap-empty muted" data-testid="cap-empty">
          {empty}
        </div>
      ) : (
        children
      )}
    </section>
  );
}

/** For a modal: on mount focus its first field; Esc closes; on unmount focus goes back where it was. */
export function useModal<E extends HTMLElement>(onClose: () => void) {
  const root = useRef<E>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]),textarea:not([disabled]),select')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return root;
}

/**
 * A modal form. `onSubmit` runs on Save; when it throws, the error (the server's message) stays in
 * the dialog and the form keeps what was typed; when it resolves the dialog closes.
 */
export function FormDialog({
  title,
  submitLabel,
  onSubmit,
  onClose,
  canSubmit = true,
  readOnly,
  children,
  testId = 'cap-dialog',
}: {
  title: string;
  submitLabel?: string;
  onSubmit: () => Promise<unknown>;
  onClose: () => void;
  canSubmit?: boolean;
  readOnly?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useModal<HTMLFormElement>(onClose);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !canSubmit || readOnly) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form ref={form} className="modal cap-modal" role="dialog" aria-modal="true" aria-labelledby="cap-dialog-title" data-testid={testId} onSubmit={submit}>
        <h2 id="cap-dialog-title">{title}</h2>
        <div className="cap-form">{children}</div>
        {error != null && <ErrorBox error={error} />}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} data-testid="cap-cancel">
            {readOnly ? t('cap.close') : t('confirm.cancel')}
          </button>
          {!readOnly && (
            <button type="submit" className="btn btn-primary" disabled={busy || !canSubmit} data-testid="cap-save">
              {busy && <Spinner size={12} />} {submitLabel ?? t('cap.save')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

/** A labelled form field. */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="cap-field">
      <span className="cap-field-label">{label}</span>
      {children}
      {hint ? <span className="cap-field-hint muted">{hint}</span> : null}
    </label>
  );
}

/** Asks before deleting; the deletion's failure is a toast. */
export function useConfirmDelete() {
  const t = useT();
  const act = useAction();
  const [pending, setPending] = useState<{ name: string; run: () => Promise<unknown> } | null>(null);
  const dialog = pending ? (
    <ConfirmDialog
      title={t('cap.confirmDelete', { name: pending.name })}
      body={t('cap.confirmDeleteBody')}
      confirmLabel={t('confirm.delete')}
      danger
      onCancel={() => setPending(null)}
      onConfirm={() => {
        const p = pending;
        setPending(null);
        void act(p.run);
      }}
    />
  ) : null;
  return { ask: (name: string, run: () => Promise<unknown>) => setPending({ name, run }), dialog };
}

/** Parses JSON typed by a user: the object, or a message saying what is wrong. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'not-object' };
  return { value: value as Record<string, unknown> };
}

/** Null for blank text, else the trimmed text. */
export const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** Enable all / disable all for the install switches of a list. */
export function BulkButtons({ ids, onSet }: { ids: number[]; onSet: (ids: number[], enabled: boolean) => unknown }) {
  const t = useT();
  if (ids.length === 0) return null;
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void onSet(ids, true)} data-testid="cap-enable-all">
        {t('cap.enableAll')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void onSet(ids, false)} data-testid="cap-disable-all">
        {t('cap.disableAll')}
      </button>
    </>
  );
}

/** Structured (fields) or raw (a markdown file with front matter), for commands and subagents. */
export function ModeSelect({ value, onChange }: { value: CommandMode; onChange: (mode: CommandMode) => void }) {
  const t = useT();
  return (
    <div className="seg" role="radiogroup" aria-label={t('cap.mode')}>
      {(['structured', 'raw'] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={value === m}
          className={`seg-btn${value === m ? ' on' : ''}`}
          onClick={() => onChange(m)}
          data-testid={`mode-${m}`}
        >
          {t(m === 'raw' ? 'cap.mode.raw' : 'cap.mode.structured')}
        </button>
      ))}
    </div>
  );
}
