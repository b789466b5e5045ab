import { describe, expect, it } from 'vitest';
import { assistantMsg, at, ev, netEvent, question, refusedEvent, run, session, toolExec, userMsg } from '../../test/fixtures';
import {
  effectiveStatus,
  initialSessionState,
  pendingQuestions,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from './sessionReducer';

function loaded(over: Partial<Parameters<typeof snapshot>[0]> = {}): SessionState {
  return sessionReducer(initialSessionState('s1'), snapshot(over));
}

function snapshot(over: Partial<Extract<SessionAction, { type: 'snapshot' }>> = {}): SessionAction {
  return {
    type: 'snapshot',
    session: session(),
    messages: [userMsg(1, 'hello')],
    tools: [],
    runs: [],
    questions: [],
    network: [],
    lastEventId: 10,
    ...over,
  };
}

const apply = (state: SessionState, ...events: ReturnType<typeof ev>[]) =>
  events.reduce((s, e) => sessionReducer(s, { type: 'event', event: e }), state);

describe('sessionReducer', () => {
  it('applies events in order and remembers the last event id', () => {
    let s = loaded();
    s = apply(
      s,
      ev(11, 'message.created', assistantMsg(2, [{ _type: 'TextBlock', text: 'hi' }])),
      ev(12, 'tool.started', toolExec({ id: 'te1', updated_at: at(5) })),
      ev(13, 'tool.finished', toolExec({ id: 'te1', tool_output: { content: 'a\nb' }, updated_at: at(6) })),
      ev(14, 'state.updated', { todos: [{ content: 'x', status: 'in_progress' }], current_step: 'Working' }),
      ev(15, 'session.updated', session({ status: 'completed', updated_at: at(9), state_patch: { current_step: 'Working' } })),
    );
    expect(s.messages.map((m) => m.id)).toEqual([1, 2]);
    expect(s.tools.te1.tool_output).toEqual({ content: 'a\nb' });
    expect(s.session?.status).toBe('completed');
    expect(s.session?.state_patch?.current_step).toBe('Working');
    expect(s.lastEventId).toBe(15);
  });

  it('ignores duplicate and replayed events', () => {
    let s = loaded();
    const msg = ev(11, 'message.created', assistantMsg(2, [{ _type: 'TextBlock', text: 'once' }]));
    s = apply(s, msg, msg);
    expect(s.messages).toHaveLength(2);
    // A replay of events at or before the snapshot changes nothing.
    const before = s;
    s = apply(s, ev(5, 'message.created', userMsg(99, 'old')), ev(10, 'session.deleted', { session_id: 's1' }));
    expect(s).toBe(before);
  });

  it('dedupes entities the snapshot already contains', () => {
    // The snapshot was read after event 11 happened, but the header said 10: event 11 replays.
    let s = loaded({ messages: [userMsg(1, 'hello'), assistantMsg(2, [{ _type: 'TextBlock', text: 'hi' }])] });
    s = apply(s, ev(11, 'message.created', assistantMsg(2, [{ _type: 'TextBlock', text: 'hi' }])));
    expect(s.messages).toHaveLength(2);
  });

  it('never moves a finished tool back to running or a session back in time', () => {
    let s = loaded({
      tools: [toolExec({ id: 'te1', tool_output: { content: 'done' }, updated_at: at(8) })],
      session: session({ status: 'completed', updated_at: at(9) }),
    });
    s = apply(
      s,
      ev(11, 'tool.started', toolExec({ id: 'te1', tool_output: null, updated_at: at(8) })),
      ev(12, 'session.updated', session({ status: 'running', updated_at: at(4) })),
    );
    expect(s.tools.te1.tool_output).toEqual({ content: 'done' });
    expect(s.session?.status).toBe('completed');
  });

  it('keeps messages sorted when they arrive out of order', () => {
    let s = loaded({ messages: [userMsg(1, 'a'), userMsg(5, 'c')] });
    s = apply(s, ev(11, 'message.created', userMsg(3, 'b')));
    expect(s.messages.map((m) => m.id)).toEqual([1, 3, 5]);
  });

  it('removes deleted messages and their tool executions', () => {
    let s = loaded({
      messages: [userMsg(1, 'a'), assistantMsg(2, []), userMsg(3, 'b')],
      tools: [toolExec({ id: 'te1', message_id: 2 }), toolExec({ id: 'te2', message_id: 4, tool_use_id: 'tu2' })],
    });
    s = apply(s, ev(11, 'messages.deleted', { message_ids: [2, 3] }));
    expect(s.messages.map((m) => m.id)).toEqual([1]);
    expect(Object.keys(s.tools)).toEqual(['te2']);
  });

  it('marks the session deleted', () => {
    const s = apply(loaded(), ev(11, 'session.deleted', { session_id: 's1' }));
    expect(s.deleted).toBe(true);
  });

  it('ignores events of another session and unknown event types', () => {
    const s0 = loaded();
    const s = apply(s0, ev(11, 'message.created', userMsg(7, 'x'), 'other'), ev(12, 'something.new', {}));
    expect(s.messages).toHaveLength(1);
    expect(s.lastEventId).toBe(12);
  });

  it('tracks questions opening and closing, and a closed one stays closed', () => {
    let s = loaded();
    s = apply(s, ev(11, 'question.opened', question({ updated_at: at(3) })));
    expect(pendingQuestions(s)).toHaveLength(1);
    s = apply(s, ev(12, 'question.closed', question({ status: 'expired', updated_at: at(4) })));
    expect(pendingQuestions(s)).toHaveLength(0);
    s = sessionReducer(s, { type: 'question-answered', request: question({ status: 'pending', updated_at: at(5) }) });
    expect(pendingQuestions(s)).toHaveLength(0);
  });

  it('merges runs and recorded usage', () => {
    let s = loaded({ runs: [run({ updated_at: at(1) })] });
    s = apply(
      s,
      ev(11, 'usage.recorded', { run_id: 'r1', usage: { total_cost_usd: 0.5, total_duration_ms: 1000, usage_json: {} } }),
      ev(12, 'run.updated', run({ status: 'completed', updated_at: at(7), usage: null })),
    );
    expect(s.runs.r1.status).toBe('completed');
    expect(s.runs.r1.usage?.total_cost_usd).toBe(0.5);
  });

  it('shows pending right after a send until the server reports a newer session', () => {
    let s = loaded({ session: session({ status: 'completed', updated_at: at(5) }) });
    s = sessionReducer(s, { type: 'sent' });
    expect(effectiveStatus(s)).toBe('pending');
    // A replay of the same state does not clear it…
    s = apply(s, ev(11, 'session.updated', session({ status: 'completed', updated_at: at(5) })));
    expect(effectiveStatus(s)).toBe('pending');
    // …the server's next update does.
    s = apply(s, ev(12, 'session.updated', session({ status: 'running', updated_at: at(6) })));
    expect(effectiveStatus(s)).toBe('running');
    expect(s.pendingSend).toBe(false);
  });

  it('bumps the files version when a tool finishes or a run ends', () => {
    const s0 = loaded({ session: session({ status: 'running', updated_at: at(1) }) });
    const s1 = apply(s0, ev(11, 'tool.finished', toolExec({ tool_output: { content: '' }, updated_at: at(3) })));
    expect(s1.filesVersion).toBe(s0.filesVersion + 1);
    const s2 = apply(s1, ev(12, 'session.updated', session({ status: 'completed', updated_at: at(9) })));
    expect(s2.filesVersion).toBe(s1.filesVersion + 1);
  });

  it('keeps network events from the snapshot and the stream once each, oldest first', () => {
    // The snapshot's list may come in any order and may hold an id twice.
    let s = loaded({ network: [netEvent(2), netEvent(1), netEvent(2)] });
    expect(s.network.map((e) => e.id)).toEqual([1, 2]);
    s = apply(s, ev(11, 'network.connection', refusedEvent(3)));
    expect(s.network.map((e) => e.id)).toEqual([1, 2, 3]);
    // A replay after a reconnect carries a new event id but the same record: nothing changes.
    const before = s.network;
    s = apply(s, ev(12, 'network.connection', refusedEvent(3)), ev(13, 'network.connection', netEvent(1)));
    expect(s.network).toBe(before);
    expect(s.lastEventId).toBe(13);
    // One that started earlier than the newest lands in its place.
    s = apply(s, ev(14, 'network.connection', netEvent(9, { started_at: at(11.5), seq: 9 })));
    expect(s.network.map((e) => e.id)).toEqual([1, 9, 2, 3]);
  });

  it('orders network events that started together by their run\'s numbering', () => {
    const s = loaded({ network: [netEvent(7, { seq: 2, started_at: at(5) }), netEvent(8, { seq: 1, started_at: at(5) })] });
    expect(s.network.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('keeps the known network events and says so when the list could not be read', () => {
    let s = apply(loaded({ network: [netEvent(1)] }), ev(11, 'network.connection', netEvent(2)));
    expect(s.networkUnavailable).toBe(false);
    s = sessionReducer(s, snapshot({ network: null, lastEventId: 11 }));
    expect(s.networkUnavailable).toBe(true);
    expect(s.network.map((e) => e.id)).toEqual([1, 2]);
    // Live events still arrive.
    s = apply(s, ev(12, 'network.connection', netEvent(3)));
    expect(s.network.map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
