// The status rule: the pure function clause by clause, the same objective moving through its states
// as the FixedClock advances, and the SQL rule (filters, sorting) agreeing with the function on every dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjective, getObjective, listObjectives, recordMeasurement } from '../../../src/isms/scope/objectives-service.js';
import { daysBetween, objectiveStatus, OBJECTIVE_STATUSES, reviewStatus, type ObjectiveFacts } from '../../../src/isms/scope/status.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildObjective, makeOwner } from './factories.js';

const TODAY = '2026-11-25';
const facts = (f: Partial<ObjectiveFacts>): ObjectiveFacts => ({ target: 95, direction: 'higher', current: null, previous: null, due_date: '2027-06-30', ...f });

describe('objectiveStatus', () => {
  it.each([
    ['no measurement', {}, 'no_data'],
    ['no measurement, even after the due date', { due_date: '2026-01-01' }, 'no_data'],
    ['exactly at the target, higher is better', { current: 95 }, 'met'],
    ['above the target, past due', { current: 99, due_date: '2026-01-01' }, 'met'],
    ['at most the target, lower is better', { direction: 'lower', target: 5, current: 5 }, 'met'],
    ['not met, due yesterday', { current: 94, due_date: '2026-11-24' }, 'missed'],
    ['not met, due today', { current: 94, due_date: TODAY }, 'at_risk'],
    ['not met, due in exactly 30 days', { current: 94, due_date: '2026-12-25' }, 'at_risk'],
    ['not met, due in 31 days', { current: 94, due_date: '2026-12-26' }, 'on_track'],
    ['not met, far off, moving away from the target', { current: 90, previous: 92 }, 'at_risk'],
    ['not met, far off, moving towards the target', { current: 92, previous: 90 }, 'on_track'],
    ['not met, far off, unchanged', { current: 92, previous: 92 }, 'on_track'],
    ['lower is better, rising away from the target', { direction: 'lower', target: 5, current: 8, previous: 7 }, 'at_risk'],
    ['lower is better, falling towards it', { direction: 'lower', target: 5, current: 7, previous: 8 }, 'on_track'],
    ['lower is better, above target, past due', { direction: 'lower', target: 5, current: 5.01, due_date: '2026-11-01' }, 'missed'],
    ['a target of zero met by zero', { direction: 'lower', target: 0, current: 0 }, 'met'],
    ['negative values', { target: -10, current: -5 }, 'met'],
  ] as const)('%s → %s', (_name, f, status) => {
    expect(objectiveStatus(facts(f), TODAY).status).toBe(status);
  });

  it('reports the facts it decided on', () => {
    expect(objectiveStatus(facts({ current: 90, previous: 92, due_date: '2026-12-05' }), TODAY)).toEqual({ status: 'at_risk', meets: false, days_left: 10, worsened: true });
  });

  it('counts calendar days, whatever daylight saving does', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-11-25', '2026-11-24')).toBe(-1);
  });

  it('turns the review clock', () => {
    expect(reviewStatus(null, TODAY)).toEqual({ status: 'not_scheduled', days_left: null });
    expect(reviewStatus('2026-12-26', TODAY)).toEqual({ status: 'scheduled', days_left: 31 });
    expect(reviewStatus('2026-12-25', TODAY)).toEqual({ status: 'due_soon', days_left: 30 });
    expect(reviewStatus(TODAY, TODAY)).toEqual({ status: 'due_soon', days_left: 0 });
    expect(reviewStatus('2026-11-24', TODAY)).toEqual({ status: 'overdue', days_left: -1 });
  });
});

describe.each(dialects())('objective status over time on %s', (dialect) => {
  let t: TestApp;
  let owner: string;
  const at = (iso: string) => t.clock.set(new Date(iso));
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    owner = await makeOwner(t);
  });
  afterAll(async () => t.close());

  it('moves from no data to on track, at risk, met and missed as measurements arrive and days pass', async () => {
    at('2026-11-25T08:00:00Z');
    const o = await createObjective(t.ctx(), buildObjective(owner, { target: 95, due_date: '2026-12-31' }));
    expect(o.status).toBe('no_data');
    const s1 = await recordMeasurement(t.ctx(), o.id, { value: 90 });
    expect([s1.status, s1.status_basis.days_left]).toEqual(['on_track', 36]);
    at('2026-12-01T21:59:00Z'); // 23:59 in Helsinki: still 1 December, 30 days left
    expect((await getObjective(t.ctx(), o.id)).status).toBe('at_risk');
    expect((await getObjective(t.ctx(), o.id)).status_basis.text).toBe(
      '90% does not yet meet the target of at least 95%, and the due date, 31 Dec 2026, is in 30 days: within 30 days.',
    );
    at('2026-12-10T08:00:00Z');
    expect((await recordMeasurement(t.ctx(), o.id, { value: 96 })).status).toBe('met');
    at('2027-01-05T08:00:00Z');
    expect((await getObjective(t.ctx(), o.id)).status).toBe('met');
    const late = await recordMeasurement(t.ctx(), o.id, { value: 94 });
    expect(late.status).toBe('missed');
    expect(late.status_basis).toMatchObject({ days_left: -5, meets: false, worsened: true, previous_value: 96 });
    at('2026-11-25T08:00:00Z');
  });

  it('computes the same status in SQL (filters and the status sort) as the rule does, in every case', async () => {
    at('2026-11-25T08:00:00Z');
    const dues = ['2026-11-24', TODAY, '2026-12-25', '2026-12-26', '2027-06-30'];
    const series: (number | null)[][] = [[], [95], [94], [96, 94], [93, 94], [94, 94]];
    for (const direction of ['higher', 'lower'] as const) {
      for (const due_date of dues) {
        for (const values of series) {
          const o = await createObjective(t.ctx(), buildObjective(owner, { title: `Grid ${direction} ${due_date} ${values.join('/')}`, target: 95, direction, due_date }));
          for (const [i, v] of values.entries()) await recordMeasurement(t.ctx(), o.id, { value: v!, measured_on: `2026-0${i + 1}-01` });
        }
      }
    }
    const all = await listObjectives(t.ctx(), { q: 'grid', sort: 'ref', dir: 'asc', limit: 500, offset: 0 });
    expect(all.total).toBe(60);
    const seen = new Set<string>();
    for (const status of OBJECTIVE_STATUSES) {
      const page = await listObjectives(t.ctx(), { q: 'grid', status, sort: 'ref', dir: 'asc', limit: 500, offset: 0 });
      // The SQL filter chose these; the JavaScript rule presented them: they must agree.
      expect(page.items.every((o) => o.status === status), status).toBe(true);
      page.items.forEach((o) => seen.add(o.id));
    }
    expect(seen.size).toBe(60);
    const sorted = await listObjectives(t.ctx(), { q: 'grid', sort: 'status', dir: 'asc', limit: 500, offset: 0 });
    const ranks = sorted.items.map((o) => OBJECTIVE_STATUSES.indexOf(o.status));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(5);
  });
});
