// Which language the UI starts in and switches to: the account's, then the cookie poco_lang, then the
// browser's Accept-Language list (navigator.languages), then English; and the switcher in the settings menu.
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Sidebar } from '../features/sidebar/Sidebar';
import { fakeApi } from '../test/fakeApi';
import { renderInApp } from '../test/render';
import { resolveLang, setLang, getLang } from './index';

type I18n = typeof import('./index');

const V1 = '/api/v1';

function clearCookie() {
  document.cookie = 'poco_lang=; Max-Age=0; Path=/';
}

function cookieLang(): string | null {
  return /(?:^|;\s*)poco_lang=([^;]*)/.exec(document.cookie)?.[1] ?? null;
}

/** A fresh i18n module, as the page loads it, with this browser's preferred languages. */
async function load(languages: string[]): Promise<I18n> {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(languages[0] ?? '');
  vi.resetModules();
  const i18n = await import('./index');
  await i18n.i18nReady;
  return i18n;
}

beforeEach(clearCookie);
afterEach(clearCookie);

describe('resolveLang', () => {
  it('takes the account, then the saved choice, then the first supported preferred language, then en', () => {
    expect(resolveLang({ account: 'ja', saved: 'fr', preferred: ['de-DE'] })).toBe('ja');
    expect(resolveLang({ account: null, saved: 'fr', preferred: ['de-DE'] })).toBe('fr');
    expect(resolveLang({ saved: null, preferred: ['pt-BR', 'ru-RU', 'de'] })).toBe('ru');
    expect(resolveLang({ preferred: ['zh-Hant-TW'] })).toBe('zh');
    expect(resolveLang({ preferred: ['pt-BR', 'es'] })).toBe('en');
    expect(resolveLang({})).toBe('en');
  });

  it('ignores values that are not a supported language', () => {
    expect(resolveLang({ account: 'xx', saved: 'klingon', preferred: ['FR-ca'] })).toBe('fr');
  });
});

describe('the language at start-up', () => {
  it('follows Accept-Language when nothing is saved, by primary subtag', async () => {
    const i18n = await load(['pt-BR', 'de-AT', 'fr']);
    expect(i18n.getLang()).toBe('de');
    expect(i18n.t('nav.newTask')).toBe('Neue Aufgabe');
    expect(document.documentElement.lang).toBe('de');
  });

  it('is English when no preferred language is supported', async () => {
    const i18n = await load(['pt-BR', 'es']);
    expect(i18n.getLang()).toBe('en');
    expect(i18n.t('nav.newTask')).toBe('New task');
  });

  it('takes the cookie over Accept-Language', async () => {
    document.cookie = 'poco_lang=ja; Path=/';
    const i18n = await load(['ru-RU', 'en']);
    expect(i18n.getLang()).toBe('ja');
    expect(document.documentElement.lang).toBe('ja');
  });

  it('ignores a cookie naming an unsupported language', async () => {
    document.cookie = 'poco_lang=pt; Path=/';
    const i18n = await load(['ru-RU']);
    expect(i18n.getLang()).toBe('ru');
  });

  it("moves an older build's localStorage choice into the cookie", async () => {
    localStorage.setItem('poco.lang', 'zh');
    const i18n = await load(['fr-FR']);
    expect(i18n.getLang()).toBe('zh');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(cookieLang()).toBe('zh');
    expect(localStorage.getItem('poco.lang')).toBeNull();
  });
});

describe('setLang and setAccountLanguage', () => {
  it('saves the choice in the cookie and applies it at once', async () => {
    const i18n = await load(['en-US']);
    await i18n.setLang('ru');
    expect(cookieLang()).toBe('ru');
    expect(i18n.getLang()).toBe('ru');
    expect(i18n.t('nav.settings')).toBe('Настройки');
    expect(document.documentElement.lang).toBe('ru');
  });

  it("takes the account's language over the cookie, and the cookie again once the account has none", async () => {
    document.cookie = 'poco_lang=fr; Path=/';
    const i18n = await load(['de-DE']);
    expect(i18n.getLang()).toBe('fr');
    await i18n.setAccountLanguage('ja');
    expect(i18n.getLang()).toBe('ja');
    expect(i18n.t('nav.settings')).toBe('設定');
    await i18n.setAccountLanguage(null);
    expect(i18n.getLang()).toBe('fr');
  });

  it('lets an explicit choice win over the account language it was given', async () => {
    const i18n = await load(['en']);
    await i18n.setAccountLanguage('de');
    await i18n.setLang('zh');
    expect(i18n.getLang()).toBe('zh');
    expect(cookieLang()).toBe('zh');
  });

  it('formats numbers and dates for the active language', async () => {
    const i18n = await load(['en']);
    await i18n.setLang('de');
    expect((1234567).toLocaleString(i18n.intlLocale())).toBe('1.234.567');
    await i18n.setLang('fr');
    expect(new Date(Date.UTC(2026, 0, 2)).toLocaleDateString(i18n.intlLocale(), { timeZone: 'UTC', month: 'long' })).toBe('janvier');
  });
});

describe('the language switcher', () => {
  it('offers all six languages by their own names and switches the page', async () => {
    await setLang('en');
    clearCookie();
    fakeApi({ [`GET ${V1}/sessions?limit=500`]: [], [`GET ${V1}/projects`]: [] });
    renderInApp(<Sidebar currentSessionId={null} currentProjectId={null} onNavigate={() => undefined} onCollapse={() => undefined} />);
    expect(screen.getByText('New task')).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByTestId('settings-menu')));
    const options = screen.getAllByRole('menuitemradio').filter((el) => el.dataset.testid?.startsWith('lang-'));
    expect(options.map((el) => el.textContent)).toEqual(['English', '中文', 'Français', '日本語', 'Deutsch', 'Русский']);
    expect(options.map((el) => el.getAttribute('lang'))).toEqual(['en', 'zh', 'fr', 'ja', 'de', 'ru']);
    expect(screen.getByTestId('lang-en').getAttribute('aria-checked')).toBe('true');

    await act(async () => fireEvent.click(screen.getByTestId('lang-fr')));
    expect(await screen.findByText('Nouvelle tâche')).toBeTruthy();
    expect(screen.queryByText('New task')).toBeNull();
    expect(cookieLang()).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(getLang()).toBe('fr');

    await act(async () => fireEvent.click(screen.getByTestId('settings-menu')));
    expect(screen.getByTestId('lang-fr').getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(screen.getByTestId('lang-ja')));
    expect(await screen.findByText('新しいタスク')).toBeTruthy();
  });
});

describe('the dictionaries outside English', () => {
  it('load on demand, and the page keeps its language until the chosen one has arrived', async () => {
    const i18n = await load(['en-US']);
    expect(i18n.i18n.hasResourceBundle('ja', 'translation')).toBe(false);
    const switching = i18n.setLang('ja');
    // Not loaded yet: still English, never a key or a half-switched page.
    expect(i18n.getLang()).toBe('en');
    expect(i18n.t('nav.newTask')).toBe('New task');
    await switching;
    expect(i18n.i18n.hasResourceBundle('ja', 'translation')).toBe(true);
    expect(i18n.getLang()).toBe('ja');
    expect(i18n.t('nav.newTask')).toBe('新しいタスク');
  });

  it('are applied before the app renders when the browser asks for another language', async () => {
    const i18n = await load(['ru-RU']);
    expect(i18n.getLang()).toBe('ru');
    expect(i18n.t('nav.settings')).toBe('Настройки');
  });

  it('end with the last choice when an earlier one loads later', async () => {
    const i18n = await load(['en-US']);
    const first = i18n.setLang('de');
    const second = i18n.setLang('en');
    await Promise.all([first, second]);
    expect(i18n.getLang()).toBe('en');
    expect(cookieLang()).toBe('en');
  });
});
