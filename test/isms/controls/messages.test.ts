// The controls area's strings exist in English and Finnish, domain messages and the effectiveness basis too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../../src/isms/controls/messages.js';
import { NO_EVIDENCE_EXPLANATION, REVIEW_STATES, EFFECTIVENESS_STATUSES } from '../../../src/isms/controls/rules.js';
import { CONTROL_LEVELS, CONTROL_STATUSES, MSG } from '../../../src/isms/controls/schema.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/controls');

describe('controls messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('controls.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('controls.'));
    expect(en.length).toBeGreaterThan(100);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message and the "no evidence" basis into Finnish', () => {
    for (const m of [...Object.values(MSG), NO_EVIDENCE_EXPLANATION]) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the pages use, and each level, status, review clock and history action', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(controls\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    for (const l of CONTROL_LEVELS) for (const p of ['level', 'levelShort', 'levelHint']) expect(en.has(`controls.${p}.${l}`), `${p}.${l}`).toBe(true);
    for (const s of CONTROL_STATUSES) expect(en.has(`controls.status.${s}`)).toBe(true);
    for (const s of REVIEW_STATES) expect(en.has(`controls.review.${s}`)).toBe(true);
    for (const s of EFFECTIVENESS_STATUSES) expect(en.has(`controls.effectiveness.${s}`)).toBe(true);
    for (const a of ['create', 'update', 'link_requirements', 'link_risks', 'link_assets', 'review']) expect(en.has(`controls.action.control.${a}`)).toBe(true);
    for (const f of ['title', 'description', 'level', 'owner', 'status', 'review_interval_days', 'next_review']) expect(en.has(`controls.field.${f}`)).toBe(true);
  });
});
