// The check `./poco test` runs on the dictionaries (web's vitest runs in the Maven build): every language has
// exactly en's keys, no empty value, and the same placeholders as en. tsc already fails on a missing key
// (Record<MessageKey, string>); this also catches extra keys, blanks and a placeholder lost in translation.
import { beforeAll, describe, expect, it } from 'vitest';
import { de } from './de';
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { ensureLang, LANGS, translate, type Dictionary, type Lang } from './index';
import { ja } from './ja';
import { ru } from './ru';
import { zh } from './zh';

const dictionaries: Record<Lang, Dictionary> = { en, zh, fr, ja, de, ru };

const enKeys = Object.keys(en) as MessageKey[];

/** The {name} placeholders of a string, sorted, as the UI passes them (word characters only). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

describe.each(LANGS)('the %s dictionary', (lang) => {
  const dict = dictionaries[lang] as Record<string, unknown>;
  beforeAll(() => ensureLang(lang));

  it('has every key of en', () => {
    expect(enKeys.filter((k) => !(k in dict))).toEqual([]);
  });

  it('has no key en does not have', () => {
    expect(Object.keys(dict).filter((k) => !(k in en))).toEqual([]);
  });

  it('has no empty value', () => {
    expect(enKeys.filter((k) => typeof dict[k] !== 'string' || (dict[k] as string).trim() === '')).toEqual([]);
  });

  it("has en's placeholders in every string", () => {
    const differing = enKeys
      .filter((k) => typeof dict[k] === 'string')
      .filter((k) => placeholders(dict[k] as string).join() !== placeholders(en[k]).join())
      .map((k) => `${k}: ${JSON.stringify(dict[k])}`);
    expect(differing).toEqual([]);
  });

  it('keeps the product names untranslated where en names them', () => {
    const names = ['Poco', 'Claude', 'GitHub', 'Telegram', 'MCP'];
    const lost = enKeys.flatMap((k) =>
      names.filter((n) => en[k].includes(n) && !String(dict[k]).includes(n)).map((n) => `${k}: ${n}`),
    );
    expect(lost).toEqual([]);
  });

  it('fills every placeholder through i18next and leaves other braces as written', () => {
    for (const key of enKeys) {
      const template = dictionaries[lang][key];
      const vars = Object.fromEntries(placeholders(template).map((p) => [p, `<${p}>`]));
      const expected = template.replace(/\{(\w+)\}/g, (_m, p: string) => `<${p}>`);
      expect(translate(lang, key, vars), key).toBe(expected);
    }
  });
});
