import './FilesPanel.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/client';
import { keys } from '../../api/queries';
import type { FileChange, FileNode } from '../../api/types';
import { useT } from '../../i18n';
import { Icon, Spinner } from '../../ui/Icon';
import { FilePreview } from './FilePreview';

interface Props {
  sessionId: string;
  /** Bumped when files may have changed; triggers a (debounced) reload. */
  version: number;
  changes: FileChange[];
  onClose?: () => void;
  /** Buttons for the panel's head, before the close button (maximize). */
  actions?: ReactNode;
  /** Called once when the first read finds an empty workspace. */
  onEmpty?: () => void;
}

const norm = (p: string) => p.replace(/^\.?\/+/, '');

function findNode(nodes: FileNode[], path: string): FileNode | null {
  for (const n of nodes) {
    if (n.path === path) return n;
    if (n.children) {
      const hit = findNode(n.children, path);
      if (hit) return hit;
    }
  }
  return null;
}

function countFiles(nodes: FileNode[]): number {
  return nodes.reduce((n, x) => n + (x.type === 'folder' ? countFiles(x.children ?? []) : 1), 0);
}

function initiallyOpen(list: FileNode[]): Set<string> {
  const open = new Set<string>();
  const small = countFiles(list) <= 30;
  const walk = (ns: FileNode[], depth: number) => {
    for (const n of ns) {
      if (n.type === 'folder' && (small || depth === 0)) {
        open.add(n.path);
        if (small) walk(n.children ?? [], depth + 1);
      }
    }
  };
  walk(list, 0);
  return open;
}

export function FilesPanel({ sessionId, version, changes, onClose, actions, onEmpty }: Props) {
  const t = useT();
  /** The `version` the last read started at; null before the first. */
  const readVersion = useRef<number | null>(null);
  const query = useQuery({
    queryKey: keys.workspaceFiles(sessionId),
    queryFn: async ({ signal }) => {
      readVersion.current = version;
      return (await api.workspaceFiles(sessionId, signal)) ?? [];
    },
    // Read once the session's snapshot is in (it bumps `version`), so the tree is at least as new.
    enabled: version > 0,
    // Shown at once when the panel opens again, and read anew.
    staleTime: 0,
  });
  const nodes = query.data ?? null;
  const error = query.error ? errorText(query.error) : null;
  const [expanded, setExpanded] = useState<Set<string>>(() => (nodes ? initiallyOpen(nodes) : new Set()));
  const [selected, setSelected] = useState<string | null>(null);
  const opened = useRef(nodes !== null);
  const { refetch } = query;

  // Small trees start fully open; large ones show the top level.
  useEffect(() => {
    if (nodes && !opened.current) {
      opened.current = true;
      setExpanded(initiallyOpen(nodes));
    }
  }, [nodes]);

  // Reload on change signals after the first read, at most about once a second while a run is busy.
  useEffect(() => {
    if (readVersion.current === null || readVersion.current === version) return;
    const timer = setTimeout(() => void refetch(), 1000);
    return () => clearTimeout(timer);
  }, [version, refetch]);

  // An empty workspace (and no recorded changes) makes the panel step aside, once.
  const reportedEmpty = useRef(false);
  useEffect(() => {
    if (!onEmpty || reportedEmpty.current || !nodes) return;
    reportedEmpty.current = true;
    if (nodes.length === 0 && changes.length === 0) onEmpty();
  }, [nodes, changes.length, onEmpty]);

  const changeByPath = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of changes) m.set(norm(c.path), c.status);
    return m;
  }, [changes]);

  // The whole workspace as a zip: the server says where (itself, or presigned storage) and whether it is
  // exported yet; the browser then downloads it.
  const [zip, setZip] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const downloadZip = async () => {
    setZip({ busy: true, error: null });
    try {
      const archive = await api.workspaceArchive(sessionId);
      if (!archive?.url) {
        setZip({ busy: false, error: t('files.zipNotReady') });
        return;
      }
      const a = document.createElement('a');
      a.href = archive.url;
      a.download = archive.filename;
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
      setZip({ busy: false, error: null });
    } catch (e) {
      setZip({ busy: false, error: errorText(e) });
    }
  };

  const selectedNode = selected && nodes ? findNode(nodes, selected) : null;
  if (selectedNode) return <FilePreview node={selectedNode} onBack={() => setSelected(null)} actions={actions} />;

  const toggle = (path: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const renderNodes = (list: FileNode[], depth: number) =>
    list.map((n) => {
      const isFolder = n.type === 'folder';
      const open = expanded.has(n.path);
      const change = changeByPath.get(norm(n.path));
      return (
        <li key={n.path} role="treeitem" aria-expanded={isFolder ? open : undefined} aria-selected={false}>
          <button
            type="button"
            className={`tree-row${isFolder ? ' is-folder' : ''}`}
            style={{ paddingLeft: 8 + depth * 14 }}
            data-testid="file-tree-item"
            data-path={n.path}
            data-type={n.type}
            onClick={() => (isFolder ? toggle(n.path) : setSelected(n.path))}
            title={n.path}
          >
            {isFolder ? (
              <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} className="tree-chevron" />
            ) : (
              <span className="tree-chevron" />
            )}
            <Icon name={isFolder ? 'folder' : 'file'} size={14} className="tree-icon" />
            <span className="tree-name">{n.name}</span>
            {change && (
              <span className={`change-tag change-${change}`} title={change}>
                {change[0]?.toUpperCase()}
              </span>
            )}
          </button>
          {isFolder && open && n.children && n.children.length > 0 && <ul role="group">{renderNodes(n.children, depth + 1)}</ul>}
        </li>
      );
    });

  return (
    <div className="files-panel" data-testid="files-panel">
      <div className="panel-head">
        <span className="panel-title">{t('files.title')}</span>
        {query.isFetching && <Spinner size={12} />}
        <span className="spacer" />
        {actions}
        {nodes && nodes.length > 0 && (
          <button
            type="button"
            className="icon-btn"
            onClick={() => void downloadZip()}
            disabled={zip.busy}
            aria-label={t('files.downloadZip')}
            title={t('files.downloadZip')}
            data-testid="files-download-zip"
          >
            {zip.busy ? <Spinner size={12} /> : <Icon name="download" />}
          </button>
        )}
        <button type="button" className="icon-btn" onClick={() => void refetch()} aria-label={t('files.refresh')} title={t('files.refresh')} data-testid="files-refresh">
          <Icon name="refresh" />
        </button>
        {onClose && (
          <button type="button" className="icon-btn hide-mobile" onClick={onClose} aria-label={t('files.close')} title={t('files.close')}>
            <Icon name="x" />
          </button>
        )}
      </div>
      {error && (
        <div className="inline-error" role="alert">
          {error}
        </div>
      )}
      {zip.error && (
        <div className="inline-error" role="alert" data-testid="files-zip-error">
          {zip.error}
        </div>
      )}
      {nodes && nodes.length === 0 && !error && <div className="panel-empty">{t('files.empty')}</div>}
      {nodes && nodes.length > 0 && (
        <ul className="tree" role="tree" aria-label={t('files.title')}>
          {renderNodes(nodes, 0)}
        </ul>
      )}
    </div>
  );
}
