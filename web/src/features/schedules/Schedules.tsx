// The Schedules page (`/schedules`): the user's scheduled tasks (a prompt that runs on a cron schedule in a
// time zone), each with its switch, "Run now", its run history and delete; and the dialog that creates one,
// whose cron helper shows the next five fires in the chosen zone as the server computes them.

import '../capabilities/Capabilities.css';
import './Schedules.css';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorText } from '../../api/client';
import { scheduleApi, scheduleKeys, type ScheduledTask } from '../../api/schedules';
import { useLang, useT } from '../../i18n';
import { formatCost, formatDuration } from '../../lib/format';
import { paths } from '../../routes';
import { Icon, Spinner } from '../../ui/Icon';
import { showToast } from '../../ui/toast';
import { ConfirmDialog } from '../../ui/Dialog';
import { Badge, ErrorBox, Section, Toggle } from '../capabilities/parts';
import ScheduleDialog from './ScheduleDialog';
import { formatInZone } from './schedule';

function RunHistory({ task }: { task: ScheduledTask }) {
  const t = useT();
  const lang = useLang();
  // polled while open: a run's status moves on its own
  const runs = useQuery({
    queryKey: scheduleKeys.runs(task.scheduled_task_id),
    queryFn: () => scheduleApi.runs(task.scheduled_task_id),
    refetchInterval: 3000,
  });
  if (runs.isPending) return <Spinner size={12} />;
  if (runs.isError) return <ErrorBox error={runs.error} />;
  if (runs.data.length === 0) return <div className="muted sched-history">{t('sched.noRuns')}</div>;
  return (
    <ul className="sched-history" data-testid="schedule-runs">
      {runs.data.map((run) => (
        <li key={run.run_id} data-testid="schedule-run" data-status={run.status}>
          <span className={`sched-status-${run.status}`}>{run.status}</span>
          <span className="muted">{formatInZone(run.created_at ?? run.scheduled_at ?? '', task.timezone, lang)}</span>
          {run.usage?.total_cost_usd != null && <span className="muted">{formatCost(run.usage.total_cost_usd)}</span>}
          {run.usage?.total_duration_ms != null && <span className="muted">{formatDuration(run.usage.total_duration_ms)}</span>}
          {run.last_error && <span className="sched-status-failed">{run.last_error}</span>}
          <Link to={paths.session(run.session_id)} data-testid="schedule-run-open">
            {t('sched.openSession')}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ScheduleItem({ task }: { task: ScheduledTask }) {
  const t = useT();
  const lang = useLang();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [history, setHistory] = useState(false);
  const [busy, setBusy] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: scheduleKeys.all });

  const act = async (action: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await action();
      if (done) showToast(done);
    } catch (e) {
      showToast(errorText(e), 'error');
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  return (
    <li className="cap-item" data-testid="schedule-item" data-name={task.name}>
      <div className="cap-item-main">
        <div className="cap-item-title">
          <span className="cap-item-name">{task.name}</span>
          <Badge>
            <span className="sched-cron">{task.cron}</span>
          </Badge>
          <Badge>{task.timezone}</Badge>
          {task.last_run_status && (
            <span data-testid="schedule-last-status" data-status={task.last_run_status} title={t('sched.lastRun')}>
              <Badge tone={task.last_run_status === 'completed' ? 'ok' : undefined}>{task.last_run_status}</Badge>
            </span>
          )}
        </div>
        <div className="cap-item-desc muted" data-testid="schedule-next">
          {task.enabled ? t('sched.next', { time: formatInZone(task.next_run_at, task.timezone, lang) }) : t('sched.paused')}
        </div>
        {task.last_error && <div className="cap-item-desc sched-status-failed">{task.last_error}</div>}
        {history && <RunHistory task={task} />}
      </div>
      <div className="cap-item-actions">
        <Toggle
          checked={task.enabled}
          label={task.enabled ? t('sched.disable') : t('sched.enable')}
          disabled={busy}
          onChange={(enabled) => act(() => scheduleApi.update(task.scheduled_task_id, { enabled }))}
          testId="schedule-toggle"
        />
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => act(() => scheduleApi.trigger(task.scheduled_task_id), t('sched.triggered'))}
          data-testid="schedule-trigger"
        >
          {t('sched.runNow')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={history}
          onClick={() => setHistory((h) => !h)}
          data-testid="schedule-history"
        >
          {t('sched.history')}
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={t('cap.deleteNamed', { name: task.name })}
          title={t('cap.delete')}
          onClick={() => setConfirming(true)}
          data-testid="schedule-delete"
        >
          <Icon name="trash" />
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('cap.confirmDelete', { name: task.name })}
          body={t('sched.confirmDeleteBody')}
          confirmLabel={t('confirm.delete')}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void act(() => scheduleApi.remove(task.scheduled_task_id));
          }}
        />
      )}
    </li>
  );
}

export default function Schedules({ onOpenSidebar }: { onOpenSidebar: () => void }) {
  const t = useT();
  const [creating, setCreating] = useState(false);
  // polled: fires and run outcomes change the list on their own
  const list = useQuery({ queryKey: scheduleKeys.list, queryFn: scheduleApi.list, refetchInterval: 5000 });

  useEffect(() => {
    document.title = `${t('sched.title')} · Poco`;
  }, [t]);

  return (
    <div className="caps sched-page" data-testid="schedules-page">
      <header className="caps-head">
        <button type="button" className="icon-btn show-mobile" onClick={onOpenSidebar} aria-label={t('nav.menu')}>
          <Icon name="menu" />
        </button>
        <h1>{t('sched.title')}</h1>
      </header>
      <div className="caps-body">
        <div className="caps-content">
          <Section
            title={t('sched.title')}
            hint={t('sched.hint')}
            actions={
              <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="schedule-new">
                <Icon name="plus" /> {t('sched.new')}
              </button>
            }
            loading={list.isPending}
            error={list.error}
            onRetry={() => void list.refetch()}
            empty={list.data && list.data.length === 0 ? t('sched.empty') : null}
          >
            <ul className="cap-list">
              {list.data?.map((task) => (
                <ScheduleItem key={task.scheduled_task_id} task={task} />
              ))}
            </ul>
          </Section>
        </div>
      </div>
      {creating && <ScheduleDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
