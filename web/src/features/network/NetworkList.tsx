import './Network.css';
import type { NetworkEvent } from '../../api/types';
import { intlLocale, useLang, useT, type T } from '../../i18n';
import { formatBytes, formatDuration } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { hostPort, refusedCount } from './network';

/** "2 connections" (and ", 1 refused"), for labels and chips. */
export function connectionsText(t: T, n: number): string {
  return t(n === 1 ? 'network.connections.one' : 'network.connections.other', { n });
}

export function networkSummary(t: T, events: readonly NetworkEvent[]): string {
  const refused = refusedCount(events);
  const connections = connectionsText(t, events.length);
  return refused > 0 ? `${connections}${t('network.sep')}${t('network.refusedCount', { n: refused })}` : connections;
}

/** Allowed or refused, as a word with an icon (never colour alone). */
export function NetworkStatus({ allowed, t }: { allowed: boolean; t: T }) {
  return (
    <span className={`net-status ${allowed ? 'net-allowed' : 'net-refused'}`}>
      <Icon name={allowed ? 'check' : 'alert'} size={12} />
      {t(allowed ? 'network.allowed' : 'network.refused')}
    </span>
  );
}

interface Props {
  events: readonly NetworkEvent[];
  /** Show when each connection started (the session's list; a tool card leaves it out). */
  showTime?: boolean;
  /** A short name for a run ("Run 2"); the session's list shows it, a tool card does not. */
  runLabel?: (runId: string) => string;
  /** Names the list for screen readers, where nothing around it does. */
  label?: string;
}

/** One row per connection: status, method, host:port, bytes and duration, and the gate's reason. */
export function NetworkList({ events, showTime = false, runLabel, label }: Props) {
  const t = useT();
  const lang = intlLocale(useLang());
  return (
    <ul className="net-list" role="list" aria-label={label} data-testid="network-list">
      {events.map((e) => {
        const started = new Date(e.started_at);
        const valid = !Number.isNaN(started.getTime());
        const moved = e.bytes_up > 0 || e.bytes_down > 0;
        return (
          <li
            key={e.id}
            className={`net-row ${e.allowed ? 'is-allowed' : 'is-refused'}`}
            data-testid="network-row"
            data-allowed={String(e.allowed)}
          >
            <div className="net-line">
              {showTime && valid && (
                <time className="net-time" dateTime={e.started_at} title={started.toLocaleString(lang)}>
                  {started.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
                </time>
              )}
              {runLabel && (
                <span className="net-run" title={e.run_id}>
                  {runLabel(e.run_id)}
                </span>
              )}
              <NetworkStatus allowed={e.allowed} t={t} />
              <span className="net-method">{e.method}</span>
              <span className="net-target" title={e.address ? t('network.address', { address: e.address }) : undefined}>
                {hostPort(e)}
              </span>
              <span className="net-nums">
                {moved && (
                  <>
                    <span>{t('network.sent', { bytes: formatBytes(e.bytes_up) })}</span>
                    <span>{t('network.received', { bytes: formatBytes(e.bytes_down) })}</span>
                  </>
                )}
                <span>{formatDuration(e.duration_ms)}</span>
              </span>
            </div>
            <div className="net-reason">{e.reason}</div>
            {e.url && <div className="net-url">{e.url}</div>}
          </li>
        );
      })}
    </ul>
  );
}
