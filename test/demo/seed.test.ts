// The demo organisation on every dialect: people with managers, one working sign-in per role, idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/passwords.js';
import { createSession } from '../../src/auth/sessions.js';
import { findUserByEmail } from '../../src/auth/users-repo.js';
import { seedDemo, type DemoResult } from '../../src/demo/seed.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

describe.each(dialects())('demo seed on %s', (dialect) => {
  let t: TestApp;
  let first: DemoResult;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    // As the CLI calls it: no actor, so the seed acts as the system.
    first = await seedDemo({ ...t.ctx(), actor: null });
  });
  afterAll(async () => t.close());

  const db = () => t.booted.services.db;

  it('seeds about 40 people in eight departments under one CEO', async () => {
    expect(first.organisation).toBe('Esimerkki Payments Oy');
    expect(first.people).toBeGreaterThanOrEqual(38);
    expect(first.people).toBeLessThanOrEqual(45);
    const people = await db().selectFrom('people').selectAll().execute();
    expect(people).toHaveLength(first.people);
    expect(new Set(people.map((p) => p.department))).toEqual(
      new Set(['Management', 'Engineering', 'Operations', 'Security', 'Customer Service', 'Finance', 'Compliance', 'Sales']),
    );
    const tops = people.filter((p) => p.manager_id === null);
    expect(tops.map((p) => p.title)).toEqual(['Chief Executive Officer']);
    const ceo = tops[0]!;
    const heads = people.filter((p) => p.manager_id === ceo.id && p.department !== 'Management');
    expect(new Set(heads.map((p) => p.department)).size).toBe(7);
    const counts = { active: 0, leaving: 0, left: 0 };
    for (const p of people) counts[p.status]++;
    expect(counts.leaving).toBeGreaterThanOrEqual(2);
    expect(counts.left).toBeGreaterThanOrEqual(2);
    // Leaving people end in the future, people who left ended in the past (the test clock is 2026-11-25).
    for (const p of people.filter((x) => x.status === 'leaving')) expect(p.end_date! > '2026-11-25').toBe(true);
    for (const p of people.filter((x) => x.status === 'left')) expect(p.end_date! <= '2026-11-25').toBe(true);
    expect(people.every((p) => /^[a-z.]+@esimerkki\.example$/.test(p.email))).toBe(true);
  });

  it('records the seeding in the audit trail as the system', async () => {
    const events = await db().selectFrom('audit_events').selectAll().where('entity_type', '=', 'person').execute();
    expect(events).toHaveLength(first.people);
    expect(events.every((e) => e.actor_type === 'system' && e.action === 'person.create' && e.actor_label === 'demo')).toBe(true);
  });

  it('creates a user per role whose email matches a person, with the printed password', async () => {
    expect(first.users.map((u) => u.role).sort()).toEqual(['admin', 'auditor', 'security_officer', 'staff']);
    for (const u of first.users) {
      expect(u.password.length).toBeGreaterThanOrEqual(12);
      expect(u.totpSecret).toBeNull();
      const user = await findUserByEmail(db(), u.email);
      expect(user?.role).toBe(u.role);
      expect(user?.mfa_enabled_at).toBeNull();
      expect(await verifyPassword(user!.password_hash, u.password)).toBe(true);
      const person = await db().selectFrom('people').select('name').where('email', '=', u.email).executeTakeFirst();
      expect(person?.name).toBe(user!.name);
    }
  });

  it('gives the demo auditor the directory page and the demo staff member none', async () => {
    const pageAs = async (role: string) => {
      const user = (await findUserByEmail(db(), first.users.find((u) => u.role === role)!.email))!;
      const { cookie } = await createSession(db(), user, { now: t.clock.now(), limits: t.booted.services.limits, mfaPassed: true, ip: null, userAgent: 'test' });
      return t.request('/people?sort=name', { headers: { cookie: `kilpi_session=${cookie}` } });
    };
    const auditor = await pageAs('auditor');
    expect(auditor.status).toBe(200);
    const html = await auditor.text();
    expect(html).toContain('Laura Virtanen');
    expect(html).toContain('Chief Executive Officer');
    expect((await pageAs('staff')).status).toBe(403);
  });

  it('changes nothing when run again, and keeps the same sign-ins', async () => {
    const snapshot = async () => ({
      people: await db().selectFrom('people').selectAll().orderBy('id').execute(),
      users: await db().selectFrom('users').select(['id', 'email', 'password_hash']).orderBy('id').execute(),
      events: (await db().selectFrom('audit_events').select('id').execute()).length,
    });
    const before = await snapshot();
    t.clock.advance(3 * 86_400_000);
    const second = await seedDemo({ ...t.ctx(), actor: null });
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
  });
});
