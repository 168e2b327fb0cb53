// The English and Finnish catalogues of every page module the web work owns have the same keys.
import { describe, expect, it } from 'vitest';
import '../../src/web/messages.js';
import '../../src/web/dashboard-messages.js';
import '../../src/web/areas-messages.js';
import '../../src/audit/messages.js';
import '../../src/web/problems-messages.js';
import { catalogueKeys, t, tOr, withLocale } from '../../src/web/i18n.js';

describe('catalogues', () => {
  it('have the same keys in English and Finnish', () => {
    const en = new Set(catalogueKeys('en'));
    const fi = new Set(catalogueKeys('fi'));
    expect([...en].filter((k) => !fi.has(k))).toEqual([]);
    expect([...fi].filter((k) => !en.has(k))).toEqual([]);
    expect(en.size).toBeGreaterThan(200);
  });

  it('use the same placeholders in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched = catalogueKeys('en').filter((k) => {
      const en = withLocale('en', () => t(k));
      const fi = withLocale('fi', () => t(k));
      return JSON.stringify(holes(en)) !== JSON.stringify(holes(fi));
    });
    expect(mismatched).toEqual([]);
  });

  it('have no empty strings', () => {
    for (const locale of ['en', 'fi'] as const) {
      const empty = catalogueKeys(locale).filter((k) => withLocale(locale, () => t(k)).trim() === '');
      expect(empty, locale).toEqual([]);
    }
  });

  it('fall back for keys nobody registered', () => {
    expect(tOr('error.title.not-found', 'x')).toBe('Not found');
    expect(tOr('error.title.some-new-type', 'Service text')).toBe('Service text');
    expect(withLocale('fi', () => tOr('error.title.not-found', 'x'))).toBe('Ei löytynyt');
  });
});
