// The people area's strings exist in English and Finnish, domain messages included.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import '../../../src/isms/people/messages.js';
import { MSG } from '../../../src/isms/people/schema.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/people');

describe('people messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('people.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('people.'));
    expect(en.length).toBeGreaterThan(50);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      const fi = withLocale('fi', () => t(m));
      expect(fi, m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the people pages use', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(people\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    for (const s of ['active', 'leaving', 'left']) expect(en.has(`people.status.${s}`)).toBe(true);
    for (const a of ['person.create', 'person.update', 'person.import']) expect(en.has(`people.action.${a}`)).toBe(true);
  });
});
