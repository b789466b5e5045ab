import { useMe } from '../../api/auth';
import './Sidebar.css';
import { useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import type { Project, Session } from '../../api/types';
import { LANG_NAMES, LANGS, setLang, useLang, useT } from '../../i18n';
import { ProjectNetworkDialog } from './ProjectNetworkDialog';
import { ShareDialog } from './ShareDialog';
import { roleOf } from '../../api/sharing';
import { loadProjects, removeSession, setProjects, upsertSession, useSidebar } from './sidebarStore';
import { Link, NavLink, useNavigate } from 'react-router';
import { paths } from '../../routes';
import { setTheme, useTheme } from '../../theme';
import { ConfirmDialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { Menu, type MenuItem } from '../../ui/Menu';
import { showToast } from '../../ui/toast';
import { useSystemStatus } from '../../api/queries';
import { openSettings } from '../settings/settingsStore';
import { showOnboarding } from '../onboarding/onboardingStore';
import {
  clickSelect,
  draggedIds,
  NO_SELECTION,
  parseDragged,
  pruneSelection,
  SESSION_DRAG_TYPE,
  sessionsToMove,
  type Selection,
} from './selection';

interface Props {
  currentSessionId: string | null;
  currentProjectId: string | null;
  /** Called after navigation (closes the phone drawer). */
  onNavigate: () => void;
  onCollapse: () => void;
}

type Confirm = { title: string; body: string; action: () => Promise<void> } | null;

/** A drop target for dragged sidebar tasks: highlighted while tasks hover over it. */
function useTaskDrop(onDrop: (ids: string[]) => void) {
  const [over, setOver] = useState(false);
  const carriesTasks = (e: DragEvent) => Array.from(e.dataTransfer.types).includes(SESSION_DRAG_TYPE);
  return {
    over,
    props: {
      onDragOver: (e: DragEvent) => {
        if (!carriesTasks(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        setOver(false);
        const ids = parseDragged(e.dataTransfer.getData(SESSION_DRAG_TYPE));
        if (ids.length === 0) return;
        e.preventDefault();
        onDrop(ids);
      },
    },
  };
}

function InlineEdit({ value, label, onSave, onCancel }: { value: string; label: string; onSave: (v: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(value);
  const done = useRef(false);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save && text.trim() && text.trim() !== value) onSave(text.trim());
    else onCancel();
  };
  return (
    <input
      className="input inline-edit"
      value={text}
      aria-label={label}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(false);
        }
      }}
    />
  );
}

function SessionItem({
  session,
  current,
  questions,
  projects,
  onNavigate,
  askConfirm,
  selecting,
  selected,
  onPick,
  onDragStart,
  onMove,
}: {
  session: Session;
  current: boolean;
  questions: number;
  projects: Project[];
  onNavigate: () => void;
  askConfirm: (c: Confirm) => void;
  /** The sidebar is in selection mode: a click selects, and each task shows a checkbox. */
  selecting: boolean;
  selected: boolean;
  /** A selecting click on this task (shift: extend from the last one). */
  onPick: (shift: boolean) => void;
  onDragStart: (e: DragEvent) => void;
  onMove: (projectId: string | null) => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const title = session.title || t('nav.untitled');
  const status = session.status;

  const rename = async (name: string) => {
    setRenaming(false);
    try {
      upsertSession(await api.renameSession(session.session_id, name));
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };
  // a session of a project shared with the caller as viewer: nothing in the menu is theirs to do
  const viewOnly = roleOf(projects.find((p) => p.project_id === session.project_id)) === 'viewer';
  const items: MenuItem[] = [
    { label: t('nav.rename'), onSelect: () => setRenaming(true), testId: 'session-rename' },
  ];
  if (projects.length > 0 || session.project_id) {
    items.push({ label: t('nav.moveTo'), heading: true, onSelect: () => undefined });
    if (session.project_id) items.push({ label: t('nav.noProject'), onSelect: () => onMove(null), testId: 'session-move-none' });
    for (const p of projects) {
      // only into the caller's own projects: a shared one is its owner's to fill
      if (p.project_id !== session.project_id && roleOf(p) === 'owner') {
        items.push({ label: p.name, onSelect: () => onMove(p.project_id), testId: `session-move-${p.project_id}` });
      }
    }
  }
  items.push({
    label: t('nav.delete'),
    danger: true,
    testId: 'session-delete',
    onSelect: () =>
      askConfirm({
        title: t('confirm.deleteTask.title'),
        body: t('confirm.deleteTask.body', { title }),
        action: async () => {
          await api.deleteSession(session.session_id);
          removeSession(session.session_id);
          if (current) navigate(paths.home(), { replace: true });
        },
      }),
  });

  return (
    <li
      className={`session-item${current ? ' current' : ''}${selected ? ' selected' : ''}`}
      data-testid="session-item"
      data-session-id={session.session_id}
      data-status={status}
      data-selected={selecting ? String(selected) : undefined}
      draggable={!renaming}
      onDragStart={onDragStart}
    >
      {selecting && !renaming && (
        <input
          type="checkbox"
          className="session-check"
          checked={selected}
          onChange={(e) => onPick((e.nativeEvent as MouseEvent).shiftKey === true)}
          aria-label={t('nav.selectTask', { title })}
          data-testid="session-select"
        />
      )}
      {renaming ? (
        <InlineEdit value={session.title ?? ''} label={t('nav.rename')} onSave={rename} onCancel={() => setRenaming(false)} />
      ) : (
        <Link
          className="session-link"
          to={paths.session(session.session_id)}
          aria-current={current ? 'page' : undefined}
          onClick={(e) => {
            // Ctrl/Cmd-click or Shift-click (or any click while selecting) selects instead of opening.
            if (selecting || e.shiftKey || e.ctrlKey || e.metaKey) {
              e.preventDefault();
              onPick(e.shiftKey);
              return;
            }
            onNavigate();
          }}
          title={title}
          draggable={false}
        >
          <span className={`dot dot-${status}`} title={status} aria-label={status} />
          <span className="session-title-text">{title}</span>
          {questions > 0 && (
            <span className="badge badge-waiting" title={t('nav.questionBadge')} data-testid="question-badge">
              {t('nav.waiting')}
            </span>
          )}
        </Link>
      )}
      {!renaming && !viewOnly && <Menu label={t('nav.more')} items={items} className="item-menu" testId="session-menu" />}
    </li>
  );
}

function ProjectItem({
  project,
  sessions,
  expanded,
  current,
  onToggle,
  renderSession,
  onNavigate,
  askConfirm,
  onDropSessions,
}: {
  project: Project;
  sessions: Session[];
  expanded: boolean;
  current: boolean;
  onToggle: () => void;
  renderSession: (s: Session) => ReactNode;
  onNavigate: () => void;
  askConfirm: (c: Confirm) => void;
  /** Tasks dragged onto the project. */
  onDropSessions: (ids: string[]) => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [editingNetwork, setEditingNetwork] = useState(false);
  const [sharing, setSharing] = useState(false);
  const { projects } = useSidebar();
  const drop = useTaskDrop(onDropSessions);
  // a project shared with the caller: only its owner renames, shares, changes or deletes it
  const role = roleOf(project);
  const owner = role === 'owner';
  const sharedBy = owner ? null : t('share.sharedBy', { name: project.owner_name ?? project.user_id ?? '' });

  const rename = async (name: string) => {
    setRenaming(false);
    try {
      const updated = await api.renameProject(project.project_id, name);
      setProjects(projects.map((p) => (p.project_id === project.project_id ? { ...p, ...updated } : p)));
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };

  return (
    <li className="project-item" data-testid="project-item" data-project-id={project.project_id}>
      <div className={`project-row${current ? ' current' : ''}${drop.over ? ' drop-target' : ''}`} data-testid="project-drop" {...drop.props}>
        <button type="button" className="icon-btn project-toggle" aria-expanded={expanded} onClick={onToggle} aria-label={project.name}>
          <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={14} />
        </button>
        {renaming ? (
          <InlineEdit value={project.name} label={t('nav.rename')} onSave={rename} onCancel={() => setRenaming(false)} />
        ) : (
          <Link
            className="project-link"
            to={paths.project(project.project_id)}
            onClick={onNavigate}
            title={t('nav.newTaskInProject')}
          >
            <Icon name="folder" size={14} />
            <span className="session-title-text">{project.name}</span>
            {sharedBy && (
              <span className="muted shared-hint" title={sharedBy} data-testid="project-shared-by">
                <Icon name="users" size={12} />
                <span className="visually-hidden">{sharedBy}</span>
              </span>
            )}
            {owner && (project.member_count ?? 0) > 0 && (
              <span className="muted shared-hint" title={t('share.sharedWith', { count: project.member_count ?? 0 })} data-testid="project-shared">
                <Icon name="users" size={12} />
              </span>
            )}
            <span className="muted count">{sessions.length || ''}</span>
          </Link>
        )}
        {!renaming && role !== 'viewer' && (
          <Menu
            label={t('nav.more')}
            className="item-menu"
            testId="project-menu"
            items={!owner ? [
              // a member: an editor starts tasks in it; nothing else is theirs to change
              { label: t('nav.newTaskInProject'), onSelect: () => { if (!current) navigate(paths.project(project.project_id)); onNavigate(); } },
            ] : [
              { label: t('nav.newTaskInProject'), onSelect: () => { if (!current) navigate(paths.project(project.project_id)); onNavigate(); } },
              { label: t('nav.rename'), onSelect: () => setRenaming(true) },
              { label: t('share.menu'), onSelect: () => setSharing(true), testId: 'project-share' },
              { label: t('network.project.menu'), onSelect: () => setEditingNetwork(true), testId: 'project-network' },
              {
                label: t('nav.delete'),
                danger: true,
                onSelect: () =>
                  askConfirm({
                    title: t('confirm.deleteProject.title'),
                    body: t('confirm.deleteProject.body', { name: project.name }),
                    action: async () => {
                      await api.deleteProject(project.project_id);
                      setProjects(projects.filter((p) => p.project_id !== project.project_id));
                      for (const s of sessions) upsertSession({ ...s, project_id: null });
                      if (current) navigate(paths.home(), { replace: true });
                    },
                  }),
              },
            ]}
          />
        )}
      </div>
      {sharing && <ShareDialog project={project} onClose={() => setSharing(false)} />}
      {editingNetwork && (
        <ProjectNetworkDialog
          project={project}
          onClose={() => setEditingNetwork(false)}
          onSaved={(updated) => {
            setEditingNetwork(false);
            setProjects(projects.map((p) => (p.project_id === project.project_id ? { ...p, ...updated } : p)));
          }}
        />
      )}
      {expanded && (
        <ul className="session-list nested">
          {sessions.length === 0 ? <li className="empty-small">{t('nav.projectEmpty')}</li> : sessions.map(renderSession)}
        </ul>
      )}
    </li>
  );
}

function SettingsMenu({ onNavigate }: { onNavigate: () => void }) {
  const t = useT();
  const lang = useLang();
  const theme = useTheme();
  const status = useSystemStatus();
  const me = useMe();
  const items: MenuItem[] = [
    { label: `${t('settings.open')} (Ctrl+,)`, onSelect: () => openSettings(), testId: 'settings-open' },
    { label: t('onboarding.replay'), onSelect: () => showOnboarding(), testId: 'onboarding-replay' },
    { label: t('nav.language'), heading: true, onSelect: () => undefined },
    ...LANGS.map((l) => ({ label: LANG_NAMES[l], lang: l, checked: lang === l, onSelect: () => setLang(l), testId: `lang-${l}` })),
    { label: t('nav.theme'), heading: true, onSelect: () => undefined },
    { label: t('nav.theme.system'), checked: theme === 'system', onSelect: () => setTheme('system') },
    { label: t('nav.theme.light'), checked: theme === 'light', onSelect: () => setTheme('light') },
    { label: t('nav.theme.dark'), checked: theme === 'dark', onSelect: () => setTheme('dark') },
  ];
  return (
    <div className="sidebar-foot">
      <nav className="foot-nav" aria-label={t('nav.pages')}>
        <NavLink className="foot-link" to={paths.capabilities()} onClick={onNavigate} data-testid="nav-capabilities" title={t('nav.capabilities')}>
          <Icon name="sparkle" /> <span>{t('nav.capabilities')}</span>
        </NavLink>
        <NavLink className="foot-link" to={paths.schedules()} onClick={onNavigate} data-testid="nav-schedules" title={t('nav.schedules')}>
          <Icon name="refresh" /> <span>{t('nav.schedules')}</span>
        </NavLink>
        <NavLink className="foot-link" to={paths.chatApps()} onClick={onNavigate} data-testid="nav-chat-apps" title={t('nav.chatApps')}>
          <Icon name="globe" /> <span>{t('nav.chatApps')}</span>
        </NavLink>
        <NavLink className="foot-link" to={paths.memories()} onClick={onNavigate} data-testid="nav-memories" title={t('nav.memories')}>
          <Icon name="brain" /> <span>{t('nav.memories')}</span>
        </NavLink>
        <NavLink className="foot-link" to={paths.usage()} onClick={onNavigate} data-testid="nav-usage" title={t('nav.usage')}>
          <Icon name="list" /> <span>{t('nav.usage')}</span>
        </NavLink>
        {me && (
          <NavLink className="foot-link" to={paths.account()} onClick={onNavigate} data-testid="nav-account" title={t('nav.account')}>
            <Icon name="settings" /> <span>{me.display_name ?? t('nav.account')}</span>
          </NavLink>
        )}
        {me?.role === 'admin' && (
          <NavLink className="foot-link" to={paths.admin()} onClick={onNavigate} data-testid="nav-admin" title={t('nav.admin')}>
            <Icon name="list" /> <span>{t('nav.admin')}</span>
          </NavLink>
        )}
        <NavLink className="foot-link" to={paths.apiTokens()} onClick={onNavigate} data-testid="nav-api-tokens" title={t('nav.apiTokens')}>
          <Icon name="key" /> <span>{t('nav.apiTokens')}</span>
        </NavLink>
        {(!me || me.role === 'admin') && (
          <NavLink className="foot-link" to={paths.adminRunners()} onClick={onNavigate} data-testid="nav-runners" title={t('nav.runners')}>
            <Icon name="monitor" /> <span>{t('nav.runners')}</span>
          </NavLink>
        )}
      </nav>
      <div className="foot-row">
        <Menu label={t('nav.settings')} items={items} icon={<Icon name="settings" />} align="left" direction="up" testId="settings-menu" />
        <span className="muted foot-version">{status?.version ? t('nav.version', { v: status.version }) : ''}</span>
      </div>
    </div>
  );
}

export function Sidebar({ currentSessionId, currentProjectId, onNavigate, onCollapse }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const { sessions, projects, questions, loaded } = useSidebar();
  const [selecting, setSelecting] = useState(false);
  const [rawSelection, setSelection] = useState<Selection>(NO_SELECTION);
  const [query, setQuery] = useState('');
  // Explicit open/closed per project; otherwise the open session's project is expanded.
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const search = useRef<HTMLInputElement>(null);

  const q = query.trim().toLowerCase();
  const projectIds = useMemo(() => new Set(projects.map((p) => p.project_id)), [projects]);
  const filtered = useMemo(
    () => (q ? sessions.filter((s) => (s.title ?? '').toLowerCase().includes(q)) : sessions),
    [sessions, q],
  );
  const loose = q ? filtered : filtered.filter((s) => !s.project_id || !projectIds.has(s.project_id));

  // The open session's project stays expanded.
  const currentProject = currentSessionId ? sessions.find((s) => s.session_id === currentSessionId)?.project_id ?? null : currentProjectId;
  const isOpen = (p: Project) => expanded[p.project_id] ?? currentProject === p.project_id;

  // The tasks top to bottom as shown, for Shift-click ranges and the order a drag carries them in.
  const order = [
    ...(q ? [] : projects.filter(isOpen).flatMap((p) => sessions.filter((s) => s.project_id === p.project_id))),
    ...loose,
  ].map((s) => s.session_id);
  // Tasks deleted meanwhile (here or elsewhere) leave the selection.
  const selection = pruneSelection(rawSelection, sessions.map((s) => s.session_id));
  const selectedCount = selection.ids.size;

  const pick = (id: string, shift: boolean) => {
    setSelecting(true);
    setSelection((sel) => clickSelect(sel, order, id, shift));
  };
  const endSelecting = () => {
    setSelecting(false);
    setSelection(NO_SELECTION);
  };

  /** Moves tasks into a project (null: out of any), one request each; a failure is reported, the rest still move. */
  const moveSessions = async (ids: string[], projectId: string | null) => {
    const moving = sessionsToMove(sessions, ids, projectId);
    if (projectId) setExpanded((prev) => ({ ...prev, [projectId]: true }));
    const results = await Promise.allSettled(moving.map((s) => api.moveSession(s.session_id, projectId)));
    const failed = results.filter((r) => r.status === 'rejected');
    for (const r of results) if (r.status === 'fulfilled') upsertSession(r.value);
    if (failed.length > 0) showToast(errorText((failed[0] as PromiseRejectedResult).reason), 'error');
  };

  const deleteSelected = () => {
    const ids = [...selection.ids];
    setConfirm({
      title: t('confirm.deleteTasks.title', { count: ids.length }),
      body: t('confirm.deleteTasks.body', { count: ids.length }),
      action: async () => {
        const results = await Promise.allSettled(ids.map((id) => api.deleteSession(id)));
        let failed = 0;
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') removeSession(ids[i]);
          else failed++;
        });
        endSelecting();
        const current = currentSessionId ? ids.indexOf(currentSessionId) : -1;
        if (current >= 0 && results[current].status === 'fulfilled') navigate(paths.home(), { replace: true });
        if (failed > 0) showToast(t('nav.deleteFailed', { count: failed }), 'error');
      },
    });
  };

  const looseDrop = useTaskDrop((ids) => void moveSessions(ids, null));

  const renderSession = (s: Session) => (
    <SessionItem
      key={s.session_id}
      session={s}
      current={s.session_id === currentSessionId}
      questions={questions[s.session_id]?.length ?? 0}
      projects={projects}
      onNavigate={onNavigate}
      askConfirm={setConfirm}
      selecting={selecting}
      selected={selection.ids.has(s.session_id)}
      onPick={(shift) => pick(s.session_id, shift)}
      onMove={(projectId) => void moveSessions([s.session_id], projectId)}
      onDragStart={(e) => {
        e.dataTransfer.setData(SESSION_DRAG_TYPE, JSON.stringify(draggedIds(selection, order, s.session_id)));
        e.dataTransfer.effectAllowed = 'move';
      }}
    />
  );

  const createProject = async (name: string) => {
    setCreating(false);
    try {
      const p = await api.createProject(name);
      setProjects([p, ...projects]);
      void loadProjects();
    } catch (e) {
      showToast(errorText(e), 'error');
    }
  };

  return (
    <nav
      className="sidebar"
      aria-label="Poco"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && selecting && !confirm) endSelecting();
      }}
    >
      <div className="sidebar-top">
        <Link className="brand" to={paths.home()} onClick={onNavigate}>
          <span className="brand-mark" aria-hidden="true">P</span> Poco
        </Link>
        <span className="spacer" />
        <button type="button" className="icon-btn" onClick={onCollapse} aria-label={t('nav.collapse')} title={`${t('nav.collapse')} (Ctrl+B)`} data-testid="sidebar-collapse">
          <Icon name="sidebar" />
        </button>
      </div>
      <Link className="btn btn-primary new-task" to={paths.home()} onClick={onNavigate} data-testid="new-task">
        <Icon name="plus" size={14} /> {t('nav.newTask')}
      </Link>
      <div className="search">
        <Icon name="search" size={14} />
        <input
          ref={search}
          id="session-search"
          type="search"
          className="search-input"
          placeholder={t('nav.search')}
          aria-label={t('nav.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
          data-testid="session-search"
        />
      </div>

      {selecting && (
        <div className="select-bar" role="toolbar" aria-label={t('nav.selection')} data-testid="select-bar">
          <span className="select-count" aria-live="polite" data-testid="select-count">
            {t('nav.selectedCount', { count: selectedCount })}
          </span>
          <span className="spacer" />
          <button
            type="button"
            className="btn btn-small btn-danger"
            disabled={selectedCount === 0}
            onClick={deleteSelected}
            data-testid="select-delete"
          >
            <Icon name="trash" size={14} /> {t('nav.delete')}
          </button>
          <button type="button" className="btn btn-small" onClick={endSelecting} data-testid="select-done">
            {t('nav.selectDone')}
          </button>
        </div>
      )}
      <div className="sidebar-scroll">
        {!q && (
          <section className="nav-section">
            <div className="nav-section-head">
              <span>{t('nav.projects')}</span>
              <button type="button" className="icon-btn" onClick={() => setCreating(true)} aria-label={t('nav.newProject')} title={t('nav.newProject')} data-testid="project-create">
                <Icon name="plus" size={14} />
              </button>
            </div>
            <ul className="project-list">
              {creating && (
                <li className="project-item">
                  <InlineEdit value="" label={t('nav.projectName')} onSave={createProject} onCancel={() => setCreating(false)} />
                </li>
              )}
              {projects.map((p) => {
                const open = isOpen(p);
                return (
                <ProjectItem
                  key={p.project_id}
                  project={p}
                  sessions={sessions.filter((s) => s.project_id === p.project_id)}
                  expanded={open}
                  current={currentProjectId === p.project_id}
                  onToggle={() => setExpanded((prev) => ({ ...prev, [p.project_id]: !open }))}
                  renderSession={renderSession}
                  onNavigate={onNavigate}
                  askConfirm={setConfirm}
                  onDropSessions={(ids) => void moveSessions(ids, p.project_id)}
                />
                );
              })}
            </ul>
          </section>
        )}
        <section className={`nav-section${looseDrop.over ? ' drop-target' : ''}`} data-testid="tasks-drop" {...looseDrop.props}>
          <div className="nav-section-head">
            <span>{t('nav.tasks')}</span>
            <button
              type="button"
              className={`icon-btn${selecting ? ' active' : ''}`}
              onClick={() => (selecting ? endSelecting() : setSelecting(true))}
              aria-pressed={selecting}
              aria-label={t('nav.select')}
              title={`${t('nav.select')} (Ctrl/Shift+click)`}
              data-testid="select-mode"
            >
              <Icon name="check" size={14} />
            </button>
          </div>
          <ul className="session-list" data-testid="session-list">
            {loaded && loose.length === 0 && <li className="empty-small">{q ? t('nav.noMatches') : t('nav.noTasks')}</li>}
            {loose.map(renderSession)}
          </ul>
        </section>
      </div>
      <SettingsMenu onNavigate={onNavigate} />
      {confirm && (
        <ConfirmDialog
          title={confirm.title}
          body={confirm.body}
          confirmLabel={t('confirm.delete')}
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={async () => {
            const c = confirm;
            setConfirm(null);
            try {
              await c.action();
            } catch (e) {
              showToast(errorText(e), 'error');
            }
          }}
        />
      )}
    </nav>
  );
}
