// The asset area's strings exist in English and Finnish, domain messages with placeholders included.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tMsg } from '../../../src/isms/assets/messages.js';
import { fmt, MSG } from '../../../src/isms/assets/schema.js';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, ENVIRONMENTS } from '../../../src/isms/tables.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/assets');

describe('asset messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('assets.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('assets.'));
    expect(en.length).toBeGreaterThan(150);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('translates messages whose placeholders are already filled, and leaves strangers alone', () => {
    const cycle = fmt(MSG.dependencyCycle, { path: 'AST-003 → AST-014 → AST-003' });
    expect(withLocale('en', () => tMsg(cycle))).toBe(cycle);
    expect(withLocale('fi', () => tMsg(cycle))).toBe('Tämä riippuvuus sulkisi kehän: AST-003 → AST-014 → AST-003.');
    expect(withLocale('fi', () => tMsg(fmt(MSG.duplicateRef, { ref: 'X-1', row: 7 })))).toBe('Tunnus X-1 on jo tiedoston aiemmalla rivillä (rivi 7).');
    expect(withLocale('fi', () => tMsg(MSG.cia))).toBe('Käytä kokonaislukua 1 (matala) – 4 (kriittinen).');
    expect(withLocale('fi', () => tMsg('Something else entirely.'))).toBe('Something else entirely.');
  });

  it('defines every literal key the asset pages use, and one per value of each set', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(assets\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    const sets: [string, readonly string[]][] = [
      ['kind', ASSET_KINDS],
      ['classification', CLASSIFICATIONS],
      ['environment', ENVIRONMENTS],
      ['status', ASSET_STATUSES],
      ['cia', ['low', 'medium', 'high', 'critical']],
      ['history.asset', ['create', 'update', 'retire', 'reactivate', 'dependencies', 'import']],
      ['field', ['ref', 'name', 'kind', 'description', 'owner', 'classification', 'confidentiality', 'integrity', 'availability', 'environment', 'status', 'depends_on']],
    ];
    for (const [prefix, values] of sets) for (const v of values) expect(en.has(`assets.${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });
});
