// Issue 16: the model's text as it is generated (`message.delta`), shown growing in place and
// replaced by the complete message; never duplicated, never stale after a reconnect.
import { describe, expect, it } from 'vitest';
import { assistantMsg, at, ev, run, session, userMsg } from '../../test/fixtures';
import type { SessionEvent } from '../../api/types';
import { initialSessionState, sessionReducer, type SessionState } from './sessionReducer';

function loaded(): SessionState {
  return sessionReducer(initialSessionState('s1'), {
    type: 'snapshot',
    session: session(),
    messages: [userMsg(1, 'write a poem')],
    tools: [],
    runs: [run()],
    questions: [],
    network: [],
    lastEventId: 10,
  });
}

function delta(offset: number, text: string, over: { index?: number; kind?: string; message?: string; run?: string } = {}) {
  return {
    id: null,
    session_id: 's1',
    run_id: over.run ?? 'r1',
    type: 'message.delta',
    payload: { message_id: over.message ?? 'msg_1', index: over.index ?? 0, kind: over.kind ?? 'text', offset, text },
  } as SessionEvent;
}

const apply = (state: SessionState, ...events: SessionEvent[]) =>
  events.reduce((s, e) => sessionReducer(s, { type: 'event', event: e }), state);

const finalMessage = (id: number, text: string) =>
  ({ ...ev(id, 'message.created', assistantMsg(2, [{ _type: 'TextBlock', text }])), run_id: 'r1' }) as SessionEvent;

describe('partial text (message.delta)', () => {
  it('grows in place, piece by piece, without touching the event cursor', () => {
    const s = apply(loaded(), delta(0, 'Roses'), delta(5, ' are'), delta(9, ' red'));
    expect(s.partials).toEqual([{ key: 'r1:msg_1:0', runId: 'r1', kind: 'text', text: 'Roses are red' }]);
    expect(s.lastEventId).toBe(10);
    expect(s.messages).toHaveLength(1);
  });

  it('is replaced by the complete message, and late pieces of it are dropped', () => {
    let s = apply(loaded(), delta(0, 'Roses'), delta(5, ' are'));
    s = apply(s, finalMessage(11, 'Roses are red'));
    expect(s.partials).toEqual([]);
    expect(s.messages.map((m) => m.id)).toEqual([1, 2]);
    s = apply(s, delta(9, ' red'));
    expect(s.partials).toEqual([]);
    // The next block of the same message streams on its own.
    s = apply(s, delta(0, 'Violets', { index: 1 }));
    expect(s.partials.map((p) => p.text)).toEqual(['Violets']);
  });

  it('keeps text and thinking blocks apart, in the order they began', () => {
    const s = apply(
      loaded(),
      delta(0, 'Let me think', { kind: 'thinking' }),
      delta(0, 'Answer', { index: 1 }),
      delta(12, '…', { kind: 'thinking' }),
    );
    expect(s.partials.map((p) => [p.kind, p.text])).toEqual([
      ['thinking', 'Let me think…'],
      ['text', 'Answer'],
    ]);
  });

  it('skips repeated text and keeps what it has over a gap', () => {
    let s = apply(loaded(), delta(0, 'abc'), delta(1, 'bcd'));
    expect(s.partials[0].text).toBe('abcd');
    s = apply(s, delta(2, 'cd'));
    expect(s.partials[0].text).toBe('abcd');
    s = apply(s, delta(10, 'xyz'));
    expect(s.partials[0].text).toBe('abcd');
  });

  it('never starts a block from its middle (after a reconnect the complete message is awaited)', () => {
    let s = apply(loaded(), delta(0, 'Roses are'));
    s = sessionReducer(s, { type: 'stream-reset' });
    expect(s.partials).toEqual([]);
    s = apply(s, delta(9, ' red'));
    expect(s.partials).toEqual([]);
    s = apply(s, finalMessage(11, 'Roses are red'));
    expect(s.messages).toHaveLength(2);
    expect(s.partials).toEqual([]);
  });

  it('is dropped when its run ends or a snapshot is loaded', () => {
    let s = apply(loaded(), delta(0, 'half'));
    s = apply(s, ev(11, 'run.updated', run({ status: 'canceled', updated_at: at(20) })));
    expect(s.partials).toEqual([]);
    s = apply(s, delta(4, ' more'), delta(0, 'new', { message: 'msg_2' }));
    expect(s.partials).toEqual([]);

    let t = apply(loaded(), delta(0, 'half'));
    t = apply(t, ev(11, 'session.updated', session({ status: 'completed', updated_at: at(20) })));
    expect(t.partials).toEqual([]);

    let u = apply(loaded(), delta(0, 'half'));
    u = sessionReducer(u, {
      type: 'snapshot',
      session: session(),
      messages: [],
      tools: [],
      runs: [],
      questions: [],
      network: [],
      lastEventId: 12,
    });
    expect(u.partials).toEqual([]);
  });

  it('ignores pieces of another session, without a run or of an unknown kind', () => {
    const other = { ...delta(0, 'x'), session_id: 's2' } as SessionEvent;
    const noRun = { ...delta(0, 'x'), run_id: null } as SessionEvent;
    const s = apply(loaded(), other, noRun, delta(0, 'x', { kind: 'tool_input' }));
    expect(s.partials).toEqual([]);
  });
});
