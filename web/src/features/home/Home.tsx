import './Home.css';
import { useEffect } from 'react';
import { errorText } from '../../api/client';
import { api } from '../../api/endpoints';
import { Composer, type Draft } from '../composer/Composer';
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

  useEffect(() => {
    document.title = project ? `${project.name} · Poco` : 'Poco';
  }, [project]);

  const onSubmit = async (draft: Draft): Promise<boolean> => {
    try {
      const config: { model?: string; input_files?: typeof draft.files } = {};
      if (draft.model) config.model = draft.model;
      if (draft.files.length) config.input_files = draft.files;
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
      showToast(errorText(e), 'error');
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
        <Composer key={projectId ?? 'home'} onSubmit={onSubmit} placeholder={t('composer.placeholder')} autoFocus />
        <p className="home-hint muted">{t('home.hint')}</p>
      </div>
    </div>
  );
}
