import './SessionView.css';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import type { Run, TodoItem } from '../../api/types';
import { Composer, type Draft } from '../composer/Composer';
import { TurnView } from '../conversation/Conversation';
import { QuoteSelection } from '../conversation/QuoteSelection';
import { useTurnActions } from '../conversation/useTurnActions';
import { FilesPanel } from '../files/FilesPanel';
import { NetworkPanel } from '../network/NetworkPanel';
import { FolderReview } from '../folders/FolderReview';
import { ComputerPanel, computerSummary } from '../computer/ComputerPanel';
import { computerSteps } from '../computer/computer';
import { PushDialog, sessionRepository } from '../repository/PushDialog';
import { networkSummary } from '../network/NetworkList';
import { refusedCount } from '../network/network';
import { RequestCard } from '../questions/QuestionCard';
import { QueueList, type QueuedItem } from '../composer/QueueList';
import { TodoList } from './TodoList';
import { SplitLayout, usePhone } from './SplitLayout';
import { useT, type T } from '../../i18n';
import { buildTurns } from '../conversation/turns';
import { usePromptKeys } from '../conversation/promptKeys';
import { formatCost, formatDuration } from '../../lib/format';
import { readPref, writePref } from '../../lib/storage';
import { useStickToBottom } from '../../lib/useStickToBottom';
import { ACTIVE, effectiveStatus, pendingQuestions } from './sessionReducer';
import { removeSession, useKnownProjects } from '../sidebar/sidebarStore';
import { roleOf } from '../../api/sharing';
import { useSession } from './useSession';
import { Link } from 'react-router';
import { paths } from '../../routes';
import { Icon, Spinner } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import { Menu } from '../../ui/Menu';
import { useConversationExport } from '../export/useConversationExport';

const RUN_ACTIVE = new Set(['queued', 'claimed', 'running', 'pending']);

function statusLabel(t: T, status: string): string {
  switch (status) {
    case 'pending':
    case 'running':
    case 'completed':
    case 'failed':
    case 'canceled':
      return t(`status.${status}`);
    default:
      return status;
  }
}

function useQueue(sessionId: string) {
  const key = `poco.queue.${sessionId}`;
  const [items, setItems] = useState<QueuedItem[]>(() => {
    try {
      const raw = sessionStorage.getItem(key);
      return raw ? (JSON.parse(raw) as QueuedItem[]) : [];
    } catch {
      return [];
    }
  });
  useEffect(() => {
    try {
      if (items.length) sessionStorage.setItem(key, JSON.stringify(items));
      else sessionStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  }, [key, items]);
  return [items, setItems] as const;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function WorkingIndicator({ status, run, step, t }: { status: string; run: Run | null; step: string | null; t: T }) {
  const now = useNow(true);
  const since = run?.started_at ?? run?.created_at ?? null;
  const elapsed = since ? now - Date.parse(since) : null;
  let label = step || t('session.working');
  if (!step && (status === 'pending' || !run || run.status === 'queued' || run.status === 'claimed')) {
    label = run?.status === 'queued' ? t('session.queuedRun') : t('session.starting');
  }
  return (
    <div className="working" data-testid="working-indicator" role="status" aria-live="polite">
      <Spinner size={14} />
      <span className="working-label">{label}</span>
      {elapsed != null && elapsed > 0 && <span className="muted">{formatDuration(Math.floor(elapsed / 1000) * 1000)}</span>}
    </div>
  );
}

function TodoDock({ todos, t }: { todos: TodoItem[]; t: T }) {
  const [open, setOpen] = useState(false);
  const done = todos.filter((x) => x.status === 'completed').length;
  const current = todos.find((x) => x.status === 'in_progress');
  return (
    <div className={`todo-dock${open ? ' open' : ''}`} data-testid="todo-dock">
      <button type="button" className="todo-dock-head" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <Icon name="list" size={14} />
        <span className="todo-dock-title">{t('todos.title')}</span>
        <span className="muted">{t('todos.progress', { done, total: todos.length })}</span>
        {!open && current && <span className="todo-dock-current">{current.active_form || current.activeForm || current.content}</span>}
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="push-right" />
      </button>
      {open && <TodoList todos={todos} />}
    </div>
  );
}

interface Props {
  id: string;
  onOpenSidebar: () => void;
}

/** Whether the session attached local folders (issue 13, part 5), so that their review is worth asking for. */
const hasLocalFolders = (snapshot: unknown) => {
  const folders = (snapshot as { local_folders?: unknown } | null | undefined)?.local_folders;
  return Array.isArray(folders) && folders.length > 0;
};

export function SessionView({ id, onOpenSidebar }: Props) {
  const t = useT();
  const { state, dispatch, error, retry } = useSession(id);
  usePromptKeys();
  const session = state.session;
  // a session of a project shared with the caller as viewer: read it, change nothing (issue 17 part 5)
  const projects = useKnownProjects();
  const sharedProject = session?.project_id ? projects.find((p) => p.project_id === session.project_id) : undefined;
  const readOnly = roleOf(sharedProject) === 'viewer';
  const status = effectiveStatus(state);
  // Nothing is running until the session is read (no Pending and Stop flashing on a finished task).
  const active = state.loaded && ACTIVE.has(status);
  const tools = useMemo(() => Object.values(state.tools), [state.tools]);
  const runs = useMemo(() => Object.values(state.runs), [state.runs]);
  const turns = useMemo(() => buildTurns(state.messages, tools, runs, state.network), [state.messages, tools, runs, state.network]);
  const network = state.network;
  const steps = useMemo(() => computerSteps(turns), [turns]);
  const refused = useMemo(() => refusedCount(network), [network]);
  const questions = pendingQuestions(state);
  const todos = (session?.state_patch?.todos ?? []) as TodoItem[];
  const step = (session?.state_patch?.current_step as string | null | undefined) ?? null;
  const changes = session?.state_patch?.workspace_state?.file_changes ?? [];
  const activeRun = useMemo(
    () =>
      runs
        .filter((r) => RUN_ACTIVE.has(r.status))
        .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''))[0] ?? null,
    [runs],
  );
  const snapshotModel = session?.config_snapshot?.model;
  const sessionModel = typeof snapshotModel === 'string' ? snapshotModel : null;
  const totalCost = runs.reduce((sum, r) => sum + (r.usage?.total_cost_usd ?? 0), 0);
  const firstPrompt = turns.find((x) => x.prompt)?.prompt?.text ?? '';
  const title = session?.title || firstPrompt.split('\n')[0].slice(0, 80) || t('nav.untitled');

  useEffect(() => {
    document.title = `${title} · Poco`;
    return () => {
      document.title = 'Poco';
    };
  }, [title]);

  useEffect(() => {
    if (state.deleted) removeSession(id);
  }, [state.deleted, id]);

  // The side column shows the files (open by default on wide screens), the network list or the
  // computer's replay, one at a time; on phones each is a tab.
  const savedFilesOpen = readPref('poco.filesOpen');
  /** Whether the workspace panel opened by default (not by the user): then an empty workspace closes it again. */
  const filesByDefault = useRef(savedFilesOpen === null);
  const [side, setSide] = useState<'files' | 'network' | 'computer' | null>(() =>
    (savedFilesOpen ? savedFilesOpen === '1' : window.innerWidth >= 1280) ? 'files' : null,
  );
  const lastSide = useRef<'files' | 'network' | 'computer'>(side ?? 'files');
  useEffect(() => {
    if (side) lastSide.current = side;
  }, [side]);
  const [maximizedChoice, setMaximized] = useState(false);
  const maximized = maximizedChoice && side !== null;
  const phone = usePhone();
  const autoClosed = useRef(false);
  const onFilesEmpty = useCallback(() => {
    if (!filesByDefault.current) return;
    autoClosed.current = true;
    setSide((o) => (o === 'files' ? null : o));
  }, []);
  // … and comes back when the agent starts changing files.
  useEffect(() => {
    if (autoClosed.current && changes.length > 0) {
      autoClosed.current = false;
      setSide((o) => o ?? 'files');
    }
  }, [changes.length]);
  // Ctrl+L: the right panel closes, or opens again with what it showed last.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        filesByDefault.current = false;
        setMaximized(false);
        setSide((o) => (o ? null : lastSide.current));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const filesOpen = side === 'files';
  const networkOpen = side === 'network';
  const computerOpen = side === 'computer';
  const [tab, setTab] = useState<'chat' | 'files' | 'network' | 'computer'>('chat');
  const toggleFiles = () => {
    filesByDefault.current = false;
    setSide((o) => {
      writePref('poco.filesOpen', o === 'files' ? '0' : '1');
      return o === 'files' ? null : 'files';
    });
  };
  const toggleNetwork = () => setSide((o) => (o === 'network' ? null : 'network'));
  const networkLabel = t(networkOpen ? 'network.hide' : 'network.show', { summary: networkSummary(t, network) });
  const toggleComputer = () => setSide((o) => (o === 'computer' ? null : 'computer'));
  const computerLabel = t(computerOpen ? 'computer.hide' : 'computer.show', { summary: computerSummary(t, steps) });

  // Copy, edit, regenerate, branch; quoting a selection into the composer.
  const onSent = useCallback(() => dispatch({ type: 'sent' }), [dispatch]);
  const actions = useTurnActions({ sessionId: id, busy: !state.loaded || active, onSent, onChanged: retry });
  const [insert, setInsert] = useState<{ id: number; text: string } | null>(null);
  const onQuote = useCallback((text: string) => setInsert((old) => ({ id: (old?.id ?? 0) + 1, text })), []);

  // Scrolling.
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const { showJump, toBottom } = useStickToBottom(scroller, content, [state.messages, state.tools, questions.length, active]);
  const exportItems = useConversationExport(title, turns, content);

  // Pushing the work back to GitHub (a finished session whose task cloned a repository).
  const repository = sessionRepository(session);
  const [pushing, setPushing] = useState(false);

  // Cancel.
  const [canceling, setCanceling] = useState(false);
  useEffect(() => {
    if (!active) setCanceling(false);
  }, [active]);
  const cancel = async () => {
    setCanceling(true);
    try {
      await api.cancelSession(id);
    } catch (e) {
      setCanceling(false);
      showToast(errorText(e), 'error');
    }
  };

  // Sending and the follow-up queue.
  const [queue, setQueue] = useQueue(id);
  const [sendFailed, setSendFailed] = useState(false);
  const [editingQueued, setEditingQueued] = useState<string | null>(null);
  const sending = useRef(false);

  const send = useCallback(
    async (draft: Draft): Promise<boolean> => {
      if (sending.current) return false;
      sending.current = true;
      try {
        const config: { model?: string; input_files?: typeof draft.files } = {};
        if (draft.model) config.model = draft.model;
        if (draft.files.length) config.input_files = draft.files;
        dispatch({ type: 'sent' });
        await api.createTask({
          prompt: draft.prompt,
          session_id: id,
          permission_mode: draft.plan ? 'plan' : 'default',
          config,
        });
        setSendFailed(false);
        return true;
      } catch (e) {
        dispatch({ type: 'send-failed' });
        showToast(errorText(e), 'error');
        return false;
      } finally {
        sending.current = false;
      }
    },
    [id, dispatch],
  );

  const queuePaused = status === 'canceled' || sendFailed;
  useEffect(() => {
    if (!state.loaded || active || queuePaused || sending.current) return;
    const next = queue[0];
    if (!next || editingQueued === next.id) return;
    void send(next.draft).then((ok) => {
      if (ok) setQueue((q) => q.filter((x) => x.id !== next.id));
      else setSendFailed(true);
    });
  }, [state.loaded, active, queuePaused, queue, editingQueued, send, setQueue]);

  const onSubmit = async (draft: Draft): Promise<boolean> => {
    if (active || questions.length > 0) {
      setQueue((q) => [...q, { id: `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`, draft }]);
      requestAnimationFrame(() => toBottom(true));
      return true;
    }
    const ok = await send(draft);
    if (ok) requestAnimationFrame(() => toBottom(true));
    return ok;
  };

  if (error && !state.loaded) {
    // A malformed id (400) names no task either: one plain sentence instead of the validator's wording.
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 400 || error.code === 40400 || error.code === 40300);
    return (
      <div className="session-state-page">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <p className={notFound ? '' : 'inline-error'} role="alert">
          {notFound ? t('session.notFound') : errorText(error)}
        </p>
        {notFound ? (
          <Link className="btn btn-primary" to={paths.home()}>
            {t('session.backHome')}
          </Link>
        ) : (
          <button type="button" className="btn" onClick={retry}>
            {t('error.retry')}
          </button>
        )}
      </div>
    );
  }

  if (state.deleted) {
    return (
      <div className="session-state-page">
        <p>{t('session.deleted')}</p>
        <Link className="btn btn-primary" to={paths.home()}>
          {t('session.backHome')}
        </Link>
      </div>
    );
  }

  // Maximize / restore, in the head of whichever panel is open (the chat's head is hidden while maximized).
  const sideActions: ReactNode = phone ? null : (
    <button
      type="button"
      className={`icon-btn${maximized ? ' on' : ''}`}
      onClick={() => setMaximized((m) => !m)}
      aria-pressed={maximized}
      aria-label={maximized ? t('split.restore') : t('split.maximize')}
      title={maximized ? t('split.restore') : t('split.maximize')}
      data-testid="side-maximize"
    >
      <Icon name={maximized ? 'chevronRight' : 'chevronLeft'} />
    </button>
  );
  const chat = (
        <div className="chat-col">
          <header className="session-head">
            <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
              <Icon name="menu" />
            </button>
            <h1 className="session-title" title={title}>
              {state.loaded ? title : t('session.loading')}
            </h1>
            {state.loaded && (
              <span className={`status-pill status-${status}`} data-testid="run-status" data-status={status}>
                {active && questions.length === 0 ? <Spinner size={10} /> : <span className={`dot dot-${status}`} />}
                {active && questions.length > 0 ? t('status.waiting') : statusLabel(t, status)}
              </span>
            )}
            {totalCost > 0 && (
              <span className="muted head-cost hide-mobile" title={t('session.totalCost', { cost: formatCost(totalCost) })}>
                {formatCost(totalCost)}
              </span>
            )}
            <span className="spacer" />
            {active && !readOnly && (
              <button type="button" className="btn btn-small btn-stop" onClick={cancel} disabled={canceling} data-testid="cancel-button">
                {canceling ? <Spinner size={12} /> : <Icon name="stop" size={12} />}
                {canceling ? t('session.canceling') : t('session.cancel')}
              </button>
            )}
            {state.loaded && !active && !readOnly && repository && session && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setPushing(true)}
                aria-label={t('push.actionLabel')}
                title={t('push.actionLabel')}
                data-testid="push-button"
              >
                <Icon name="gitBranch" size={13} />
                <span className="hide-mobile">{t('push.action')}</span>
              </button>
            )}
            <button
              type="button"
              className={`head-toggle hide-mobile${computerOpen ? ' on' : ''}`}
              onClick={toggleComputer}
              aria-pressed={computerOpen}
              title={computerLabel}
              data-testid="computer-toggle"
            >
              {/* The name is the whole sentence; the bare count beside the icon is for the eye only. */}
              <span className="visually-hidden">{computerLabel}</span>
              <Icon name="monitor" size={15} />
              {steps.length > 0 && <span data-testid="computer-count" aria-hidden="true">{steps.length}</span>}
            </button>
            <button
              type="button"
              className={`head-toggle hide-mobile${networkOpen ? ' on' : ''}`}
              onClick={toggleNetwork}
              aria-pressed={networkOpen}
              title={networkLabel}
              data-testid="network-toggle"
            >
              {/* The name is the whole sentence; the bare count beside the icon is for the eye only. */}
              <span className="visually-hidden">{networkLabel}</span>
              <Icon name="globe" size={15} />
              {network.length > 0 && <span data-testid="network-count" aria-hidden="true">{network.length}</span>}
              {refused > 0 && (
                <span className="head-toggle-refused" data-testid="network-refused-count" aria-hidden="true">
                  <Icon name="alert" size={12} />
                  {refused}
                </span>
              )}
            </button>
            {state.loaded && <Menu label={t('session.more')} items={exportItems} testId="session-head-menu" />}
            <button
              type="button"
              className={`icon-btn hide-mobile${filesOpen ? ' on' : ''}`}
              onClick={toggleFiles}
              aria-pressed={filesOpen}
              aria-label={filesOpen ? t('files.close') : t('files.open')}
              title={filesOpen ? t('files.close') : t('files.open')}
              data-testid="files-toggle"
            >
              <Icon name="panelRight" />
            </button>
          </header>
          <div className="tabs show-mobile-flex" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'chat'} className={tab === 'chat' ? 'on' : ''} onClick={() => setTab('chat')}>
              {t('session.chat')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'files'} className={tab === 'files' ? 'on' : ''} onClick={() => setTab('files')} data-testid="files-tab">
              {t('session.files')}
            </button>
            <CountedTab on={tab === 'computer'} onSelect={() => setTab('computer')} testId="computer-tab" label={t('computer.title')}
              count={steps.length} summary={computerSummary(t, steps)} />
            <CountedTab on={tab === 'network'} onSelect={() => setTab('network')} testId="network-tab" label={t('network.title')}
              count={network.length} summary={networkSummary(t, network)} alert={refused > 0} />
          </div>

          <div className="scroller" ref={scroller} tabIndex={-1}>
            <div className="conversation" ref={content}>
              {!state.loaded && (
                <div className="loading-row">
                  <Spinner size={16} /> {t('session.loading')}
                </div>
              )}
              {state.loaded && turns.length === 0 && !active && <div className="empty">{t('session.empty')}</div>}
              {turns.map((turn, i) => (
                <TurnView
                  key={turn.key}
                  turn={turn}
                  active={active && i === turns.length - 1}
                  sessionId={id}
                  streaming={i === turns.length - 1 ? state.partials : undefined}
                  actions={actions}
                />
              ))}
              {!readOnly && questions.map((q) => (
                <RequestCard key={q.id} request={q} onAnswered={(r) => dispatch({ type: 'question-answered', request: r })} />
              ))}
              {state.loaded && active && questions.length === 0 && <WorkingIndicator status={status} run={activeRun} step={step} t={t} />}
              {state.loaded && hasLocalFolders(session?.config_snapshot) && <FolderReview sessionId={id} active={active} />}
            </div>
            <QuoteSelection root={content} onQuote={onQuote} />
          </div>
          <div className="dock">
            {showJump && (
              <button type="button" className="jump-btn" onClick={() => toBottom(true)} data-testid="jump-latest">
                <Icon name="arrowDown" size={14} /> {t('session.jumpLatest')}
              </button>
            )}
            {todos.length > 0 && (active || todos.some((x) => x.status !== 'completed')) && <TodoDock todos={todos} t={t} />}
            {readOnly ? (
              <p className="view-only-note" role="note" data-testid="view-only-note">
                <Icon name="eye" size={14} />{' '}
                {t('share.viewOnly', { name: sharedProject?.owner_name ?? sharedProject?.user_id ?? '' })}
              </p>
            ) : (
            <>
            <QueueList
              items={queue}
              paused={queuePaused}
              canSendNow={!active && queuePaused}
              onChange={(qid, prompt) => setQueue((q) => q.map((x) => (x.id === qid ? { ...x, draft: { ...x.draft, prompt } } : x)))}
              onRemove={(qid) => setQueue((q) => q.filter((x) => x.id !== qid))}
              onEditing={setEditingQueued}
              onSendNow={(qid) => {
                const item = queue.find((x) => x.id === qid);
                if (!item) return;
                void send(item.draft).then((ok) => ok && setQueue((q) => q.filter((x) => x.id !== qid)));
              }}
            />
            <Composer
              onSubmit={onSubmit}
              queueMode={active}
              placeholder={active ? t('composer.placeholderQueued') : t('composer.placeholderFollowUp')}
              autoFocus
              disabled={!state.loaded}
              initialModel={sessionModel}
              insert={insert}
            />
            </>
            )}
          </div>
        </div>
  );
  const panels = (
    <>
      <aside className="files-col" aria-label={t('files.title')}>
        {(filesOpen || tab === 'files') && (
          <FilesPanel sessionId={id} version={state.filesVersion} changes={changes} onClose={toggleFiles} actions={sideActions} onEmpty={onFilesEmpty} />
        )}
      </aside>
      <aside className="computer-col" aria-label={t('computer.title')}>
        {(computerOpen || tab === 'computer') && (
          <ComputerPanel sessionId={id} steps={steps} active={active} onClose={toggleComputer} actions={sideActions} />
        )}
      </aside>
      <aside className="network-col" aria-label={t('network.title')}>
        {(networkOpen || tab === 'network') && (
          <NetworkPanel events={network} runs={runs} unavailable={state.networkUnavailable} onClose={toggleNetwork} actions={sideActions} />
        )}
      </aside>
    </>
  );

  return (
    <div
      className={`session tab-${tab}${filesOpen ? ' files-open' : ''}${networkOpen ? ' network-open' : ''}${computerOpen ? ' computer-open' : ''}${maximized ? ' side-max' : ''}`}
      data-testid="session-view"
      data-session-id={id}
    >
      <SplitLayout phone={phone} maximized={maximized} chat={chat} side={phone || side || tab !== 'chat' ? panels : null} />
      {pushing && session && repository && (
        <PushDialog session={session} repository={repository} onClose={() => setPushing(false)} />
      )}
    </div>
  );
}

/** A phone tab that names its panel and how many entries it holds (read out in full to screen readers). */
function CountedTab({ on, onSelect, testId, label, count, summary, alert = false }: {
  on: boolean;
  onSelect: () => void;
  testId: string;
  label: string;
  count: number;
  summary: string;
  alert?: boolean;
}) {
  return (
    <button type="button" role="tab" aria-selected={on} className={on ? 'on' : ''} onClick={onSelect} data-testid={testId}>
      {label}
      {count > 0 && (
        <>
          <span className="tab-count" aria-hidden="true">
            {count}
          </span>
          {alert && <Icon name="alert" size={12} className="tab-refused" />}
          <span className="visually-hidden">{` (${summary})`}</span>
        </>
      )}
    </button>
  );
}
