// State of one open session: the REST snapshot plus every event applied since.
//
// Events are applied idempotently twice over: by event id (an id at or below the last applied one
// is a replay and is dropped) and by entity (messages, tool executions, runs and questions are
// keyed by their own ids, and an update never replaces a newer `updated_at`). So a reconnect that
// replays events, or a snapshot that already contains an event's effect, changes nothing.

import type {
  Message,
  MessageDelta,
  NetworkEvent,
  Run,
  Session,
  SessionEvent,
  ToolExecution,
  UserInputRequest,
} from '../../api/types';
import { mergeNetwork } from '../network/network';

export interface SessionState {
  sessionId: string;
  loaded: boolean;
  session: Session | null;
  deleted: boolean;
  messages: Message[];
  tools: Record<string, ToolExecution>;
  runs: Record<string, Run>;
  questions: Record<string, UserInputRequest>;
  /** Connections the runs' egress gates opened or refused, oldest first, each id once. */
  network: NetworkEvent[];
  /** The network list could not be read (it is optional: the rest of the session still works). */
  networkUnavailable: boolean;
  /** Id of the last applied event; the stream resumes after it. */
  lastEventId: number | null;
  /** A prompt was just sent; the session counts as pending until the server says more. */
  pendingSend: boolean;
  /** Bumped whenever workspace files may have changed. */
  filesVersion: number;
  /**
   * Text the model is writing right now (`message.delta`), shown until the complete message is
   * stored. Never part of the event log: a snapshot or a reconnect starts without it.
   */
  partials: PartialBlock[];
  /** Blocks whose complete message came: later pieces of them are late and dropped. */
  closedPartials: Record<string, true>;
}

export interface PartialBlock {
  /** `<run>:<message id>:<block index>` */
  key: string;
  runId: string;
  kind: 'text' | 'thinking';
  text: string;
}

export type SessionAction =
  | {
      type: 'snapshot';
      session: Session;
      messages: Message[];
      tools: ToolExecution[];
      runs: Run[];
      questions: UserInputRequest[];
      /** Null when the list could not be read. */
      network: NetworkEvent[] | null;
      lastEventId: number | null;
    }
  | { type: 'event'; event: SessionEvent }
  | { type: 'sent' }
  | { type: 'send-failed' }
  | { type: 'question-answered'; request: UserInputRequest }
  /** The live stream reconnected: pieces missed meanwhile are gone, so partial text is dropped. */
  | { type: 'stream-reset' };

export const ACTIVE = new Set(['pending', 'running', 'queued', 'claimed']);

export function initialSessionState(sessionId: string): SessionState {
  return {
    sessionId,
    loaded: false,
    session: null,
    deleted: false,
    messages: [],
    tools: {},
    runs: {},
    questions: {},
    network: [],
    networkUnavailable: false,
    lastEventId: null,
    pendingSend: false,
    filesVersion: 0,
    partials: [],
    closedPartials: {},
  };
}

const NO_PARTIALS: PartialBlock[] = [];

/** Drops the partial text of `runId` (every run when null), remembering its blocks as complete. */
function closePartials(state: SessionState, runId: string | null): SessionState {
  if (state.partials.length === 0) return state;
  const closed = { ...state.closedPartials };
  const kept = state.partials.filter((p) => {
    if (runId != null && p.runId !== runId) return true;
    closed[p.key] = true;
    return false;
  });
  return { ...state, partials: kept.length ? kept : NO_PARTIALS, closedPartials: closed };
}

/** A piece of text: appended to its block when it starts where the block ends. */
function applyDelta(state: SessionState, runId: string | null | undefined, d: MessageDelta | null): SessionState {
  if (!runId || !d || typeof d.text !== 'string' || (d.kind !== 'text' && d.kind !== 'thinking')) return state;
  const run = state.runs[runId];
  if (run && !RUN_LIVE.has(run.status)) return state; // finished: its messages are complete
  const key = `${runId}:${d.message_id}:${d.index}`;
  if (state.closedPartials[key]) return state; // late: the complete message is here
  const i = state.partials.findIndex((p) => p.key === key);
  if (i < 0) {
    // A block joined in the middle (after a reconnect) would show a fragment: wait for the message.
    if (d.offset !== 0) return state;
    return { ...state, partials: [...state.partials, { key, runId, kind: d.kind, text: d.text }] };
  }
  const old = state.partials[i];
  const end = d.offset + d.text.length;
  // A gap (a lost piece) or nothing new: keep what is shown; the complete message corrects it.
  if (d.offset > old.text.length || end <= old.text.length) return state;
  const next = state.partials.slice();
  next[i] = { ...old, text: old.text + d.text.slice(old.text.length - d.offset) };
  return { ...state, partials: next };
}

const RUN_LIVE = new Set(['queued', 'claimed', 'running', 'pending', 'unknown']);

function time(s: string | null | undefined): number {
  if (!s) return -Infinity;
  const t = Date.parse(s);
  return Number.isNaN(t) ? -Infinity : t;
}

/** True when `incoming` is at least as new as `current` (equal counts: same state, harmless). */
function notOlder(incoming: { updated_at?: string }, current: { updated_at?: string } | undefined): boolean {
  if (!current) return true;
  return time(incoming.updated_at) >= time(current.updated_at);
}

export function compareMessages(a: Message, b: Message): number {
  const na = Number(a.id);
  const nb = Number(b.id);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  const t = time(a.created_at) - time(b.created_at);
  return t !== 0 ? t : String(a.id).localeCompare(String(b.id));
}

function upsertMessage(list: Message[], m: Message): Message[] {
  const i = list.findIndex((x) => String(x.id) === String(m.id));
  if (i >= 0) {
    const old = list[i];
    if (!notOlder(m, old)) return list;
    const merged = { ...old, ...m, attachments: m.attachments ?? old.attachments };
    const next = list.slice();
    next[i] = merged;
    return next;
  }
  const next = [...list, { ...m, attachments: m.attachments ?? [] }];
  // Nearly always appended in order; sort only when it is not.
  if (list.length > 0 && compareMessages(list[list.length - 1], m) > 0) next.sort(compareMessages);
  return next;
}

function upsertTool(map: Record<string, ToolExecution>, t: ToolExecution): Record<string, ToolExecution> {
  const old = map[t.id];
  if (old) {
    if (!notOlder(t, old)) return map;
    // A finished execution never goes back to running.
    if (old.tool_output != null && t.tool_output == null) {
      return { ...map, [t.id]: { ...t, tool_output: old.tool_output, is_error: old.is_error, duration_ms: old.duration_ms } };
    }
  }
  return { ...map, [t.id]: t };
}

function upsertRun(map: Record<string, Run>, r: Run): Record<string, Run> {
  const old = map[r.run_id];
  if (old && !notOlder(r, old)) return map;
  return { ...map, [r.run_id]: { ...old, ...r, usage: r.usage ?? old?.usage ?? null } };
}

function upsertQuestion(
  map: Record<string, UserInputRequest>,
  q: UserInputRequest,
): Record<string, UserInputRequest> {
  const old = map[q.id];
  if (old) {
    if (!notOlder(q, old)) return map;
    // Once closed, a request stays closed.
    if (old.status !== 'pending' && q.status === 'pending') return map;
  }
  return { ...map, [q.id]: q };
}

function applySession(state: SessionState, s: Session): SessionState {
  if (s.session_id && s.session_id !== state.sessionId) return state;
  const old = state.session;
  if (old && !notOlder(s, old)) return state;
  const newer = !old || time(s.updated_at) > time(old.updated_at);
  const pendingSend = state.pendingSend && !(newer || ACTIVE.has(s.status));
  const finished = !!old && ACTIVE.has(old.status) && !ACTIVE.has(s.status);
  const exported = !!old && old.workspace_export_status !== s.workspace_export_status;
  return {
    ...(finished ? closePartials(state, null) : state),
    session: { ...s, state_patch: s.state_patch === undefined ? old?.state_patch ?? null : s.state_patch },
    pendingSend,
    filesVersion: finished || exported ? state.filesVersion + 1 : state.filesVersion,
  };
}

export function applyEvent(state: SessionState, ev: SessionEvent): SessionState {
  if (ev.id != null) {
    if (state.lastEventId != null && ev.id <= state.lastEventId) return state; // replay
  }
  if (ev.session_id && ev.session_id !== state.sessionId) return state;
  const next = reduceEvent(state, ev);
  return ev.id != null ? { ...next, lastEventId: ev.id } : next;
}

function reduceEvent(state: SessionState, ev: SessionEvent): SessionState {
  // Destructured together, so each case narrows `p` to its event's payload.
  const { type, payload: p } = ev;
  switch (type) {
    case 'session.updated':
      return p ? applySession(state, p) : state;
    case 'session.deleted':
      return { ...state, deleted: true };
    case 'message.created':
      // A stored message completes whatever the model was writing before it.
      return p ? { ...closePartials(state, null), messages: upsertMessage(state.messages, p) } : state;
    case 'message.delta':
      return applyDelta(state, ev.run_id, p);
    case 'messages.deleted': {
      const ids = new Set<string>((p?.message_ids ?? []).map(String));
      if (ids.size === 0) return state;
      const tools: Record<string, ToolExecution> = {};
      for (const [k, t] of Object.entries(state.tools)) {
        if (t.message_id == null || !ids.has(String(t.message_id))) tools[k] = t;
      }
      return { ...state, messages: state.messages.filter((m) => !ids.has(String(m.id))), tools };
    }
    case 'tool.started':
      return p ? { ...state, tools: upsertTool(state.tools, p) } : state;
    case 'tool.finished':
      return p
        ? { ...state, tools: upsertTool(state.tools, p), filesVersion: state.filesVersion + 1 }
        : state;
    case 'state.updated':
      if (!state.session || !p) return state;
      return { ...state, session: { ...state.session, state_patch: p } };
    case 'question.opened':
    case 'question.closed':
      return p ? { ...state, questions: upsertQuestion(state.questions, p) } : state;
    case 'run.updated': {
      if (!p) return state;
      const next = { ...state, runs: upsertRun(state.runs, p) };
      return RUN_LIVE.has(p.status) ? next : closePartials(next, p.run_id);
    }
    case 'usage.recorded': {
      const runId = p?.run_id ?? ev.run_id;
      if (!runId || !p?.usage) return state;
      const old = state.runs[runId];
      const run: Run = old
        ? { ...old, usage: p.usage }
        : { run_id: runId, session_id: state.sessionId, user_message_id: null, status: 'unknown', usage: p.usage };
      return { ...state, runs: { ...state.runs, [runId]: run } };
    }
    case 'network.connection': {
      if (!p) return state;
      const network = mergeNetwork(state.network, [p]);
      return network === state.network ? state : { ...state, network };
    }
    default:
      return state; // forward compatible: unknown kinds are ignored
  }
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'snapshot': {
      let next: SessionState = {
        ...state,
        loaded: true,
        session: action.session,
        messages: [...action.messages].sort(compareMessages),
        tools: {},
        runs: {},
        questions: {},
        // A list that could not be read keeps what is known; events still add to it.
        network: action.network ? mergeNetwork([], action.network) : state.network,
        networkUnavailable: action.network == null,
        lastEventId: action.lastEventId,
        filesVersion: state.filesVersion + 1,
        partials: NO_PARTIALS,
      };
      for (const t of action.tools) next = { ...next, tools: upsertTool(next.tools, t) };
      for (const r of action.runs) next = { ...next, runs: upsertRun(next.runs, r) };
      for (const q of action.questions) next = { ...next, questions: upsertQuestion(next.questions, q) };
      return next;
    }
    case 'event':
      return applyEvent(state, action.event);
    case 'sent':
      return { ...state, pendingSend: true };
    case 'send-failed':
      return { ...state, pendingSend: false };
    case 'question-answered':
      return { ...state, questions: upsertQuestion(state.questions, action.request) };
    case 'stream-reset':
      return state.partials.length ? { ...state, partials: NO_PARTIALS } : state;
    default:
      return state;
  }
}

/** The status to show: the server's, or `pending` right after a send. */
export function effectiveStatus(state: SessionState): string {
  if (state.pendingSend) return 'pending';
  return state.session?.status ?? 'pending';
}

export function pendingQuestions(state: SessionState): UserInputRequest[] {
  return Object.values(state.questions)
    .filter((q) => q.status === 'pending')
    .sort((a, b) => time(a.created_at) - time(b.created_at));
}
