// Voice dictation with the browser's Web Speech API (Chrome, Edge, Safari: `SpeechRecognition` or
// `webkitSpeechRecognition`): what is heard goes into the composer as it is recognised, interim words
// included, after the text that was there when dictation started. Nothing is sent to Poco's server.

import { useCallback, useEffect, useRef, useState } from 'react';
import { getLang } from '../../i18n';

/** The part of the Web Speech API used here (TypeScript's DOM library does not declare it). */
export interface SpeechRecognitionLike {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: SpeechResultEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}

export interface SpeechResultEvent {
  resultIndex: number;
  results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
}

type Ctor = new () => SpeechRecognitionLike;

/** The browser's recognizer, or null where there is none (Firefox). */
export function speechRecognition(): Ctor | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { SpeechRecognition?: Ctor; webkitSpeechRecognition?: Ctor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

const REGIONS: Record<string, string> = { en: 'en-US', zh: 'zh-CN', fr: 'fr-FR', ja: 'ja-JP', de: 'de-DE', ru: 'ru-RU' };

/** The language to listen for: the browser's own when it is a variant of Poco's language (en-GB), else Poco's. */
export function dictationLanguage(ui: string, browser: readonly string[]): string {
  const base = ui.split('-')[0];
  return browser.find((l) => l.split('-')[0] === base) ?? REGIONS[base] ?? ui;
}

/** Why dictation stopped, as a message key, or null for a stop the user asked for. */
export type DictationError = 'denied' | 'noMic' | 'noSpeech' | 'network' | { other: string };

function errorOf(code: string): DictationError | null {
  switch (code) {
    case 'aborted':
      return null;
    case 'not-allowed':
    case 'service-not-allowed':
      return 'denied';
    case 'audio-capture':
      return 'noMic';
    case 'no-speech':
      return 'noSpeech';
    case 'network':
      return 'network';
    default:
      return { other: code };
  }
}

const joined = (base: string, heard: string) => {
  const words = heard.trim();
  if (!words) return base;
  return base && !/\s$/.test(base) ? `${base} ${words}` : base + words;
};

/**
 * Dictation into a text value owned elsewhere: `start` listens, `stop` ends; `onText` gets the whole new value
 * on every (interim) result. When the value changes under it (typed, sent), what follows goes after the new value.
 */
export function useDictation(text: string, onText: (value: string) => void, onError: (e: DictationError) => void) {
  const [listening, setListening] = useState(false);
  const recognizer = useRef<SpeechRecognitionLike | null>(null);
  const textNow = useRef(text);
  const callbacks = useRef({ onText, onError });
  useEffect(() => {
    textNow.current = text;
    callbacks.current = { onText, onError };
  });

  useEffect(() => () => recognizer.current?.abort(), []);

  const stop = useCallback(() => recognizer.current?.stop(), []);

  const start = useCallback(() => {
    const Recognition = speechRecognition();
    if (!Recognition || recognizer.current) return;
    const rec = new Recognition();
    rec.lang = dictationLanguage(getLang(), typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : []);
    rec.continuous = true;
    rec.interimResults = true;
    let base = textNow.current;
    let written = base;
    let from = 0; // results before this index belong to text already rebased
    rec.onresult = (event) => {
      if (textNow.current !== written) {
        // Edited or sent meanwhile: keep what is there now, add only what is heard from here on.
        base = textNow.current;
        from = event.resultIndex;
      }
      let heard = '';
      for (let i = from; i < event.results.length; i++) heard += event.results[i][0]?.transcript ?? '';
      written = joined(base, heard);
      textNow.current = written;
      callbacks.current.onText(written);
    };
    rec.onerror = (event) => {
      const e = errorOf(event.error);
      if (e) callbacks.current.onError(e);
    };
    rec.onend = () => {
      recognizer.current = null;
      setListening(false);
    };
    recognizer.current = rec;
    try {
      rec.start();
      setListening(true);
    } catch (e) {
      recognizer.current = null;
      callbacks.current.onError({ other: e instanceof Error ? e.message : String(e) });
    }
  }, []);

  return { listening, start, stop };
}
