import './Conversation.css';
import { memo, useEffect, useRef, useState } from 'react';
import type { InputFile, Run } from '../../api/types';
import { useT, type T } from '../../i18n';
import type { Turn, TurnItem } from './turns';
import { formatBytes, formatCost, formatDuration, formatTokens } from '../../lib/format';
import type { ResultInfo } from './sdk';
import { Icon } from '../../ui/Icon';
import { AnswerActions, PromptActions, PromptEditor, type TurnActions } from './MessageActions';
import { Markdown } from '../../ui/Markdown';
import { ToolCard } from './ToolCard';
import type { PartialBlock } from '../session/sessionReducer';

export function AttachmentChips({ files }: { files: InputFile[] }) {
  if (!files.length) return null;
  return (
    <div className="attachments">
      {files.map((f, i) => {
        const body = (
          <>
            <Icon name="paperclip" size={12} />
            <span className="chip-name">{f.name}</span>
            {f.size != null && <span className="muted">{formatBytes(f.size)}</span>}
          </>
        );
        return f.url ? (
          <a key={f.id ?? i} className="chip file-chip" href={f.url} target="_blank" rel="noopener noreferrer">
            {body}
          </a>
        ) : (
          <span key={f.id ?? i} className="chip file-chip">
            {body}
          </span>
        );
      })}
    </div>
  );
}

export const UserMessage = memo(function UserMessage({
  text,
  attachments,
  messageId,
  usage,
  canEdit = false,
  onEdit,
}: {
  text: string;
  attachments: InputFile[];
  messageId: string;
  /** What the run that answered this prompt used, shown under it. */
  usage?: UsageNumbers | null;
  canEdit?: boolean;
  /** Replaces the prompt and runs it again; resolves to whether the server took it. */
  onEdit?: (text: string) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  // While a run is in progress the history cannot change: no editor then (nor when it ends).
  if (editing && !canEdit) setEditing(false);
  // Leaving the editor puts the focus back on the button that opened it.
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <div className="msg-user-row">
      {editing && onEdit ? (
        <PromptEditor
          initial={text}
          onCancel={() => setEditing(false)}
          onSave={async (next) => {
            const ok = await onEdit(next);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      ) : (
        <div className="msg-user" data-testid="message-user" data-message-id={messageId}>
          <Markdown text={text} />
          <AttachmentChips files={attachments} />
        </div>
      )}
      {!editing && (
        <div className="msg-user-meta">
          {usage && <RunUsage usage={usage} />}
          <PromptActions text={text} canEdit={canEdit && !!onEdit} onEdit={() => setEditing(true)} editRef={editButton} />
        </div>
      )}
    </div>
  );
});

export function Thinking({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const t = useT();
  return (
    <details className={streaming ? 'thinking thinking-streaming' : 'thinking'} data-testid={streaming ? 'thinking-partial' : 'thinking'}>
      <summary>
        <Icon name="brain" size={14} /> {t('thinking.label')}
      </summary>
      <div className="thinking-body">{text}</div>
    </details>
  );
}

export interface UsageNumbers {
  cost: number | null;
  duration: number | null;
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  turns: number | null;
}

/** A run's usage, from its result message or else from the run's recorded usage; null when there is none yet. */
export function usageNumbers(result: ResultInfo | null, run: Run | null): UsageNumbers | null {
  if (!result && !run?.usage) return null;
  const u = (run?.usage?.usage_json ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    cost: result?.costUsd ?? run?.usage?.total_cost_usd ?? null,
    duration: result?.durationMs ?? run?.usage?.total_duration_ms ?? null,
    input: result?.inputTokens ?? n(u.input_tokens),
    output: result?.outputTokens ?? n(u.output_tokens),
    cacheRead: result?.cacheReadTokens ?? n(u.cache_read_input_tokens),
    turns: result?.numTurns ?? null,
  };
}

/** Duration, cost and tokens, each a short phrase. */
function usageParts(t: T, u: UsageNumbers): string[] {
  const parts: string[] = [];
  if (u.duration != null) parts.push(formatDuration(u.duration));
  if (u.cost != null) parts.push(formatCost(u.cost));
  if (u.input != null || u.output != null) {
    parts.push(t('run.tokens', { in: formatTokens(u.input ?? 0), out: formatTokens(u.output ?? 0) }));
  }
  if (u.cacheRead) parts.push(t('run.cache', { n: formatTokens(u.cacheRead) }));
  return parts;
}

/** Under a prompt: what the run that answered it used (poco shows it there too). */
export function RunUsage({ usage }: { usage: UsageNumbers }) {
  const t = useT();
  const parts = usageParts(t, usage);
  if (!parts.length) return null;
  return (
    <div className="run-usage" data-testid="run-usage" role="group" aria-label={t('run.usageLabel', { usage: parts.join(', ') })}>
      <div className="run-usage-line">
        {parts.map((p, i) => (
          <span key={i} className="run-part">
            {p}
          </span>
        ))}
      </div>
    </div>
  );
}

/**
 * Compact line under a turn: outcome and turns, errors in full; the usage too when there is no prompt
 * above to show it under.
 */
export function RunFooter({ result, run, withUsage = true }: { result: ResultInfo | null; run: Run | null; withUsage?: boolean }) {
  const t = useT();
  const status = run?.status;
  let outcome: 'completed' | 'failed' | 'canceled' | null = null;
  if (result) outcome = result.isError ? 'failed' : 'completed';
  else if (status === 'failed') outcome = 'failed';
  else if (status === 'canceled') outcome = 'canceled';
  else if (status === 'completed' && run?.usage) outcome = 'completed';
  if (!outcome) return null;

  const u = usageNumbers(result, run);
  const parts: string[] = [];
  if (u?.turns != null) parts.push(u.turns === 1 ? t('run.turn') : t('run.turns', { n: u.turns }));
  if (u && withUsage) parts.push(...usageParts(t, u));

  const errorText =
    outcome === 'failed'
      ? (result?.result && result.result.trim()) || run?.last_error || (result?.subtype ? result.subtype.replace(/_/g, ' ') : '')
      : '';

  return (
    <div className={`run-footer run-${outcome}`} data-testid="run-footer" data-outcome={outcome}>
      <div className="run-footer-line">
        <Icon name={outcome === 'completed' ? 'check' : outcome === 'failed' ? 'alert' : 'stop'} size={12} />
        <span className="run-outcome">{t(outcome === 'completed' ? 'run.completed' : outcome === 'failed' ? 'run.failed' : 'run.canceled')}</span>
        {parts.map((p, i) => (
          <span key={i} className="run-part">
            {p}
          </span>
        ))}
      </div>
      {errorText && <div className="run-error">{errorText}</div>}
    </div>
  );
}

function Item({ item, active, sessionId }: { item: TurnItem; active: boolean; sessionId?: string }) {
  switch (item.kind) {
    case 'text':
      return (
        <div className="msg-assistant" data-testid="message-assistant" data-message-id={item.messageId}>
          <Markdown text={item.text} math />
        </div>
      );
    case 'thinking':
      return <Thinking text={item.text} />;
    case 'tool':
      return (
        <ToolCard
          name={item.name}
          input={item.input}
          output={item.output}
          active={active}
          network={item.network}
          sessionId={sessionId}
          toolUseId={item.toolUseId}
        />
      );
  }
}

/** Text the model is still writing: Markdown as far as it goes, with a typing cursor. */
export const StreamingText = memo(function StreamingText({ block }: { block: PartialBlock }) {
  const t = useT();
  if (block.kind === 'thinking') return <Thinking text={block.text} streaming />;
  return (
    <div className="msg-assistant msg-streaming" data-testid="message-partial" aria-busy="true" aria-label={t('message.streaming')}>
      <Markdown text={block.text} className="typing-cursor" math />
    </div>
  );
});

export const TurnView = memo(function TurnView({
  turn,
  active,
  sessionId,
  streaming,
  actions,
}: {
  turn: Turn;
  active: boolean;
  /** Lets tool cards fetch what the server keeps per call; absent where there is no session. */
  sessionId?: string;
  /** Text the model is writing now, after the turn's stored items (the last turn only). */
  streaming?: readonly PartialBlock[];
  /** Edit, regenerate and branch; without them only copying is offered. */
  actions?: TurnActions;
}) {
  const usage = turn.prompt ? usageNumbers(turn.result, turn.run) : null;
  const hasAnswer = turn.items.length > 0 || (streaming && streaming.length > 0);
  const edit = actions ? (text: string) => actions.edit(turn, text) : undefined;
  return (
    <section className="turn" data-testid="turn">
      {turn.prompt && (
        <UserMessage
          text={turn.prompt.text}
          attachments={turn.prompt.attachments}
          messageId={turn.prompt.messageId}
          usage={active ? null : usage}
          canEdit={!!actions && !actions.busy}
          onEdit={edit}
        />
      )}
      {hasAnswer && (
        <div className="assistant">
          {turn.items.map((item) => (
            <Item key={item.key} item={item} active={active} sessionId={sessionId} />
          ))}
          {streaming?.map((block) => <StreamingText key={`partial:${block.key}`} block={block} />)}
        </div>
      )}
      {!active && (hasAnswer || turn.run) && <AnswerActions turn={turn} actions={actions} />}
      <RunFooter result={turn.result} run={turn.run} withUsage={!turn.prompt} />
    </section>
  );
});
