import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../test/fixtures';
import { renderInApp } from '../../test/render';
import { useToasts } from '../../ui/toast';
import { Composer } from './Composer';
import { dictationLanguage, type SpeechRecognitionLike, type SpeechResultEvent } from './dictation';

/** A stand-in for the browser's recognizer that the test drives the way Chrome's calls back. */
class FakeRecognition implements SpeechRecognitionLike {
  static last: FakeRecognition | null = null;
  lang = '';
  continuous = false;
  interimResults = false;
  onresult: ((event: SpeechResultEvent) => void) | null = null;
  onerror: ((event: { error: string }) => void) | null = null;
  onend: (() => void) | null = null;
  started = false;
  private heard: { transcript: string; isFinal: boolean }[] = [];
  constructor() {
    FakeRecognition.last = this;
  }
  start() {
    if (this.started) throw new Error('InvalidStateError: already started');
    this.started = true;
  }
  stop() {
    this.started = false;
    this.onend?.();
  }
  abort() {
    this.stop();
  }
  /** Hears `transcript` as the result at `index` (a new one, or a revision of an interim one). */
  hear(index: number, transcript: string, isFinal: boolean) {
    this.heard[index] = { transcript, isFinal };
    const results = this.heard.map((r) => Object.assign([{ transcript: r.transcript }], { isFinal: r.isFinal }));
    act(() => this.onresult?.({ resultIndex: index, results }));
  }
  fail(error: string) {
    act(() => {
      this.onerror?.({ error });
      this.stop();
    });
  }
}

function Toasts() {
  return <div data-testid="toasts">{useToasts().map((x) => x.text).join(' | ')}</div>;
}

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse({ code: 0, message: 'ok', data: { default_model: 'sonnet', model_list: ['sonnet'] } })),
  );
  FakeRecognition.last = null;
});
afterEach(() => vi.unstubAllGlobals());

function setup() {
  renderInApp(
    <>
      <Composer onSubmit={async () => true} placeholder="Describe a task…" />
      <Toasts />
    </>,
  );
  return screen.getByTestId('composer-input') as HTMLTextAreaElement;
}

describe('voice dictation', () => {
  it('offers no microphone where the browser has no speech recognition', async () => {
    expect('SpeechRecognition' in window || 'webkitSpeechRecognition' in window).toBe(false);
    setup();
    // The composer is otherwise complete (its model list has arrived), and still no microphone.
    await screen.findByTestId('composer-model');
    expect(screen.queryByTestId('composer-dictate')).toBeNull();
    expect(screen.getByTestId('composer-attach')).toBeTruthy();
  });

  it('writes interim and final words after the text already typed, and stops on a second press', async () => {
    vi.stubGlobal('webkitSpeechRecognition', FakeRecognition);
    const input = setup();
    fireEvent.change(input, { target: { value: 'Please' } });
    const mic = await screen.findByTestId('composer-dictate');
    expect(mic.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mic);
    const rec = FakeRecognition.last!;
    expect(rec.started).toBe(true);
    expect(rec.interimResults).toBe(true);
    expect(rec.continuous).toBe(true);
    expect(rec.lang).toMatch(/^en/);
    expect(mic.getAttribute('aria-pressed')).toBe('true');
    expect(mic.getAttribute('aria-label')).toBe('Stop dictation');

    rec.hear(0, 'write a', false);
    expect(input.value).toBe('Please write a');
    rec.hear(0, 'write a haiku', true);
    expect(input.value).toBe('Please write a haiku');
    rec.hear(1, ' about', false);
    expect(input.value).toBe('Please write a haiku about');

    // Typed over meanwhile: what is heard next goes after what is there now.
    fireEvent.change(input, { target: { value: 'Write a limerick' } });
    rec.hear(1, ' about cats', true);
    expect(input.value).toBe('Write a limerick about cats');

    fireEvent.click(mic);
    expect(rec.started).toBe(false);
    expect(mic.getAttribute('aria-pressed')).toBe('false');
  });

  it('says plainly when the microphone is not allowed', async () => {
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
    setup();
    fireEvent.click(await screen.findByTestId('composer-dictate'));
    FakeRecognition.last!.fail('not-allowed');
    expect(screen.getByTestId('toasts').textContent).toContain('Microphone access was denied');
    expect(screen.getByTestId('composer-dictate').getAttribute('aria-pressed')).toBe('false');
  });

  it('listens in the browser’s variant of the interface language', () => {
    expect(dictationLanguage('en', ['en-GB', 'fr-FR'])).toBe('en-GB');
    expect(dictationLanguage('zh', ['en-US'])).toBe('zh-CN');
    expect(dictationLanguage('de', [])).toBe('de-DE');
  });
});
