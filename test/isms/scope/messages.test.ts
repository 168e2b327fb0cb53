// The area's strings exist in English and Finnish (domain messages included), every key the pages
// use is defined, and the small helpers behind forms and charts read input the way people write it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../../src/isms/scope/charts.js';
import { MSG, parseLocaleNumber } from '../../../src/isms/scope/fields.js';
import { compact, remapErrors } from '../../../src/isms/scope/form-posts.js';
import { basisText, formatValue, relativeDays } from '../../../src/isms/scope/format.js';
import '../../../src/isms/scope/messages.js';
import { OBJECTIVE_STATUSES, objectiveStatus, REVIEW_STATUSES } from '../../../src/isms/scope/status.js';
import { ISSUE_CATEGORIES, PARTY_CATEGORIES } from '../../../src/isms/scope/tables.js';
import { catalogueKeys, t, withLocale } from '../../../src/web/i18n.js';

const dir = join(import.meta.dirname, '../../../src/isms/scope');

describe('scope messages', () => {
  it('has the same keys in both languages', () => {
    const en = catalogueKeys('en').filter((k) => k.startsWith('scope.'));
    const fi = catalogueKeys('fi').filter((k) => k.startsWith('scope.'));
    expect(en.length).toBeGreaterThan(200);
    expect(new Set(fi)).toEqual(new Set(en));
  });

  it('translates every domain message into Finnish', () => {
    for (const m of Object.values(MSG)) {
      expect(withLocale('fi', () => t(m)), m).not.toBe(m);
      expect(withLocale('en', () => t(m))).toBe(m);
    }
  });

  it('defines every literal key the pages use, and every value of every set', () => {
    const en = new Set(catalogueKeys('en'));
    for (const f of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const [, key] of src.matchAll(/\bt\('(scope\.[A-Za-z0-9_.]+)'/g)) expect(en.has(key!), `${f}: ${key}`).toBe(true);
    }
    const sets: [string, readonly string[]][] = [
      ['scope.status', OBJECTIVE_STATUSES],
      ['scope.review', REVIEW_STATUSES],
      ['scope.category', ISSUE_CATEGORIES],
      ['scope.partyCategory', PARTY_CATEGORIES],
      ['scope.rule', OBJECTIVE_STATUSES],
      ['scope.basis', ['no_data', 'met', 'missed', 'on_track', 'at_risk_due', 'at_risk_worse', 'at_risk_both']],
      ['scope.event', ['scope.create', 'scope.update', 'context_issue.create', 'context_issue.update', 'context_issue.delete', 'interested_party.create', 'interested_party.update', 'interested_party.delete', 'objective.create', 'objective.update', 'objective.measure']],
    ];
    for (const [prefix, values] of sets) for (const v of values) expect(en.has(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });

  it('writes the basis in natural Finnish with Finnish numbers and relative days', () => {
    const b = objectiveStatus({ target: 5, direction: 'lower', current: 6.5, previous: 6, due_date: '2026-12-05' }, '2026-11-25');
    const fi = withLocale('fi', () => basisText(b, { target: 5, direction: 'lower', unit: '%', due_date: '2026-12-05', current_value: 6.5, previous_value: 6 }));
    expect(fi).toBe('Arvo 6,5\u00a0% ei vielä täytä tavoitetta (enintään 5\u00a0%); määräaika 5.12.2026 on 10 päivän päästä, ja viimeisin mittaus on loitonnut tavoitteesta (edellinen oli 6\u00a0%).');
    expect(withLocale('en', () => formatValue(12, 'days'))).toBe('12\u00a0days');
    expect(withLocale('en', () => relativeDays(1))).toBe('tomorrow');
    expect(withLocale('fi', () => relativeDays(-3))).toBe('3 päivää sitten');
  });
});

describe('form and chart helpers', () => {
  it.each([
    ['95', 95],
    [' 2,5 ', 2.5],
    ['−3', -3],
    ['1 000', 1000],
    ['0.125', 0.125],
    ['95%', null],
    ['1e3', null],
    ['', null],
    ['1,000.5', null],
    ['--1', null],
  ])('reads %j as %j', (raw, n) => {
    expect(parseLocaleNumber(raw)).toBe(n);
  });

  it('keeps the places of kept entries and puts errors back on their lines and rows', () => {
    const { items, at } = compact(['a', '', ' ', 'b'], (s) => s.trim() !== '');
    expect([items, at]).toEqual([['a', 'b'], [0, 3]]);
    const out = remapErrors(
      [
        { field: 'org_units.1', message: MSG.tooLongShort },
        { field: 'exclusions.2', message: MSG.duplicate },
        { field: 'exclusions.0.item', message: MSG.required },
        { field: 'statement', message: MSG.required },
      ],
      { lists: { org_units: at }, rows: { exclusions: { first: 'item' } } },
    );
    expect(out).toEqual([
      { field: 'org_units', message: 'Line 4: Use at most 200 characters.' },
      { field: 'exclusions.2.item', message: MSG.duplicate },
      { field: 'exclusions.0.item', message: MSG.required },
      { field: 'statement', message: MSG.required },
    ]);
  });

  it('chooses round chart ticks', () => {
    expect(niceTicks(0, 100)).toEqual([0, 50, 100]);
    expect(niceTicks(4.2, 14.9)).toEqual([5, 10]);
    expect(niceTicks(88, 101)).toEqual([90, 95, 100]);
  });
});
