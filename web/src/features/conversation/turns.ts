// Turns messages, tool executions and runs into what the conversation view renders: one turn per
// user prompt, each with the assistant's text, thinking and tool calls in order, and a footer.

import type { InputFile, Message, NetworkEvent, Run, ToolExecution } from '../../api/types';
import { networkByTool } from '../network/network';
import { parseMessage, promptText, type ResultInfo } from './sdk';

export interface ToolOutput {
  content: unknown;
  isError: boolean;
  durationMs: number | null;
}

export type TurnItem =
  | { kind: 'text'; key: string; messageId: string; text: string }
  | { kind: 'thinking'; key: string; text: string }
  | {
      kind: 'tool';
      key: string;
      toolUseId: string;
      name: string;
      input: Record<string, unknown>;
      output: ToolOutput | null;
      /** Connections the call opened or was refused, by `tool_use_id`. */
      network: readonly NetworkEvent[];
    };

export interface Turn {
  key: string;
  prompt: { messageId: string; text: string; attachments: InputFile[]; createdAt: string } | null;
  items: TurnItem[];
  result: ResultInfo | null;
  run: Run | null;
  /**
   * First and last stored assistant message of the answer (ids, as strings), or null before one is
   * stored: regenerating drops the answer from the first on, branching cuts after the whole turn.
   */
  answerFrom: string | null;
  answerTo: string | null;
}

const NO_NETWORK: readonly NetworkEvent[] = [];

export function buildTurns(
  messages: Message[],
  tools: ToolExecution[],
  runs: Run[],
  network: readonly NetworkEvent[] = NO_NETWORK,
): Turn[] {
  const netByUseId = networkByTool(network);
  const parsed = messages.map((m) => ({ m, p: parseMessage(m.content, m.role) }));

  // Results by tool_use_id: from tool-result messages first, then from executions.
  const results = new Map<string, ToolOutput>();
  const execByUseId = new Map<string, ToolExecution>();
  for (const t of tools) if (t.tool_use_id) execByUseId.set(t.tool_use_id, t);
  for (const { p } of parsed) {
    if (p.kind !== 'tool_results' && p.kind !== 'user') continue;
    for (const b of p.blocks) {
      if (b.kind !== 'tool_result') continue;
      const exec = execByUseId.get(b.toolUseId);
      results.set(b.toolUseId, { content: b.content, isError: b.isError, durationMs: exec?.duration_ms ?? null });
    }
  }
  for (const t of tools) {
    if (!t.tool_use_id || results.has(t.tool_use_id) || t.tool_output == null) continue;
    results.set(t.tool_use_id, {
      content: t.tool_output.content ?? null,
      isError: t.is_error,
      durationMs: t.duration_ms,
    });
  }

  const runByMessage = new Map<string, Run>();
  for (const r of runs) if (r.user_message_id != null) runByMessage.set(String(r.user_message_id), r);

  const turns: Turn[] = [];
  let current: Turn | null = null;
  const seenToolUse = new Set<string>();
  const newTurn = (key: string): Turn => ({
    key,
    prompt: null,
    items: [],
    result: null,
    run: null,
    answerFrom: null,
    answerTo: null,
  });

  for (const { m, p } of parsed) {
    const mid = String(m.id);
    if (p.kind === 'user') {
      current = newTurn(`t${mid}`);
      current.prompt = { messageId: mid, text: promptText(p), attachments: m.attachments ?? [], createdAt: m.created_at };
      current.run = runByMessage.get(mid) ?? null;
      turns.push(current);
      continue;
    }
    // Results are stored as assistant messages too (the server's role for them).
    if (current && m.role === 'assistant') {
      current.answerFrom ??= mid;
      current.answerTo = mid;
    }
    if (p.kind === 'assistant') {
      if (!current) turns.push((current = newTurn(`t-${mid}`)));
      p.blocks.forEach((b, i) => {
        const key = `${mid}:${i}`;
        if (b.kind === 'text') {
          if (b.text.trim()) current!.items.push({ kind: 'text', key, messageId: mid, text: b.text });
        } else if (b.kind === 'thinking') {
          if (b.text.trim()) current!.items.push({ kind: 'thinking', key, text: b.text });
        } else if (b.kind === 'tool_use') {
          seenToolUse.add(b.id);
          const exec = execByUseId.get(b.id);
          current!.items.push({
            kind: 'tool',
            key: `tool:${b.id || key}`,
            toolUseId: b.id,
            name: b.name,
            input: Object.keys(b.input).length ? b.input : (exec?.tool_input ?? {}),
            output: results.get(b.id) ?? null,
            network: netByUseId.get(b.id) ?? NO_NETWORK,
          });
        }
      });
      continue;
    }
    if (p.kind === 'result') {
      if (!current) turns.push((current = newTurn(`t-${mid}`)));
      current.result = p.result;
    }
    // system and tool-result-only messages are not shown
  }

  // Tool executions the messages do not mention yet (started before the assistant message landed).
  const orphans = tools
    .filter((t) => t.tool_use_id && !seenToolUse.has(t.tool_use_id) && t.tool_name !== 'unknown')
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  if (orphans.length) {
    if (!current) turns.push((current = newTurn('t-live')));
    for (const t of orphans) {
      current.items.push({
        kind: 'tool',
        key: `tool:${t.tool_use_id}`,
        toolUseId: t.tool_use_id!,
        name: t.tool_name,
        input: t.tool_input ?? {},
        output: results.get(t.tool_use_id!) ?? null,
        network: netByUseId.get(t.tool_use_id!) ?? NO_NETWORK,
      });
    }
  }
  return turns;
}
