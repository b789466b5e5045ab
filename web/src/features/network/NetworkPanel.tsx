// The session's Network panel (issue 13): every connection its runs opened or were refused,
// newest last. It sits where the files panel does (a side column; a tab on phones).

import '../files/FilesPanel.css'; // the side panels' shared head (.panel-head, .panel-title, .panel-empty)
import './Network.css';
import { useMemo, type ReactNode } from 'react';
import type { NetworkEvent, Run } from '../../api/types';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { NetworkList, networkSummary } from './NetworkList';

interface Props {
  events: readonly NetworkEvent[];
  /** The session's runs, to name each event's run by its place ("Run 2"). */
  runs: readonly Run[];
  /** The list could not be read; live events may still be shown. */
  unavailable?: boolean;
  onClose?: () => void;
  /** Buttons for the panel's head, before the close button (maximize). */
  actions?: ReactNode;
}

const time = (s: string | null | undefined) => {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? Infinity : t;
};

export function NetworkPanel({ events, runs, unavailable = false, onClose, actions }: Props) {
  const t = useT();
  const runNumber = useMemo(() => {
    const order = [...runs].sort((a, b) => time(a.created_at) - time(b.created_at));
    return new Map(order.map((r, i) => [r.run_id, i + 1]));
  }, [runs]);
  const runLabel = (runId: string) => {
    const n = runNumber.get(runId);
    return n != null ? t('network.run', { n }) : runId.slice(0, 8);
  };

  return (
    <section className="network-panel" data-testid="network-panel" aria-labelledby="network-panel-title">
      <div className="panel-head">
        <h2 className="panel-title" id="network-panel-title">
          {t('network.title')}
        </h2>
        {events.length > 0 && <span className="muted network-summary">{networkSummary(t, events)}</span>}
        <span className="spacer" />
        {actions}
        {onClose && (
          <button
            type="button"
            className="icon-btn hide-mobile"
            onClick={onClose}
            aria-label={t('network.hide', { summary: networkSummary(t, events) })}
            title={t('network.hide', { summary: networkSummary(t, events) })}
          >
            <Icon name="x" />
          </button>
        )}
      </div>
      {unavailable && (
        <p className="network-note" role="status" data-testid="network-unavailable">
          {t('network.unavailable')}
        </p>
      )}
      {events.length === 0 && !unavailable && (
        <p className="panel-empty" data-testid="network-empty">
          {t('network.empty')}
        </p>
      )}
      {events.length > 0 && (
        // Focusable, so the list scrolls from the keyboard.
        <div className="network-scroll" tabIndex={0} role="region" aria-label={t('network.list')}>
          <NetworkList events={events} showTime runLabel={runLabel} />
        </div>
      )}
    </section>
  );
}
