// A risk's treatment plan, reviews and acceptance through the API on every dialect, with the test's
// FixedClock moving time: due and overdue tasks, acceptance criteria and expiry, review history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createToken } from '../../../src/auth/tokens.js';
import type { PersonOut } from '../../../src/isms/people/schema.js';
import { getRisk } from '../../../src/isms/risks/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, json, makeOwner, makeRisk } from './factories.js';

interface Problem {
  errors?: { field: string; message: string }[];
}
const DAY = 86_400_000;

describe.each(dialects())('risk plan, reviews and acceptance on %s', (dialect) => {
  let t: TestApp;
  let owner: PersonOut;
  const auth: Partial<Record<Role, string>> = {};
  let ownerAuth: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    owner = await makeOwner(t, { name: 'Outi Owner' });
    // A security officer who is also the owner in the directory (same email).
    const u = await t.makeUser('security_officer', { email: owner.email, name: owner.name });
    ownerAuth = `Bearer ${(await createToken(t.ctx(), u, { name: 'owner', expires_in: '30d' })).token}`;
  });
  afterAll(async () => t.close());

  const as = (who: Role | 'owner', init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: who === 'owner' ? ownerAuth : auth[who]! } });
  const fields = async (res: Response) => ((await res.json()) as Problem).errors?.map((e) => e.field) ?? [];
  const get = async <T,>(path: string): Promise<T> => (await (await t.request(path, as('auditor'))).json()) as T;
  const withClock = async (days: number, fn: () => Promise<void>) => {
    t.clock.advance(days * DAY);
    try {
      await fn();
    } finally {
      t.clock.advance(-days * DAY);
    }
  };

  describe('tasks', () => {
    it('climbs the ladder and computes due soon and overdue from the clock', async () => {
      const r = await makeRisk(t, owner);
      const body = { title: 'Enable MFA', owner_id: owner.id, due_date: '2026-12-01' };
      expect((await t.request(`/api/v1/risks/${r.id}/tasks`, json(body))).status).toBe(401);
      for (const [patch, field] of [
        [{ title: '' }, 'title'],
        [{ owner_id: 'x' }, 'owner_id'],
        [{ owner_id: '01900000-0000-7000-8000-000000000009' }, 'owner_id'],
        [{ due_date: '2026-02-30' }, 'due_date'],
        [{ status: 'later' }, 'status'],
      ] as const) {
        const before = await counts(t);
        const res = await t.request(`/api/v1/risks/${r.id}/tasks`, as('admin', json({ ...body, ...patch })));
        expect(res.status, field).toBe(400);
        expect(await fields(res)).toContain(field);
        expect(await counts(t)).toEqual(before);
      }
      expect((await t.request(`/api/v1/risks/${r.id}/tasks`, as('auditor', json(body)))).status).toBe(403);
      expect((await t.request('/api/v1/risks/01900000-0000-7000-8000-000000000009/tasks', as('admin', json(body)))).status).toBe(404);
      const res = await t.request(`/api/v1/risks/${r.id}/tasks`, as('security_officer', json(body)));
      expect(res.status).toBe(201);
      const task = (await res.json()) as { id: string; due_state: string; owner_name: string };
      expect(task).toMatchObject({ due_state: 'due_soon', owner_name: 'Outi Owner' });
      await withClock(7, async () => {
        const list = await get<{ items: { due_state: string }[] }>(`/api/v1/risks/${r.id}/tasks`);
        expect(list.items[0]!.due_state).toBe('overdue');
        const risk = await get<{ plan: { overdue: number; open: number } }>(`/api/v1/risks/${r.id}`);
        expect(risk.plan).toMatchObject({ overdue: 1, open: 1 });
      });
      const done = await t.request(`/api/v1/risks/${r.id}/tasks/${task.id}`, as('admin', json({ status: 'done' }, 'PATCH')));
      expect(await done.json()).toMatchObject({ status: 'done', completed_on: '2026-11-25', due_state: 'done' });
      const reopened = await t.request(`/api/v1/risks/${r.id}/tasks/${task.id}`, as('admin', json({ status: 'open' }, 'PATCH')));
      expect(await reopened.json()).toMatchObject({ status: 'open', completed_on: null });
      expect((await t.request(`/api/v1/risks/${r.id}/tasks/01900000-0000-7000-8000-000000000009`, as('admin', json({ status: 'done' }, 'PATCH')))).status).toBe(404);
    });

    it('refuses tasks on a closed risk', async () => {
      const r = await makeRisk(t, owner);
      await t.request(`/api/v1/risks/${r.id}`, as('admin', json({ status: 'closed' }, 'PATCH')));
      const res = await t.request(`/api/v1/risks/${r.id}/tasks`, as('admin', json({ title: 'x', owner_id: owner.id, due_date: '2027-01-01' })));
      expect(res.status).toBe(409);
    });
  });

  describe('reviews', () => {
    it('records the scores then, a note and the next review, newest first', async () => {
      const r = await makeRisk(t, owner, { likelihood: 4, impact: 4, residual_likelihood: 3, residual_impact: 3 });
      for (const [body, field] of [
        [{ note: '' }, 'note'],
        [{ note: 'x'.repeat(4001) }, 'note'],
        [{ note: 'ok', reviewed_on: '2026-11-26' }, 'reviewed_on'],
        [{ note: 'ok', next_review: '2026-11-25' }, 'next_review'],
        [{ note: 'ok', reviewed_on: '2026-01-10', next_review: '2026-06-01' }, 'next_review'],
      ] as const) {
        const res = await t.request(`/api/v1/risks/${r.id}/reviews`, as('admin', json(body)));
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(await fields(res)).toContain(field);
      }
      expect((await t.request(`/api/v1/risks/${r.id}/reviews`, as('auditor', json({ note: 'x' })))).status).toBe(403);
      const first = await t.request(`/api/v1/risks/${r.id}/reviews`, as('admin', json({ note: 'Late entry of the workshop', reviewed_on: '2026-06-01' })));
      expect(first.status).toBe(201);
      // Medium (9) reviews every 180 days from the review date.
      expect(await first.json()).toMatchObject({ reviewed_on: '2026-06-01', next_review: '2026-11-28', inherent_score: 16, residual_score: 9, status: 'open' });
      await t.request(`/api/v1/risks/${r.id}`, as('admin', json({ residual_likelihood: 2, residual_impact: 2 }, 'PATCH')));
      await t.request(`/api/v1/risks/${r.id}/reviews`, as('admin', json({ note: '<b>Treated</b>\nsecond line' })));
      const list = await get<{ items: { reviewed_on: string; residual_score: number; note: string }[] }>(`/api/v1/risks/${r.id}/reviews`);
      expect(list.items.map((x) => [x.reviewed_on, x.residual_score])).toEqual([
        ['2026-11-25', 4],
        ['2026-06-01', 9],
      ]);
      expect(list.items[0]!.note).toBe('<b>Treated</b>\nsecond line');
      const risk = await get<{ last_reviewed: string; next_review: string }>(`/api/v1/risks/${r.id}`);
      expect(risk).toMatchObject({ last_reviewed: '2026-11-25', next_review: '2027-11-25' });
    });
  });

  describe('acceptance', () => {
    const accept = (id: string, body: unknown, who: Role | 'owner' = 'admin') => t.request(`/api/v1/risks/${id}/acceptance`, as(who, json(body)));

    it('is refused beyond the criteria, naming the field, and writes nothing', async () => {
      const critical = await makeRisk(t, owner, { likelihood: 5, impact: 5, residual_likelihood: 4, residual_impact: 5 });
      const unassessed = await makeRisk(t, owner, { residual_likelihood: null, residual_impact: null });
      const avoided = await makeRisk(t, owner, { treatment: 'avoid' });
      const high = await makeRisk(t, owner, { likelihood: 4, impact: 4, residual_likelihood: 3, residual_impact: 4 });
      const cases: [string, unknown, string][] = [
        [critical.id, { expires_on: '2026-12-01', note: 'x' }, 'residual_score'],
        [unassessed.id, { expires_on: '2026-12-01', note: 'x' }, 'residual_likelihood'],
        [avoided.id, { expires_on: '2026-12-01', note: 'x' }, 'treatment'],
        [high.id, { expires_on: '2027-02-24', note: 'x' }, 'expires_on'], // 91 days; high allows 90
        [high.id, { expires_on: '2026-11-25', note: 'x' }, 'expires_on'],
        [high.id, { expires_on: '2026-12-01', decided_on: '2026-11-26', note: 'x' }, 'decided_on'],
        [high.id, { expires_on: '2026-12-01' }, 'note'],
        [high.id, { expires_on: 'soon', note: 'x' }, 'expires_on'],
        [high.id, { expires_on: '2026-12-01', note: 'x', extra: 1 }, '(body)'],
      ];
      for (const [id, body, field] of cases) {
        const before = await counts(t);
        const res = await accept(id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(await fields(res)).toContain(field);
        expect(await counts(t)).toEqual(before);
      }
      expect((await accept(high.id, { expires_on: '2026-12-01', note: 'x' }, 'auditor')).status).toBe(403);
      expect((await t.request(`/api/v1/risks/${high.id}/acceptance`, json({ expires_on: '2026-12-01' }))).status).toBe(401);
      const ok = await accept(high.id, { expires_on: '2027-02-23', note: 'Approved by the management team on 24 Nov' });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ as_owner: false, band: 'high', residual_score: 12, expires_on: '2027-02-23', decided_on: '2026-11-25', state: 'valid', owner_name: 'Outi Owner' });
    });

    it('lets the owner accept as themselves without a note, and shows it accepted', async () => {
      const r = await makeRisk(t, owner, { residual_likelihood: 2, residual_impact: 3 });
      const res = await accept(r.id, { expires_on: '2027-05-24' }, 'owner');
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ as_owner: true, band: 'medium', note: null });
      const risk = await get<{ status: string; shown_status: string; acceptance: { state: string; expires_on: string }; next_review: string }>(`/api/v1/risks/${r.id}`);
      expect(risk).toMatchObject({ status: 'accepted', shown_status: 'accepted', acceptance: { state: 'valid', expires_on: '2027-05-24' } });
      // A residual change while accepted would leave the acceptance behind: refused.
      const rescore = await t.request(`/api/v1/risks/${r.id}`, as('admin', json({ residual_impact: 2 }, 'PATCH')));
      expect(rescore.status).toBe(409);
      const events = await get<{ items: { action: string }[] }>(`/api/v1/audit-events?entity_type=risk&entity_id=${r.id}`);
      expect(events.items[0]!.action).toBe('risk.accept');
    });

    it('lapses after its expiry: shown as expired and due for review, counted apart, then renewed or withdrawn', async () => {
      const r = await makeRisk(t, owner, { residual_likelihood: 1, residual_impact: 3 });
      // Decided a year ago for the low band's 365 days, entered late: it already lapsed yesterday.
      const late = await accept(r.id, { decided_on: '2025-11-25', expires_on: '2026-11-24', note: 'Register migrated from the spreadsheet' });
      expect(late.status).toBe(201);
      expect(await late.json()).toMatchObject({ state: 'expired' });
      let risk = await get<{ shown_status: string; review: { state: string; basis: string; due: string } }>(`/api/v1/risks/${r.id}`);
      expect(risk.shown_status).toBe('acceptance_expired');
      // Recording an acceptance makes its expiry the next review at the latest.
      expect(risk.review).toEqual({ state: 'overdue', due: '2026-11-24', basis: 'next_review' });
      const expired = await get<{ items: { id: string }[] }>(`/api/v1/risks?status=expired&limit=500`);
      expect(expired.items.map((x) => x.id)).toContain(r.id);
      const inForce = await get<{ items: { id: string }[] }>(`/api/v1/risks?status=accepted&limit=500`);
      expect(inForce.items.map((x) => x.id)).not.toContain(r.id);
      // Renewed today: the old acceptance ends as replaced.
      expect((await accept(r.id, { expires_on: '2027-06-01', note: 'Renewed in the review' })).status).toBe(201);
      const history = await get<{ items: { state: string; ended_reason: string | null }[] }>(`/api/v1/risks/${r.id}/acceptances`);
      expect(history.items.map((a) => [a.state, a.ended_reason])).toEqual([
        ['valid', null],
        ['ended', 'replaced'],
      ]);
      // Time passes (read through the service: the test's API tokens would have expired).
      await withClock(170, async () => {
        expect((await getRisk(t.ctx(), r.id)).acceptance?.state).toBe('expiring');
      });
      await withClock(200, async () => {
        expect((await getRisk(t.ctx(), r.id)).shown_status).toBe('acceptance_expired');
      });
      expect((await t.request(`/api/v1/risks/${r.id}/acceptance`, as('auditor', { method: 'DELETE' }))).status).toBe(403);
      expect((await t.request(`/api/v1/risks/${r.id}/acceptance`, as('admin', { method: 'DELETE' }))).status).toBe(204);
      risk = await get(`/api/v1/risks/${r.id}`);
      expect(risk.shown_status).toBe('open');
      expect((await t.request(`/api/v1/risks/${r.id}/acceptance`, as('admin', { method: 'DELETE' }))).status).toBe(409);
    });

    it('ends the acceptance when the risk leaves the accepted status', async () => {
      const r = await makeRisk(t, owner, { residual_likelihood: 1, residual_impact: 2 });
      await accept(r.id, { expires_on: '2027-01-01', note: 'ok' });
      const res = await t.request(`/api/v1/risks/${r.id}`, as('admin', json({ status: 'closed' }, 'PATCH')));
      expect(await res.json()).toMatchObject({ status: 'closed', acceptance: null });
      const history = await get<{ items: { ended_reason: string }[] }>(`/api/v1/risks/${r.id}/acceptances`);
      expect(history.items[0]!.ended_reason).toBe('closed');
      expect((await accept(r.id, { expires_on: '2027-01-01', note: 'ok' })).status).toBe(409);
    });
  });
});
