// The SoA's strings exist in English and Finnish, domain messages and every key the pages use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../../src/isms/soa/messages.js';
import { GAP_KINDS } from '../../../src/isms/soa/rules.js';
import { EXPORT_FORMATS, MSG } from '../../../src/isms/soa/schema.js';
import { SOA_STATUSES, VERSION_STATUSES } from '../../../src/isms/soa/tables.js';
import { CONTROL_STATUSES } from '../../../src/isms/tables.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/soa');
const sources = () => [...readdirSync(dir), ...readdirSync(join(dir, 'export')).map((f) => `export/${f}`)].filter((f) => /\.tsx?$/.test(f)).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

describe('SoA messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('soa.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('soa.'));
    expect(en.length).toBeGreaterThan(150);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the pages and exports use, and every key built from a value set', () => {
    const en = new Set(catalogueKeys('en'));
    for (const [f, src] of sources()) for (const [, key] of src.matchAll(/\bt\('(soa\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    const built = [
      ...SOA_STATUSES.map((s) => `soa.status.${s}`),
      ...VERSION_STATUSES.map((s) => `soa.versionStatus.${s}`),
      ...CONTROL_STATUSES.map((s) => `soa.controlStatus.${s}`),
      ...GAP_KINDS.map((g) => `soa.gap.${g}`),
      ...EXPORT_FORMATS.map((f) => `soa.export.format.${f}`),
      ...['A.5', 'A.6', 'A.7', 'A.8'].map((th) => `soa.theme.${th}`),
      ...['control_id', 'title', 'applicable', 'justification', 'status', 'implemented_by', 'actions'].map((c) => `soa.col.${c}`),
      ...['title', 'applicable', 'justification', 'status', 'implemented_by'].map((f) => `soa.diff.field.${f}`),
      ...['control', 'theme', 'title', 'applicable', 'justification', 'status', 'basis', 'implementedBy', 'gaps'].map((c) => `soa.export.col.${c}`),
    ];
    for (const key of built) expect(en.has(key), key).toBe(true);
  });
});
