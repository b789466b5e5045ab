// The app's URLs (react-router): `/` home, `/s/<session id>` a session, `/p/<project id>` a
// project's composer, `/capabilities/<view>` the capability pages, `/schedules` the scheduled tasks, `/memories` the memories, `/settings/tokens` API tokens, `/admin/runners` the runners; anything else shows home. The server answers index.html for these paths, so
// deep links and reloads work.

import { Route, Routes, useMatch, useParams } from 'react-router';
import { lazy, Suspense } from 'react';
import { Home } from './features/home/Home';
import { SessionView } from './features/session/SessionView';

export const paths = {
  home: () => '/',
  session: (id: string) => `/s/${encodeURIComponent(id)}`,
  project: (id: string) => `/p/${encodeURIComponent(id)}`,
  /** A capability view's URL; without a view, the page's root (which opens the first view). */
  capabilities: (view?: string) => (view ? `/capabilities/${encodeURIComponent(view)}` : '/capabilities'),
  schedules: () => '/schedules',
  /** Settings → Chat apps: providers, link codes, linked chats. */
  chatApps: () => '/settings/chat-apps',
  memories: () => '/memories',
  usage: () => '/usage',
  /** Settings → Account (password mode): profile, password, sign out. */
  account: () => '/settings/account',
  /** Settings → Admin (password mode, admins): users and invites. */
  admin: () => '/settings/admin',
  /** The signed-in user's personal API tokens. */
  apiTokens: () => '/settings/tokens',
  /** Admin → Runners: registration tokens, runners, revocation. */
  adminRunners: () => '/admin/runners',
};

// Its own chunk: most visits never open it.
const Capabilities = lazy(() => import('./features/capabilities/Capabilities'));
const Schedules = lazy(() => import('./features/schedules/Schedules'));
const ChatApps = lazy(() => import('./features/chatapps/ChatApps'));
const Memories = lazy(() => import('./features/memories/Memories'));
const Usage = lazy(() => import('./features/usage/Usage'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
const AdminPage = lazy(() => import('./features/account/AdminPage'));
const ApiTokens = lazy(() => import('./features/tokens/ApiTokens'));
const Runners = lazy(() => import('./features/runners/Runners'));

/** The session or project the URL names (decoded), for the parts of the shell outside the page. */
export function useRouteIds(): { sessionId: string | null; projectId: string | null } {
  const session = useMatch('/s/:sessionId');
  const project = useMatch('/p/:projectId');
  return { sessionId: session?.params.sessionId ?? null, projectId: project?.params.projectId ?? null };
}

function SessionPage({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const { sessionId = '' } = useParams();
  // Keyed: another session starts from a fresh state and stream.
  return <SessionView key={sessionId} id={sessionId} onOpenSidebar={onOpenSidebar} />;
}

function ProjectPage({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const { projectId } = useParams();
  return <Home projectId={projectId} onOpenSidebar={onOpenSidebar} />;
}

/** The page for the current URL. */
export function Pages({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  return (
    <Routes>
      <Route path="/s/:sessionId" element={<SessionPage onOpenSidebar={onOpenSidebar} />} />
      <Route path="/p/:projectId" element={<ProjectPage onOpenSidebar={onOpenSidebar} />} />
      <Route
        path="/capabilities/:view?"
        element={
          <Suspense fallback={null}>
            <Capabilities onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/usage"
        element={
          <Suspense fallback={null}>
            <Usage onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/schedules"
        element={
          <Suspense fallback={null}>
            <Schedules onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/settings/chat-apps"
        element={
          <Suspense fallback={null}>
            <ChatApps onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/memories"
        element={
          <Suspense fallback={null}>
            <Memories onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/settings/account"
        element={
          <Suspense fallback={null}>
            <AccountPage onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/settings/tokens"
        element={
          <Suspense fallback={null}>
            <ApiTokens onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/settings/admin"
        element={
          <Suspense fallback={null}>
            <AdminPage onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route
        path="/admin/runners"
        element={
          <Suspense fallback={null}>
            <Runners onOpenSidebar={onOpenSidebar} />
          </Suspense>
        }
      />
      <Route path="*" element={<Home onOpenSidebar={onOpenSidebar} />} />
    </Routes>
  );
}
