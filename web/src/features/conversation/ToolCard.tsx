import './ToolCard.css';
import { memo, useMemo, useState, type ReactNode } from 'react';
import type { NetworkEvent } from '../../api/types';
import { useT } from '../../i18n';
import type { ToolOutput } from './turns';
import { diffStats, lineDiff } from '../../lib/diff';
import { formatDuration } from '../../lib/format';
import { Icon, Spinner } from '../../ui/Icon';
import { s, toolRenderer, type ToolInput } from './toolRenderers';
import { connectionsText, NetworkList } from '../network/NetworkList';
import { refusedCount } from '../network/network';

export interface ToolCardProps {
  name: string;
  input: ToolInput;
  output: ToolOutput | null;
  /** The session is still working, so a call without output is running (not interrupted). */
  active: boolean;
  /** Connections the call opened or was refused (matched by its tool use id), oldest first. */
  network?: readonly NetworkEvent[];
  /** The call's session and tool use id: what the server keeps per call is fetched by them (browser screenshots). */
  sessionId?: string;
  toolUseId?: string;
  defaultOpen?: boolean;
}

const NO_NETWORK: readonly NetworkEvent[] = [];

function mcpName(name: string): { server: string; tool: string } | null {
  const m = /^mcp__(.+?)__(.+)$/.exec(name);
  return m ? { server: m[1].replace(/^_+|_+$/g, ''), tool: m[2] } : null;
}

function sameOutput(a: ToolOutput | null, b: ToolOutput | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.content === b.content && a.isError === b.isError && a.durationMs === b.durationMs;
}

/** The same records (the session keeps one object per event id), though maybe in a new array. */
function sameNetwork(a: readonly NetworkEvent[] = NO_NETWORK, b: readonly NetworkEvent[] = NO_NETWORK): boolean {
  return a === b || (a.length === b.length && a.every((e, i) => e === b[i]));
}

/** Cards are rebuilt on every event; re-render only when what they show changed. */
function sameProps(a: ToolCardProps, b: ToolCardProps): boolean {
  return (
    a.name === b.name &&
    a.input === b.input &&
    a.active === b.active &&
    a.sessionId === b.sessionId &&
    a.toolUseId === b.toolUseId &&
    sameOutput(a.output, b.output) &&
    sameNetwork(a.network, b.network)
  );
}

export const ToolCard = memo(function ToolCard(props: ToolCardProps) {
  const t = useT();
  const { name, input, output, active, sessionId, toolUseId } = props;
  const network = props.network ?? NO_NETWORK;
  const refused = refusedCount(network);
  const renderer = toolRenderer(name);
  // Unset until the user toggles: some cards (a question's answer) open by themselves once done.
  const [toggled, setOpen] = useState<boolean | null>(null);
  const open = toggled ?? props.defaultOpen ?? (renderer.openWhenDone === true && output != null);
  const mcp = mcpName(name);
  const title = renderer.title?.(name, t) ?? (mcp ? `${mcp.server} › ${mcp.tool}` : name);
  const summary = renderer.summary(input, t);
  const state = output ? (output.isError ? 'error' : 'done') : active ? 'running' : 'interrupted';

  const editsOf = renderer.edits;
  const stats = useMemo(() => {
    if (!editsOf) return null;
    const edits = editsOf(input);
    let added = 0;
    let removed = 0;
    for (const e of edits) {
      const st = diffStats(lineDiff(s(e.old_string), s(e.new_string)));
      added += st.added;
      removed += st.removed;
    }
    return { added, removed };
  }, [editsOf, input]);

  let extra: ReactNode = null;
  if (stats) {
    const { added, removed } = stats;
    extra = (
      <span className="diffstat">
        <span className="diff-add-text">+{added}</span> <span className="diff-del-text">−{removed}</span>
      </span>
    );
  }

  return (
    <div className={`tool-card state-${state}`} data-testid="tool-card" data-tool-name={name} data-state={state}>
      <button
        type="button"
        className="tool-head"
        aria-expanded={open}
        data-testid="tool-card-toggle"
        onClick={() => setOpen(!open)}
        title={summary}
      >
        <Icon name={renderer.icon} size={14} className="tool-icon" />
        <span className="tool-name">{title}</span>
        <span className="tool-summary">{summary}</span>
        {extra}
        {network.length > 0 && (
          <span className="tool-net" data-testid="tool-network-chips">
            <span className="tool-net-chip">
              <Icon name="globe" size={12} />
              <span className="tool-net-full">{connectionsText(t, network.length)}</span>
              <span className="tool-net-short" aria-hidden="true">
                {network.length}
              </span>
            </span>
            {refused > 0 && (
              <span className="tool-net-chip is-refused" data-testid="tool-network-refused">
                <Icon name="alert" size={12} />
                <span className="tool-net-full">{t('network.refusedCount', { n: refused })}</span>
                <span className="tool-net-short" aria-hidden="true">
                  {refused}
                </span>
              </span>
            )}
          </span>
        )}
        <span className="tool-status">
          {state === 'running' && <Spinner size={12} label={t('tool.running')} />}
          {state === 'error' && <span className="tool-error-tag">{t('tool.error')}</span>}
          {state === 'done' && output?.durationMs != null && output.durationMs >= 1000 && (
            <span className="muted">{formatDuration(output.durationMs)}</span>
          )}
        </span>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} className="tool-chevron" />
      </button>
      {open && (
        <div className="tool-body">
          <renderer.Body
            name={name}
            input={input}
            output={output}
            active={active}
            t={t}
            sessionId={sessionId}
            toolUseId={toolUseId}
          />
          {network.length > 0 && (
            <div className="tool-section" data-testid="tool-network">
              <div className="tool-section-label">{t('network.title')}</div>
              <NetworkList events={network} label={t('network.list')} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}, sameProps);
