// The UI's languages, on i18next + react-i18next. en.ts is the source dictionary; every other language is a
// Record<MessageKey, string>, so tsc fails on a missing key (and dictionaries.test.ts on an extra or empty one,
// or on placeholders that differ from en's). Placeholders are written {name}, as they always were here.
//
// Which language: the account's (setAccountLanguage, once the account code knows it), else the saved choice
// (cookie poco_lang), else the browser's Accept-Language list (navigator.languages, first supported primary
// subtag), else English.
//
// Only en is in the first bundle; every other dictionary is its own chunk, imported when its language is detected
// or chosen. The UI keeps showing the language it has until the chosen one is loaded (never a flash of English or
// of keys), and main.tsx waits for `i18nReady` (the detected language) before the first render.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, type MessageKey } from './en';

export type { MessageKey };

export const LANGS = ['en', 'zh', 'fr', 'ja', 'de', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language by its own name, as the switcher offers it. */
export const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  zh: '中文',
  fr: 'Français',
  ja: '日本語',
  de: 'Deutsch',
  ru: 'Русский',
};

export type Dictionary = Record<MessageKey, string>;

/** Each language's dictionary, as a chunk of its own (en is already here). */
const loaders: Record<Lang, () => Promise<Dictionary>> = {
  en: () => Promise.resolve(en),
  zh: () => import('./zh').then((m) => m.zh),
  fr: () => import('./fr').then((m) => m.fr),
  ja: () => import('./ja').then((m) => m.ja),
  de: () => import('./de').then((m) => m.de),
  ru: () => import('./ru').then((m) => m.ru),
};

/** A language's dictionary, loading its chunk the first time (for tests and tools; the UI uses the i18n instance). */
export function loadDictionary(lang: Lang): Promise<Dictionary> {
  return loaders[lang]();
}

/** The BCP 47 tag for `<html lang>` and Intl. */
const LOCALES: Record<Lang, string> = { en: 'en', zh: 'zh-CN', fr: 'fr', ja: 'ja', de: 'de', ru: 'ru' };

export const LANG_COOKIE = 'poco_lang';
const LEGACY_STORAGE_KEY = 'poco.lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** A supported language for a tag such as `fr-CA` or `zh-Hant-TW`, by its primary subtag. */
export function langOfTag(tag: string | null | undefined): Lang | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : null;
}

/** The resolution order, pure: account, then the saved choice, then the first supported preferred language, then en. */
export function resolveLang(sources: {
  account?: string | null;
  saved?: string | null;
  preferred?: readonly string[];
}): Lang {
  if (isLang(sources.account)) return sources.account;
  if (isLang(sources.saved)) return sources.saved;
  for (const tag of sources.preferred ?? []) {
    const lang = langOfTag(tag);
    if (lang) return lang;
  }
  return 'en';
}

function readCookie(): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === LANG_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function writeCookie(lang: Lang) {
  if (typeof document === 'undefined') return;
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${LANG_COOKIE}=${lang}; Max-Age=${ONE_YEAR_SECONDS}; Path=/; SameSite=Lax${secure}`;
}

/** The saved choice: the cookie, or the localStorage value older builds kept (moved into the cookie once). */
function savedLang(): Lang | null {
  const cookie = readCookie();
  if (isLang(cookie)) return cookie;
  try {
    const legacy = localStorage.getItem(LEGACY_STORAGE_KEY);
    if (legacy !== null) {
      localStorage.removeItem(LEGACY_STORAGE_KEY);
      if (isLang(legacy)) {
        writeCookie(legacy);
        return legacy;
      }
    }
  } catch {
    /* storage unavailable */
  }
  return null;
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

let accountLang: Lang | null = null;

/** The language as the sources say now (account, cookie, Accept-Language, en). */
export function detectLang(): Lang {
  return resolveLang({ account: accountLang, saved: savedLang(), preferred: browserLanguages() });
}

function applyHtmlLang(lang: Lang) {
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALES[lang];
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  // Keys are flat ('nav.newTask'), never nested objects or namespaced.
  keySeparator: false,
  nsSeparator: false,
  initAsync: false,
  returnNull: false,
  react: { useSuspense: false },
  // Braces that are not a passed variable (JSON examples, ${SECRET}) stay as written.
  missingInterpolationHandler: (_text: string, match: RegExpExecArray) => match[0],
  interpolation: {
    prefix: '{',
    suffix: '}',
    // React escapes what it renders; escaping here would show &amp; in the UI.
    escapeValue: false,
    // No {value, format} syntax in our strings; commas inside braces are literal text.
    formatSeparator: '\u0000',
  },
});
const loading = new Map<Lang, Promise<void>>();

/** Makes a language's strings available to i18next (once; a failed load may be retried). */
export function ensureLang(lang: Lang): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return Promise.resolve();
  let pending = loading.get(lang);
  if (!pending) {
    pending = loaders[lang]().then(
      (dict) => {
        i18n.addResourceBundle(lang, 'translation', dict, true, true);
      },
      (e: unknown) => {
        loading.delete(lang);
        throw e;
      },
    );
    loading.set(lang, pending);
  }
  return pending;
}

/** The language last asked for: a slower earlier load must not undo a later choice. */
let wanted: Lang = 'en';

/** Switches to `next` once its strings are loaded; until then the page stays in the language it shows. */
function apply(next: Lang): Promise<void> {
  wanted = next;
  return ensureLang(next).then(
    () => {
      if (wanted !== next) return;
      if (next !== getLang()) void i18n.changeLanguage(next);
      applyHtmlLang(next);
    },
    () => {
      // The chunk could not be fetched (offline on a first visit): stay in the language shown.
      if (wanted === next) applyHtmlLang(getLang());
    },
  );
}

/** Resolves once the detected language is loaded and applied: the app renders after it (no English flash). */
export const i18nReady: Promise<void> = apply(detectLang());
applyHtmlLang(getLang());

export function getLang(): Lang {
  const l = i18n.language;
  return isLang(l) ? l : 'en';
}

/** The tag to give Intl (dates, numbers) for a language. */
export function intlLocale(lang: Lang = getLang()): string {
  return LOCALES[lang];
}

/** The user's explicit choice (the switcher): saved in the cookie and shown as soon as its strings are loaded. */
export function setLang(next: Lang): Promise<void> {
  writeCookie(next);
  // Until the account code saves the choice to the account, the account's language must not undo it.
  if (accountLang !== null) accountLang = next;
  return apply(next);
}

/**
 * The account's language, for the account code to call once it knows it (null when the account has none or
 * on sign-out). It takes precedence over the cookie and Accept-Language.
 */
export function setAccountLanguage(lang: Lang | null): Promise<void> {
  accountLang = isLang(lang) ? lang : null;
  return apply(detectLang());
}

type Vars = Record<string, string | number>;

export function translate(l: Lang, key: MessageKey, vars?: Vars): string {
  // Variables go in `replace`, so a variable named like an i18next option (count, lng, …) stays a variable.
  return i18n.t(key, { lng: l, replace: vars ?? {} }) as string;
}

export type T = (key: MessageKey, vars?: Vars) => string;

export function t(key: MessageKey, vars?: Vars): string {
  return translate(getLang(), key, vars);
}

/** The current language; components re-render when it changes. */
export function useLang(): Lang {
  // Bound to this instance (not react-i18next's global one): re-renders on its languageChanged.
  const { i18n: instance } = useTranslation(undefined, { i18n });
  return isLang(instance.language) ? instance.language : 'en';
}

/** The translate function; components re-render when the language changes. */
export function useT(): T {
  const lang = useLang();
  return (key, vars) => translate(lang, key, vars);
}
