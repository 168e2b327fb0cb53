// The risk register's strings exist in English and Finnish, domain and matrix messages included.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MATRIX_MSG } from '../../../src/isms/risks/matrix.js';
import '../../../src/isms/risks/messages.js';
import { MSG } from '../../../src/isms/risks/schema.js';
import { TASK_STATUSES } from '../../../src/isms/risks/tables.js';
import { RISK_STATUSES, TREATMENTS } from '../../../src/isms/tables.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/risks');

describe('risk register messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('risks.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('risks.'));
    expect(en.length).toBeGreaterThan(200);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain and matrix message into Finnish', () => {
    for (const m of [...Object.values(MSG), ...Object.values(MATRIX_MSG)]) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the pages use and every value a dynamic key takes', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tsx'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(risks\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    const dynamic: [string, readonly string[]][] = [
      ['status', [...RISK_STATUSES, 'acceptance_expired']],
      ['statusFilter', ['open', 'treating', 'accepted', 'expired', 'closed', 'active']],
      ['treatment', [...TREATMENTS, 'none']],
      ['treatmentHint', TREATMENTS],
      ['taskStatus', TASK_STATUSES],
      ['due', ['done', 'cancelled', 'overdue', 'due_soon', 'on_track']],
      ['review', ['none', 'scheduled', 'due_soon', 'overdue']],
      ['acceptState', ['valid', 'expiring', 'expired', 'ended']],
      ['acceptEnded', ['withdrawn', 'replaced', 'status_changed', 'closed']],
      ['event', ['risk.create', 'risk.update', 'risk.accept', 'risk.withdraw_acceptance', 'risk.review', 'risk.task_add', 'risk.task_update']],
      ['colour', ['green', 'yellow', 'orange', 'red', 'blue', 'grey']],
      ['tab', ['register', 'overview', 'matrix']],
      ['heat', ['inherent', 'residual']],
      ['basis', ['inherent', 'residual']],
      ['field', ['likelihood', 'impact', 'residual_likelihood', 'residual_impact', 'owner_id', 'inherent_score', 'residual_score', 'treatment', 'status', 'next_review', 'acceptance_expires', 'title']],
    ];
    for (const [group, values] of dynamic) for (const v of values) expect(en.has(`risks.${group}.${v}`), `risks.${group}.${v}`).toBe(true);
  });
});
