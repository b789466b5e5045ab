// Import of skills or plugins, as poco's client does it: discover what a zip upload or a GitHub
// URL holds, choose (naming the ones that need a name), commit as a job, then poll the job every
// second until it has finished.

import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  capApi,
  capKeys,
  type ImportCandidate,
  type ImportDiscovery,
  type ImportJob,
  type ImportKind,
  type ImportSelection,
} from '../../api/capabilities';
import { ApiError } from '../../api/client';
import { useT } from '../../i18n';
import { Spinner } from '../../ui/Icon';
import { Badge, ErrorBox, useModal, useRefresh } from './parts';

const NAME = /^[A-Za-z0-9._-]+$/;
const done = (job: ImportJob | undefined) => job?.status === 'success' || job?.status === 'failed';

const candidateName = (c: ImportCandidate) => c.skill_name ?? c.plugin_name ?? null;

function JobProgress({ kind, jobId, pollMs }: { kind: ImportKind; jobId: string; pollMs: number }) {
  const t = useT();
  const refresh = useRefresh();
  const job = useQuery({
    queryKey: capKeys.importJob(kind, jobId),
    queryFn: () => capApi.importJob(kind, jobId),
    refetchInterval: (q) => (done(q.state.data) || q.state.status === 'error' ? false : pollMs),
    // An unreachable server (a restart: the job is resumed or marked failed) is waited out for a
    // while; an answer that refuses the job ends the wait with its message.
    retry: (count, e) => e instanceof ApiError && e.network && count < 120,
    retryDelay: pollMs,
  });
  const data = job.data;
  const finished = done(data);
  // The job could not be read (and will not be retried): its state is unknown, the wait is over.
  const lost = !finished && job.isError && !job.isFetching;
  useEffect(() => {
    if (finished) void refresh();
    // Once, when the job ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished]);

  const progress = data ? (finished ? 100 : Math.max(0, Math.min(100, data.progress))) : 0;
  return (
    <div className="import-progress" data-testid="import-progress" data-status={data?.status ?? 'queued'}>
      <div className="import-status">
        {!finished && !lost && <Spinner size={12} />}
        <span>{t(`import.status.${data?.status ?? 'queued'}`)}</span>
        <span className="muted">{progress}%</span>
      </div>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
        <div className="progress-fill" style={{ width: `${progress}%` }} />
      </div>
      {data?.error && <div className="inline-error">{data.error}</div>}
      {job.error && <ErrorBox error={job.error} />}
      {data?.result?.items?.length ? (
        <ul className="import-results">
          {data.result.items.map((item) => (
            <li key={item.relative_path} data-testid="import-result" data-status={item.status}>
              <span className={item.status === 'success' ? 'import-ok' : 'import-failed'}>
                {item.status === 'success' ? '✓' : '✗'}
              </span>{' '}
              <strong>{item.skill_name ?? item.plugin_name ?? item.relative_path}</strong>
              {item.overwritten && <Badge>{t('import.overwritten')}</Badge>}
              {item.error && <span className="import-item-error"> — {item.error}</span>}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ImportDialog({ kind, onClose, pollMs = 1000 }: { kind: ImportKind; onClose: () => void; pollMs?: number }) {
  const t = useT();
  const root = useModal<HTMLDivElement>(onClose);
  const [source, setSource] = useState<'zip' | 'github'>('zip');
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [discovery, setDiscovery] = useState<ImportDiscovery | null>(null);
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [names, setNames] = useState<Record<string, string>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const discover = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const found = await capApi.discoverImport(kind, source === 'zip' && file ? { file } : { githubUrl: url.trim() });
      setDiscovery(found);
      setChosen(Object.fromEntries(found.candidates.map((c) => [c.relative_path, true])));
      setNames({});
    });
  };

  const selected = discovery?.candidates.filter((c) => chosen[c.relative_path]) ?? [];
  const missingName = selected.some((c) => c.requires_name && !NAME.test((names[c.relative_path] ?? '').trim()));

  const commit = (e: FormEvent) => {
    e.preventDefault();
    if (!discovery) return;
    void run(async () => {
      const selections: ImportSelection[] = selected.map((c) =>
        c.requires_name ? { relative_path: c.relative_path, name_override: names[c.relative_path].trim() } : { relative_path: c.relative_path },
      );
      const job = await capApi.commitImport(kind, discovery.archive_key, selections);
      setJobId(job.job_id);
    });
  };

  const canDiscover = source === 'zip' ? !!file : /^https?:\/\/(www\.)?github\.com\/[^/]+\/[^/]+/.test(url.trim());

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={root} className="modal cap-modal" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <h2 id="import-title">{t(kind === 'skills' ? 'import.titleSkills' : 'import.titlePlugins')}</h2>
        {jobId ? (
          <JobProgress kind={kind} jobId={jobId} pollMs={pollMs} />
        ) : discovery ? (
          <form id="import-form" onSubmit={commit} className="cap-form">
            <p className="muted">{t('import.choose')}</p>
            <ul className="import-candidates">
              {discovery.candidates.map((c) => {
                const name = candidateName(c);
                return (
                  <li key={c.relative_path} className="import-candidate" data-testid="import-candidate">
                    <label className="import-check">
                      <input
                        type="checkbox"
                        checked={!!chosen[c.relative_path]}
                        onChange={(e) => setChosen((m) => ({ ...m, [c.relative_path]: e.target.checked }))}
                      />
                      <strong>{name ?? c.relative_path}</strong>
                      {c.version && <Badge>v{c.version}</Badge>}
                      {c.will_overwrite && <Badge>{t('import.willOverwrite')}</Badge>}
                    </label>
                    {c.description && <div className="muted import-desc">{c.description}</div>}
                    <div className="muted import-path">{c.relative_path}</div>
                    {c.requires_name && chosen[c.relative_path] && (
                      <input
                        className="input"
                        placeholder={t('import.nameNeeded')}
                        aria-label={t('import.nameFor', { path: c.relative_path })}
                        value={names[c.relative_path] ?? ''}
                        onChange={(e) => setNames((m) => ({ ...m, [c.relative_path]: e.target.value }))}
                        data-testid="import-name"
                      />
                    )}
                  </li>
                );
              })}
            </ul>
            {missingName && <div className="cap-validation">{t('import.nameRule')}</div>}
          </form>
        ) : (
          <form id="import-form" onSubmit={discover} className="cap-form">
            <div className="seg" role="radiogroup" aria-label={t('import.source')}>
              {(['zip', 'github'] as const).map((s) => (
                <button key={s} type="button" role="radio" aria-checked={source === s} className={`seg-btn${source === s ? ' on' : ''}`} onClick={() => setSource(s)} data-testid={`import-source-${s}`}>
                  {t(s === 'zip' ? 'import.zip' : 'import.github')}
                </button>
              ))}
            </div>
            {source === 'zip' ? (
              <input
                key="zip"
                type="file"
                accept=".zip,application/zip"
                className="input import-file"
                aria-label={t('import.zip')}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                data-testid="import-file"
              />
            ) : (
              <input
                key="github"
                className="input"
                type="url"
                placeholder="https://github.com/owner/repo"
                aria-label={t('import.github')}
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                data-testid="import-url"
              />
            )}
            <p className="muted cap-field-hint">{t(kind === 'skills' ? 'import.hintSkills' : 'import.hintPlugins')}</p>
          </form>
        )}
        {error != null && <ErrorBox error={error} />}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose} data-testid="import-close">
            {jobId ? t('cap.close') : t('confirm.cancel')}
          </button>
          {!jobId && discovery && (
            <button type="button" className="btn" onClick={() => setDiscovery(null)} disabled={busy}>
              {t('import.back')}
            </button>
          )}
          {!jobId && (
            <button
              type="submit"
              form="import-form"
              className="btn btn-primary"
              disabled={busy || (discovery ? selected.length === 0 || missingName : !canDiscover)}
              data-testid={discovery ? 'import-commit' : 'import-discover'}
            >
              {busy && <Spinner size={12} />}{' '}
              {discovery ? t('import.commit', { n: selected.length }) : t('import.discover')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
