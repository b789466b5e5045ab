import './Home.css';
import { useEffect, useState } from 'react';
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
        />
        <p className="home-hint muted">{t('home.hint')}</p>
      </div>
    </div>
  );
}
