// The crypto area's strings exist in English and Finnish, validation messages included.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../../src/isms/crypto/messages.js';
import { MSG, RULE_KINDS, SEVERITIES } from '../../../src/isms/crypto/policy-schema.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/crypto');

describe('crypto messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('crypto.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('crypto.'));
    expect(en.length).toBeGreaterThan(100);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every fixed validation message into Finnish', () => {
    for (const m of Object.values(MSG).filter((x) => !x.includes('{'))) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
    expect(withLocale('fi', () => t('Use at most 200 characters.'))).toBe('Käytä enintään 200 merkkiä.');
  });

  it('defines every literal key the crypto pages and services use, and each rule kind, severity and action', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\(\s*'(crypto\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    for (const k of RULE_KINDS) expect(en.has(`crypto.kind.${k}`), k).toBe(true);
    for (const s of SEVERITIES) expect(en.has(`crypto.severity.${s}`), s).toBe(true);
    for (const a of ['load', 'copy', 'update']) expect(en.has(`crypto.history.crypto_policy.${a}`), a).toBe(true);
  });
});
