// The frameworks area's strings exist in English and Finnish, domain messages and vocabularies included.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISO27002_ATTRIBUTES, ISO27002_ATTRIBUTE_KEYS } from '../../../src/isms/frameworks/attributes.js';
import { REQUIREMENT_KINDS } from '../../../src/isms/frameworks/catalogue-schema.js';
import { CHANGE_FIELDS } from '../../../src/isms/frameworks/catalogue-sync.js';
import '../../../src/isms/frameworks/messages.js';
import { MSG } from '../../../src/isms/frameworks/schema.js';
import { CONTROL_LEVELS } from '../../../src/isms/tables.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/frameworks');

describe('frameworks messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('frameworks.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('frameworks.'));
    expect(en.length).toBeGreaterThan(100);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('names every vocabulary value, kind, control level and change field in both languages', () => {
    const en = new Set(catalogueKeys('en'));
    const fi = new Set(catalogueKeys('fi'));
    const keys = [
      ...ISO27002_ATTRIBUTE_KEYS.map((k) => `frameworks.attr.${k}`),
      ...Object.values(ISO27002_ATTRIBUTES).flatMap((vs) => vs.map((v) => `frameworks.attrValue.${v}`)),
      ...REQUIREMENT_KINDS.map((k) => `frameworks.kind.${k}`),
      ...CONTROL_LEVELS.map((l) => `frameworks.level.${l}`),
      ...CHANGE_FIELDS.map((f) => `frameworks.change.${f}`),
    ];
    for (const k of keys) {
      expect(en.has(k), k).toBe(true);
      expect(fi.has(k), k).toBe(true);
    }
  });

  it('defines every literal key the frameworks pages use', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(frameworks\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
  });
});
