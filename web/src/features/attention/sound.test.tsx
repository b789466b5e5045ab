import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys, queryClient } from '../../api/queries';
import type { Session, SessionEvent } from '../../api/types';
import { noteAttentionEvent } from './attention';
import { CompletionSoundToggle } from './CompletionSoundToggle';
import { completionSoundOn, notesFor, resetCompletionSound } from './sound';

/** WebAudio as far as the sound uses it: records the notes started. */
class FakeAudioContext {
  static notes: number[] = [];
  static created = 0;
  state: AudioContextState = 'suspended';
  currentTime = 0;
  destination = {};
  constructor() {
    FakeAudioContext.created++;
  }
  resume = vi.fn(async () => {
    this.state = 'running';
  });
  createOscillator() {
    let freq = 0;
    const node = {
      type: 'sine',
      frequency: { setValueAtTime: (v: number) => (freq = v) },
      connect: (next: unknown) => next,
      start: () => FakeAudioContext.notes.push(freq),
      stop: () => undefined,
    };
    return node;
  }
  createGain() {
    return {
      gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
      connect: (next: unknown) => next,
    };
  }
}

const session = (status: string): Session =>
  ({ session_id: 's1', status, title: 'Fix the build', created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-01T00:00:00Z' }) as Session;
const updated = (status: string) => ({ type: 'session.updated', payload: session(status), session_id: 's1' }) as SessionEvent;

/** The session ran, then ended with `status`, as the user stream reports it. */
function ends(status: string) {
  queryClient.setQueryData(keys.sessions, [session('running')]);
  noteAttentionEvent(updated(status));
}

beforeEach(() => {
  FakeAudioContext.notes = [];
  FakeAudioContext.created = 0;
  resetCompletionSound();
  vi.stubGlobal('AudioContext', FakeAudioContext);
});
afterEach(() => vi.unstubAllGlobals());

describe('the completion sound', () => {
  it('is off by default: a finished task makes no sound', () => {
    expect(completionSoundOn()).toBe(false);
    ends('completed');
    expect(FakeAudioContext.created).toBe(0);
  });

  it('is turned on in Settings, which plays it once to hear it', () => {
    render(<CompletionSoundToggle />);
    const toggle = screen.getByRole('checkbox', { name: 'Sound when a task ends' }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    expect(toggle.checked).toBe(true);
    expect(completionSoundOn()).toBe(true);
    expect(FakeAudioContext.notes).toEqual(notesFor('completed'));
    fireEvent.click(toggle);
    expect(completionSoundOn()).toBe(false);
  });

  it('rises when a task completes, falls when it fails, and stays silent on a cancel', () => {
    localStorage.setItem('poco.completionSound', '1');
    ends('completed');
    expect(FakeAudioContext.notes).toEqual([660, 990]);
    FakeAudioContext.notes = [];
    ends('failed');
    expect(FakeAudioContext.notes).toEqual([520, 415]);
    FakeAudioContext.notes = [];
    ends('canceled');
    expect(FakeAudioContext.notes).toEqual([]);
  });

  it('is silent where the browser has no WebAudio', () => {
    vi.stubGlobal('AudioContext', undefined);
    localStorage.setItem('poco.completionSound', '1');
    expect(() => ends('completed')).not.toThrow();
  });
});
