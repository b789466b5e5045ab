// The dialog that creates a scheduled task (issue 14), from the Schedules page or from the composer's
// "scheduled" mode (which passes the prompt typed and the task's config); its cron helper shows the next five
// fires in the chosen zone as the server computes them.

import '../capabilities/Capabilities.css';
import './Schedules.css';
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client';
import { scheduleApi, scheduleKeys, type ScheduledTask } from '../../api/schedules';
import { intlLocale, useLang, useT } from '../../i18n';
import { Spinner } from '../../ui/Icon';
import { Field, FormDialog } from '../capabilities/parts';
import { browserZone, cronPresets, formatWallTime, knownZones } from './schedule';

/** The next fires of what is typed, fetched once typing pauses. */
export function CronHelper({ cron, timezone }: { cron: string; timezone: string }) {
  const t = useT();
  const lang = intlLocale(useLang());
  const [settled, setSettled] = useState({ cron, timezone });
  useEffect(() => {
    const timer = setTimeout(() => setSettled({ cron, timezone }), 300);
    return () => clearTimeout(timer);
  }, [cron, timezone]);
  const query = useQuery({
    queryKey: scheduleKeys.preview(settled.cron.trim(), settled.timezone.trim()),
    queryFn: ({ signal }) => scheduleApi.preview(settled.cron.trim(), settled.timezone.trim(), signal),
    enabled: settled.cron.trim() !== '',
    retry: false,
    staleTime: 30_000,
  });
  if (!settled.cron.trim()) return null;
  if (query.isError) {
    return (
      <div className="inline-error" role="alert" data-testid="cron-preview-error">
        {errorText(query.error)}
      </div>
    );
  }
  if (!query.data) {
    return (
      <div className="muted">
        <Spinner size={12} /> {t('sched.previewLoading')}
      </div>
    );
  }
  return (
    <div>
      <div className="muted">{t('sched.nextFires', { zone: query.data.timezone })}</div>
      <ol className="sched-preview" data-testid="cron-preview">
        {query.data.next_runs_local.map((local) => (
          <li key={local} data-testid="cron-preview-item">
            {formatWallTime(local, lang)}
          </li>
        ))}
      </ol>
    </div>
  );
}

interface DialogProps {
  onClose: () => void;
  /** What the composer had: the prompt typed (and a name made from it). */
  initial?: { name?: string; prompt?: string };
  projectId?: string;
  /** The task's config as for `POST /tasks` (model, files, repository, tools…). */
  config?: Record<string, unknown>;
  onCreated?: (task: ScheduledTask) => void;
}

export default function ScheduleDialog({ onClose, initial, projectId, config, onCreated }: DialogProps) {
  const t = useT();
  const client = useQueryClient();
  const [name, setName] = useState(initial?.name ?? '');
  const [prompt, setPrompt] = useState(initial?.prompt ?? '');
  const [cron, setCron] = useState('0 9 * * *');
  const [timezone, setTimezone] = useState(browserZone);
  const [reuse, setReuse] = useState(true);
  const [zones] = useState(knownZones);

  const save = async () => {
    const task = await scheduleApi.create({
      name: name.trim(),
      prompt,
      cron: cron.trim(),
      timezone: timezone.trim(),
      reuse_session: reuse,
      ...(projectId ? { project_id: projectId } : {}),
      ...(config && Object.keys(config).length ? { config } : {}),
    });
    await client.invalidateQueries({ queryKey: scheduleKeys.all });
    onCreated?.(task);
  };

  return (
    <FormDialog
      title={t('sched.new')}
      onSubmit={save}
      onClose={onClose}
      canSubmit={!!name.trim() && !!prompt.trim() && !!cron.trim()}
      testId="schedule-dialog"
    >
      <Field label={t('sched.name')}>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="schedule-name" />
      </Field>
      <Field label={t('sched.prompt')}>
        <textarea className="input" rows={4} value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="schedule-prompt" />
      </Field>
      <Field label={t('sched.cron')} hint={t('sched.cronHint')}>
        <input
          className="input sched-cron"
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          spellCheck={false}
          data-testid="schedule-cron"
        />
      </Field>
      <div className="sched-presets">
        {cronPresets.map((p) => (
          <button key={p.cron} type="button" className="btn btn-small" onClick={() => setCron(p.cron)} data-testid="schedule-preset">
            {t(p.label)}
          </button>
        ))}
      </div>
      <Field label={t('sched.timezone')}>
        <input
          className="input"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          list="sched-zones"
          spellCheck={false}
          data-testid="schedule-timezone"
        />
        <datalist id="sched-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </Field>
      <CronHelper cron={cron} timezone={timezone} />
      <label className="sched-check">
        <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} data-testid="schedule-reuse" />
        <span>{t('sched.reuse')}</span>
      </label>
    </FormDialog>
  );
}
