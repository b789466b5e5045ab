import './Conversation.css';
import { memo } from 'react';
import type { InputFile, Run } from '../../api/types';
import { useT } from '../../i18n';
import type { Turn, TurnItem } from './turns';
import { formatBytes, formatCost, formatDuration, formatTokens } from '../../lib/format';
import type { ResultInfo } from './sdk';
import { Icon } from '../../ui/Icon';
import { CopyButton } from '../../ui/CodeBlock';
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
}: {
  text: string;
  attachments: InputFile[];
  messageId: string;
}) {
  return (
    <div className="msg-user-row">
      <div className="msg-user" data-testid="message-user" data-message-id={messageId}>
        <Markdown text={text} />
        <AttachmentChips files={attachments} />
      </div>
      <CopyButton text={text} className="msg-copy" />
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

function usageNumbers(result: ResultInfo | null, run: Run | null) {
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

/** Compact line under a turn: outcome, duration, turns, cost, tokens; errors in full. */
export function RunFooter({ result, run }: { result: ResultInfo | null; run: Run | null }) {
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
  if (u.duration != null) parts.push(formatDuration(u.duration));
  if (u.turns != null) parts.push(u.turns === 1 ? t('run.turn') : t('run.turns', { n: u.turns }));
  if (u.cost != null) parts.push(formatCost(u.cost));
  if (u.input != null || u.output != null) {
    parts.push(t('run.tokens', { in: formatTokens(u.input ?? 0), out: formatTokens(u.output ?? 0) }));
  }
  if (u.cacheRead) parts.push(t('run.cache', { n: formatTokens(u.cacheRead) }));

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
}: {
  turn: Turn;
  active: boolean;
  /** Lets tool cards fetch what the server keeps per call; absent where there is no session. */
  sessionId?: string;
  /** Text the model is writing now, after the turn's stored items (the last turn only). */
  streaming?: readonly PartialBlock[];
}) {
  return (
    <section className="turn">
      {turn.prompt && (
        <UserMessage text={turn.prompt.text} attachments={turn.prompt.attachments} messageId={turn.prompt.messageId} />
      )}
      {(turn.items.length > 0 || (streaming && streaming.length > 0)) && (
        <div className="assistant">
          {turn.items.map((item) => (
            <Item key={item.key} item={item} active={active} sessionId={sessionId} />
          ))}
          {streaming?.map((block) => <StreamingText key={`partial:${block.key}`} block={block} />)}
        </div>
      )}
      <RunFooter result={turn.result} run={turn.run} />
    </section>
  );
});
