// People services on every dialect: the dashboard summary, who may call what, and the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/context.js';
import { FixedClock } from '../../../src/core/clock.js';
import { closesLoop, employmentErrors, statusFromEndDate, todayIn } from '../../../src/isms/people/rules.js';
import { createPerson, peopleSummary, updatePerson } from '../../../src/isms/people/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildPerson, makePerson } from './factories.js';

describe('people rules', () => {
  it('takes today in the organisation’s time zone, not UTC', () => {
    // 22:30 UTC on 30 Nov is already 1 Dec in Helsinki.
    expect(todayIn(new FixedClock(new Date('2026-11-30T22:30:00Z')))).toBe('2026-12-01');
    expect(todayIn(new FixedClock(new Date('2026-11-30T22:30:00Z')), 'UTC')).toBe('2026-11-30');
  });

  it('checks end dates against status and start', () => {
    const today = '2026-11-25';
    expect(employmentErrors({ status: 'active', start_date: null, end_date: null }, today)).toEqual([]);
    expect(employmentErrors({ status: 'leaving', start_date: null, end_date: null }, today)).toHaveLength(1);
    expect(employmentErrors({ status: 'left', start_date: null, end_date: '2026-11-25' }, today)).toEqual([]);
    expect(employmentErrors({ status: 'left', start_date: null, end_date: '2026-11-26' }, today)).toHaveLength(1);
    expect(employmentErrors({ status: 'leaving', start_date: '2026-12-01', end_date: '2026-11-30' }, today)).toHaveLength(1);
  });

  it('derives a status from an end date', () => {
    expect(statusFromEndDate(null, '2026-11-25')).toBe('active');
    expect(statusFromEndDate('2026-11-25', '2026-11-25')).toBe('left');
    expect(statusFromEndDate('2026-11-26', '2026-11-25')).toBe('leaving');
  });

  it('finds loops in management chains and survives a loop that does not involve the person', async () => {
    const managers = new Map<string, string | null>([
      ['a', null],
      ['b', 'a'],
      ['c', 'b'],
      ['x', 'y'],
      ['y', 'x'],
    ]);
    const of = (id: string) => managers.get(id);
    expect(await closesLoop('a', 'c', of)).toBe(true);
    expect(await closesLoop('c', 'a', of)).toBe(false);
    expect(await closesLoop('a', 'x', of)).toBe(false);
    expect(await closesLoop('a', 'unknown', of)).toBe(false);
  });
});

describe.each(dialects())('people service on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  const user = (role: 'admin' | 'auditor' | 'staff'): Actor => ({ type: 'user', id: `u-${role}`, label: role, role });

  it('summarises the directory for the dashboard by status and department', async () => {
    expect(await peopleSummary(t.ctx())).toEqual({ total: 0, active: 0, leaving: 0, left: 0, departments: [] });
    await makePerson(t, { department: 'Sales' });
    await makePerson(t, { department: 'Sales', status: 'leaving', end_date: '2027-01-31' });
    await makePerson(t, { department: 'Finance' });
    await makePerson(t, { department: 'Finance', status: 'left', end_date: '2026-01-31' });
    await makePerson(t, { department: null });
    const s = await peopleSummary(t.ctx(user('auditor')));
    expect(s).toEqual({
      total: 5,
      active: 3,
      leaving: 1,
      left: 1,
      departments: [
        { name: 'Sales', count: 2 },
        { name: '', count: 1 },
        { name: 'Finance', count: 1 },
      ],
    });
  });

  it('refuses callers without the permission, and an actor-less write', async () => {
    await expect(peopleSummary(t.ctx(user('staff')))).rejects.toMatchObject({ status: 403 });
    await expect(peopleSummary(t.ctx(null))).rejects.toMatchObject({ status: 401 });
    await expect(createPerson(t.ctx(user('auditor')), buildPerson())).rejects.toMatchObject({ status: 403 });
    const p = await makePerson(t);
    await expect(updatePerson(t.ctx(user('staff')), p.id, { title: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('keeps a person’s search key in step with renames', async () => {
    const p = await makePerson(t, { name: 'Before Rename' });
    await updatePerson(t.ctx(), p.id, { name: 'Åsa Ström' });
    const row = await t.booted.services.db.selectFrom('people').select('search_key').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(row.search_key).toBe(`åsa ström ${p.email}`);
  });
});
