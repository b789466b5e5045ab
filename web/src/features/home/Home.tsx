import './Home.css';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import { Composer, type Draft } from '../composer/Composer';
import { isNetworkRejection, modeLabelKey } from '../network/NetworkChoice';
import type { TaskRequest } from '../../api/types';
import { useT } from '../../i18n';
import { loadSessions, upsertSession, useSidebar } from '../sidebar/sidebarStore';
import { useNavigate } from 'react-router';
import { paths } from '../../routes';
import { Icon } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import type { ComposerMode } from '../composer/modes';
import type { MessageKey } from '../../i18n/en';

// the scheduled mode's dialog lives with the Schedules page: loaded when first asked for
const ScheduleDialog = lazy(() => import('../schedules/ScheduleDialog'));

const HOME_MODES: readonly ComposerMode[] = ['task', 'plan', 'scheduled'];
const SUGGESTIONS: MessageKey[] = ['home.suggestion.script', 'home.suggestion.site', 'home.suggestion.data', 'home.suggestion.plan'];

/** A scheduled task's default name: the prompt's first line, shortened. */
export function scheduleName(prompt: string): string {
  const line = prompt.trim().split('\n')[0].trim();
  return line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
}

export function Home({ projectId, onOpenSidebar }: { projectId?: string; onOpenSidebar: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { projects } = useSidebar();
  const project = projectId ? projects.find((p) => p.project_id === projectId) : undefined;
  // The server's refusal of the network the last send named: shown under the network choice, not as a toast.
  const [networkError, setNetworkError] = useState<string | null>(null);
  // Local folders (issue 13, part 5): offered only when the server allows some.
  const [folderRoots, setFolderRoots] = useState<string[] | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  // the scheduled mode: the draft waits in the schedule dialog; the composer hears whether it was taken
  const [scheduling, setScheduling] = useState<{ draft: Draft; config: TaskRequest['config'] } | null>(null);
  const settle = useRef<((taken: boolean) => void) | null>(null);

  useEffect(() => {
    let live = true;
    api
      .localFolderRoots()
      .then((r) => live && setFolderRoots(r.enabled ? r.roots : null))
      .catch(() => live && setFolderRoots(null));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    document.title = project ? `${project.name} · Poco` : 'Poco';
  }, [project]);

  const onSubmit = async (draft: Draft): Promise<boolean> => {
    try {
      setNetworkError(null);
      setFolderError(null);
      const config: TaskRequest['config'] = {};
      if (draft.model) config.model = draft.model;
      if (draft.files.length) config.input_files = draft.files;
      if (draft.network) config.network = draft.network;
      if (draft.folders) config.local_folders = draft.folders;
      if (draft.extras) Object.assign(config, draft.extras);
      if (draft.scheduled) {
        return await new Promise<boolean>((resolve) => {
          settle.current = resolve;
          setScheduling({ draft, config });
        });
      }
      const res = await api.createTask({
        prompt: draft.prompt,
        ...(projectId ? { project_id: projectId } : {}),
        permission_mode: draft.plan ? 'plan' : 'default',
        config,
      });
      const now = new Date().toISOString();
      // Shown at once; the user stream brings the real row (and its title) right after.
      upsertSession({
        session_id: res.session_id,
        project_id: projectId ?? null,
        title: null,
        state_patch: null,
        status: 'pending',
        created_at: now,
        updated_at: '1970-01-01T00:00:00Z',
      });
      void loadSessions();
      navigate(paths.session(res.session_id));
      return true;
    } catch (e) {
      if (draft.network && isNetworkRejection(e)) setNetworkError(e.message);
      else if (draft.folders && e instanceof ApiError && e.status === 400 && /folder/i.test(e.message)) {
        setFolderError(e.message);
      } else showToast(errorText(e), 'error');
      return false;
    }
  };

  return (
    <div className="home">
      <header className="home-head show-mobile-flex">
        <button type="button" className="icon-btn" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <span className="brand">Poco</span>
      </header>
      <div className="home-center">
        <h1 className="home-title">{project ? t('home.projectTitle', { name: project.name }) : t('home.title')}</h1>
        <Composer
          key={projectId ?? 'home'}
          onSubmit={onSubmit}
          placeholder={t('composer.placeholder')}
          autoFocus
          network={{
            defaultLabel:
              project?.network && modeLabelKey[project.network.mode]
                ? t('network.choice.projectDefault', { mode: t(modeLabelKey[project.network.mode]) })
                : undefined,
            error: networkError,
            onEdit: () => setNetworkError(null),
          }}
          folders={folderRoots ? { roots: folderRoots, error: folderError, onEdit: () => setFolderError(null) } : undefined}
          modes={HOME_MODES}
          newTask
          suggestions={SUGGESTIONS.map((k) => t(k))}
        />
        <p className="home-hint muted">{t('home.hint')}</p>
      </div>
      {scheduling && (
        <Suspense fallback={null}>
          <ScheduleDialog
            initial={{ name: scheduleName(scheduling.draft.prompt), prompt: scheduling.draft.prompt }}
            projectId={projectId}
            config={scheduling.config}
            onCreated={() => {
              settle.current?.(true);
              settle.current = null;
              showToast(t('home.scheduled'));
              navigate(paths.schedules());
            }}
            onClose={() => {
              // closed without creating: the composer keeps the draft
              settle.current?.(false);
              settle.current = null;
              setScheduling(null);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
