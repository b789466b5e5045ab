// Local folders of a new task (issue 13, part 5): a folder below one of the server's allowed roots,
// read-only or read-write (a git repository: the session works on a worktree of its own). Shown in
// the composer only when the server allows folders (GET /local-folders).

import './Folders.css';
import { useState } from 'react';
import type { LocalFolderChoice, LocalFolderMode } from '../../api/types';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';

interface Props {
  roots: string[];
  value: LocalFolderChoice[];
  onChange: (folders: LocalFolderChoice[]) => void;
  /** The server's refusal of the folders last sent. */
  error?: string | null;
}

export function FolderPicker({ roots, value, onChange, error }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const start = roots[0] ? `${roots[0].replace(/\/$/, '')}/` : '';
  const [path, setPath] = useState(start);
  const [mode, setMode] = useState<LocalFolderMode>('ro');

  const add = () => {
    const p = path.trim();
    if (!p) return;
    onChange([...value.filter((f) => f.path !== p), { path: p, mode }]);
    // each folder starts read-only again: write access is always chosen on purpose
    setPath(start);
    setMode('ro');
    setOpen(false);
  };

  return (
    <div className="folder-picker" data-testid="folder-picker">
      {value.map((f) => (
        <span key={f.path} className="chip folder-chip" data-testid="folder-chip" title={f.path}>
          <Icon name="folder" size={12} />
          <span className="chip-name">{f.path}</span>
          <span className="muted">{f.mode === 'rw' ? t('folders.rw') : t('folders.ro')}</span>
          <button
            type="button"
            className="chip-remove"
            aria-label={t('folders.remove', { path: f.path })}
            onClick={() => onChange(value.filter((x) => x.path !== f.path))}
          >
            <Icon name="x" size={12} />
          </button>
        </span>
      ))}
      {!open && (
        <button type="button" className="toggle-btn" data-testid="folder-add" onClick={() => setOpen(true)}>
          <Icon name="folder" size={14} /> {t('folders.attach')}
        </button>
      )}
      {open && (
        <div className="folder-form" role="group" aria-label={t('folders.attach')}>
          <input
            className="input folder-path"
            list="folder-roots"
            aria-label={t('folders.path')}
            placeholder={t('folders.pathHint')}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <datalist id="folder-roots">
            {roots.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <select
            className="model-select"
            aria-label={t('folders.mode')}
            value={mode}
            onChange={(e) => setMode(e.target.value as LocalFolderMode)}
          >
            <option value="ro">{t('folders.ro')}</option>
            <option value="rw">{t('folders.rwLong')}</option>
          </select>
          <button type="button" className="btn btn-small" onClick={add} disabled={!path.trim()}>
            {t('folders.add')}
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setOpen(false)}>
            {t('folders.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="folder-error" role="alert" data-testid="folder-error">
          {error}
        </p>
      )}
    </div>
  );
}
