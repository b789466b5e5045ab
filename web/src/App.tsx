import './app.css';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { api } from './api/endpoints';
import { Sidebar } from './features/sidebar/Sidebar';
import { useT } from './i18n';
import { readPref, writePref } from './lib/storage';
import { useSystemStatus } from './api/queries';
import { connection } from './live/connection';
import { applySidebarEvent, loadQuestions, loadSessions } from './features/sidebar/sidebarStore';
import { openStream } from './live/sse';
import { frameToEvent } from './features/session/useSession';
import { Pages, useRouteIds } from './routes';
import { SearchPalette } from './features/search/SearchPalette';
import { Icon } from './ui/Icon';
import { dismissToast, useToasts } from './ui/toast';
import { AttentionTitle } from './features/attention/AttentionTitle';
import { noteAttentionEvent } from './features/attention/attention';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { closeSettings, toggleSettings, useSettingsOpen } from './features/settings/settingsStore';
import { useLocation, useNavigate } from 'react-router';
import { Onboarding } from './features/onboarding/Onboarding';
import { knownSession, stopRun, toggleTheme } from './features/search/commands';
import { getTheme } from './theme';
import { errorText } from './api/client';
import { showToast } from './ui/toast';

/** Shown while the server or a stream is unreachable, after a short grace period (no flicker). */
function ConnectionBanner() {
  const t = useT();
  const down = useSyncExternalStore(connection.subscribe, connection.isDown);
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (!down) {
      setShow(false);
      return;
    }
    const timer = setTimeout(() => setShow(true), 1500);
    return () => clearTimeout(timer);
  }, [down]);
  if (!show) return null;
  return (
    <div className="banner banner-offline" role="status" aria-live="polite" data-testid="connection-banner">
      <span className="spinner" style={{ width: 12, height: 12 }} /> {t('banner.offline')}
    </div>
  );
}

const NOTICE_KEY = 'poco.modelNoticeDismissed';

function ModelNotice() {
  const t = useT();
  const status = useSystemStatus();
  const [dismissed, setDismissed] = useState(() => {
    try {
      return sessionStorage.getItem(NOTICE_KEY) === '1';
    } catch {
      return false;
    }
  });
  if (!status || status.model_configured !== false || dismissed) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="model-notice">
      <Icon name="alert" size={16} />
      <span className="banner-text">{t('notice.model')}</span>
      <button
        type="button"
        className="icon-btn"
        aria-label={t('notice.dismiss')}
        title={t('notice.dismiss')}
        data-testid="model-notice-dismiss"
        onClick={() => {
          setDismissed(true);
          try {
            sessionStorage.setItem(NOTICE_KEY, '1');
          } catch {
            /* ignore */
          }
        }}
      >
        <Icon name="x" />
      </button>
    </div>
  );
}

function Toasts() {
  const t = useT();
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          <span className="toast-text">{toast.text}</span>
          <button type="button" className="icon-btn" aria-label={t('toast.close')} onClick={() => dismissToast(toast.id)}>
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

/**
 * The user-level stream keeps the sidebar live; every (re)connect reloads the lists, since this
 * stream does not replay what it missed. The sidebar's queries load the lists at once as well, so a
 * slow or blocked stream never leaves it empty (a first open during that load shares it).
 */
function useUserStream() {
  useEffect(() => {
    const stream = openStream({
      source: 'user',
      url: () => api.userEventsUrl(),
      onOpen: () => {
        void loadSessions();
        void loadQuestions();
      },
      onFrame: (frame) => {
        const ev = frameToEvent(frame);
        if (ev) {
          noteAttentionEvent(ev);
          applySidebarEvent(ev);
        }
      },
      // No user stream on this server: the lists the sidebar loaded stay as they are.
    });
    return () => stream.close();
  }, []);
}

const SIDEBAR_KEY = 'poco.sidebarCollapsed';

export function App() {
  const t = useT();
  const { sessionId, projectId } = useRouteIds();
  const [collapsed, setCollapsed] = useState(() => readPref(SIDEBAR_KEY) === '1');
  const [drawer, setDrawer] = useState(false);
  const [palette, setPalette] = useState(false);
  const closePalette = useCallback(() => setPalette(false), []);
  const settingsTab = useSettingsOpen();
  useUserStream();
  const openDrawer = useCallback(() => setDrawer(true), []);
  const navigate = useNavigate();
  const atHome = useLocation().pathname === '/';

  const toggleCollapsed = () =>
    setCollapsed((c) => {
      writePref(SIDEBAR_KEY, c ? '0' : '1');
      return !c;
    });

  const toggleSidebar = () => (window.innerWidth < 768 ? setDrawer((d) => !d) : toggleCollapsed());

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
      const key = e.key.toLowerCase();
      // The palette's actions with a shortcut of their own (commands.ts COMMAND_KEYS).
      if (mod && e.shiftKey && key === 'o') {
        e.preventDefault();
        navigate('/');
        return;
      }
      if (mod && e.shiftKey && key === 'l') {
        e.preventDefault();
        toggleTheme(getTheme());
        return;
      }
      if (mod && e.shiftKey && key === 's' && sessionId) {
        e.preventDefault();
        stopRun(knownSession(sessionId)).catch((err: unknown) => showToast(errorText(err), 'error'));
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'b') {
        e.preventDefault();
        toggleSidebar();
      } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPalette((open) => !open);
      } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key === ',') {
        e.preventDefault();
        toggleSettings();
      } else if (e.key === 'Escape' && drawer) {
        setDrawer(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawer, sessionId, navigate]);

  // The drawer closes on navigation.
  useEffect(() => setDrawer(false), [sessionId, projectId]);

  return (
    <div className={`app${collapsed ? ' sidebar-collapsed' : ''}${drawer ? ' drawer-open' : ''}`}>
      <AttentionTitle />
      {palette && <SearchPalette onClose={closePalette} onToggleSidebar={toggleSidebar} sessionId={sessionId} />}
      {settingsTab && <SettingsDialog initialTab={settingsTab} onClose={closeSettings} />}
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <div className="sidebar-wrap">
        <Sidebar
          currentSessionId={sessionId}
          currentProjectId={projectId}
          onNavigate={() => setDrawer(false)}
          onCollapse={() => (window.innerWidth < 768 ? setDrawer(false) : toggleCollapsed())}
        />
      </div>
      {drawer && <div className="drawer-backdrop" onClick={() => setDrawer(false)} aria-hidden="true" />}
      <main className="main" id="main">
        {collapsed && (
          <button type="button" className="icon-btn expand-sidebar hide-mobile" onClick={toggleCollapsed} aria-label={t('nav.expand')} title={`${t('nav.expand')} (Ctrl+B)`} data-testid="sidebar-expand">
            <Icon name="sidebar" />
          </button>
        )}
        <ConnectionBanner />
        <ModelNotice />
        {atHome && <Onboarding />}
        <div className="main-body">
          <Pages onOpenSidebar={openDrawer} />
        </div>
      </main>
      <Toasts />
    </div>
  );
}
