// An optional short sound when a task ends (poco plays one too). Off by default; made with WebAudio
// (two soft sine notes, rising when the task completed, falling when it failed or was canceled), so
// there is no audio file to load.

import { useSyncExternalStore } from 'react';

const KEY = 'poco.completionSound';
const listeners = new Set<() => void>();

export function completionSoundOn(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setCompletionSound(on: boolean) {
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* storage unavailable: stays off */
  }
  listeners.forEach((l) => l());
  // Turning it on is a click: a good moment to let the browser start audio, and to hear what it sounds like.
  if (on) playCompletionSound('completed');
}

export function useCompletionSound(): boolean {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    completionSoundOn,
    () => false,
  );
}

type AudioContextClass = typeof AudioContext;
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor: AudioContextClass | undefined =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext);
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

/** Hz of the two notes: a rising fifth when the task completed, a falling third otherwise. */
export function notesFor(outcome: string): [number, number] {
  return outcome === 'completed' ? [660, 990] : [520, 415];
}

/**
 * Plays the sound for a task that ended with `outcome` (completed, failed or canceled). Quietly does
 * nothing where the browser has no WebAudio or does not allow sound yet (no click on the page so far).
 */
export function playCompletionSound(outcome: string) {
  const ctx = audio();
  if (!ctx) return;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    notesFor(outcome).forEach((freq, i) => {
      const at = start + i * 0.14;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, at);
      // A soft attack and a short decay: no click, about a quarter of a second in all.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.24);
    });
  } catch {
    /* a browser that refuses: no sound, nothing else changes */
  }
}

/** For tests: forget the audio context. */
export function resetCompletionSound() {
  context = null;
}
