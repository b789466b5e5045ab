import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, zh };
const STORAGE_KEY = 'poco.lang';

function detect(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    /* storage unavailable */
  }
  const nav = typeof navigator !== 'undefined' ? navigator.language || '' : '';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let lang: Lang = detect();
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang) {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((l) => l());
}

export function translate(l: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[l][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(lang, key, vars);
}

export function useLang(): Lang {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    () => lang,
  );
}

/** The translate function; components re-render when the language changes. */
export function useT(): T {
  const l = useLang();
  return (key, vars) => translate(l, key, vars);
}
