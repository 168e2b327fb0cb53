// The objectives API on every dialect: the ladder for objectives and measurements, hostile input,
// the current value taken from the latest date measured, owners, the list, the CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildObjective, counts, HOSTILE, json, makeOwner, ROLES, type Problem } from './factories.js';

interface Objective {
  id: string;
  ref: string;
  title: string;
  target: number;
  owner_id: string;
  owner_name: string | null;
  current_value: number | null;
  measured_on: string | null;
  status: string;
  status_basis: { text: string; days_left: number; meets: boolean; worsened: boolean; previous_value: number | null };
  measurements?: { value: number; measured_on: string; note: string | null; recorded_by: { label: string } }[];
}

describe.each(dialects())('objectives API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  let owner: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) auth[r] = (await t.bearer(r)).authorization;
    owner = await makeOwner(t, 'Olga Owner');
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.request('/api/v1/objectives', as('admin', json({ ...buildObjective(owner), ...overrides })));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Objective;
  };
  const measure = (id: string, body: unknown, role: Role = 'security_officer') => t.request(`/api/v1/objectives/${id}/measurements`, as(role, json(body)));

  describe('POST /api/v1/objectives', () => {
    it('answers 401 and 403 and writes nothing', async () => {
      const before = await counts(t);
      expect((await t.request('/api/v1/objectives', json(buildObjective(owner)))).status).toBe(401);
      for (const role of ['auditor', 'staff'] as const) expect((await t.request('/api/v1/objectives', as(role, json(buildObjective(owner))))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['title', { title: '' }],
      ['title', { title: 'x'.repeat(201) }],
      ['metric', { metric: '' }],
      ['unit', { unit: 'x'.repeat(21) }],
      ['target', { target: 'ninety' }],
      ['target', { target: '1e400' }],
      ['target', { target: 1e12 }],
      ['target', { target: null }],
      ['target', { target: '95%' }],
      ['direction', { direction: 'up' }],
      ['owner_id', { owner_id: 'Olga' }],
      ['owner_id', { owner_id: "1' OR '1'='1" }],
      ['owner_id', { owner_id: '01900000-0000-7000-8000-000000000000' }],
      ['due_date', { due_date: '31.12.2026' }],
      ['due_date', { due_date: '2026-02-29' }],
      ['current_value', { current_value: 'lots' }],
      ['(body)', { status: 'met' }],
    ])('answers 400 naming %s for %j and writes nothing', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/objectives', as('admin', json({ ...buildObjective(owner), ...patch })));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it('sets an objective with its owner and, given a current value, a first measurement dated today', async () => {
      const o = await create({ title: HOSTILE, target: '95,5', current_value: 90 });
      expect(o).toMatchObject({ ref: expect.stringMatching(/^OBJ-\d{3}$/), title: HOSTILE, target: 95.5, owner_id: owner, owner_name: 'Olga Owner', current_value: 90, measured_on: '2026-11-25' });
      expect(o.measurements).toHaveLength(1);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=objective&entity_id=${o.id}&order=asc`, as('auditor'))).json()) as { items: { action: string }[] };
      expect(events.items.map((e) => e.action)).toEqual(['objective.create', 'objective.measure']);
    });
  });

  describe('POST /api/v1/objectives/:id/measurements', () => {
    it('climbs the ladder: 401, 400 per field, 403, 404, then 201 with the new current value', async () => {
      const o = await create();
      const before = await counts(t);
      expect((await t.request(`/api/v1/objectives/${o.id}/measurements`, json({ value: 1 }))).status).toBe(401);
      for (const [field, body] of [
        ['value', {}],
        ['value', { value: 'NaN' }],
        ['value', { value: [1] }],
        ['measured_on', { value: 1, measured_on: '2026-11-26' }], // tomorrow on the test clock
        ['measured_on', { value: 1, measured_on: 'yesterday' }],
        ['note', { value: 1, note: 'x'.repeat(201) }],
        ['note', { value: 1, note: 'two\nlines' }],
      ] as const) {
        const res = await measure(o.id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(((await res.json()) as Problem).errors?.map((e) => e.field), JSON.stringify(body)).toContain(field);
      }
      expect((await measure(o.id, { value: 1 }, 'auditor')).status).toBe(403);
      expect((await measure('01900000-0000-7000-8000-00000000abcd', { value: 1 })).status).toBe(404);
      expect(await counts(t)).toEqual(before);
      const res = await measure(o.id, { value: '92,5', note: `<b>${HOSTILE}</b>` });
      expect(res.status).toBe(201);
      const after = (await res.json()) as Objective;
      expect(after).toMatchObject({ current_value: 92.5, measured_on: '2026-11-25' });
      expect(after.measurements![0]).toMatchObject({ value: 92.5, note: `<b>${HOSTILE}</b>`, recorded_by: { label: expect.stringContaining('security_officer') } });
    });

    it('takes the current value from the latest date measured, not the latest recorded', async () => {
      const o = await create();
      await measure(o.id, { value: 80, measured_on: '2026-10-01' });
      await measure(o.id, { value: 88, measured_on: '2026-11-01' });
      const back = (await (await measure(o.id, { value: 70, measured_on: '2026-09-01' })).json()) as Objective;
      expect(back).toMatchObject({ current_value: 88, measured_on: '2026-11-01', status_basis: { previous_value: 80 } });
      expect(back.measurements!.map((m) => m.measured_on)).toEqual(['2026-11-01', '2026-10-01', '2026-09-01']);
    });
  });

  describe('PATCH and GET /api/v1/objectives/:id', () => {
    it('changes fields but not values, records before and after, and writes nothing for no change', async () => {
      const o = await create({ current_value: 50 });
      const patch = (body: unknown, role: Role = 'admin') => t.request(`/api/v1/objectives/${o.id}`, as(role, json(body, 'PATCH')));
      expect((await t.request(`/api/v1/objectives/${o.id}`, json({ title: 'x' }, 'PATCH'))).status).toBe(401);
      expect((await patch({ current_value: 99 })).status).toBe(400);
      expect((await patch({ target: 'high' })).status).toBe(400);
      expect((await patch({ title: 'x' }, 'auditor')).status).toBe(403);
      const other = await makeOwner(t, 'Otto Other');
      const res = await patch({ target: 40, owner_id: other, unit: '' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ target: 40, owner_name: 'Otto Other', unit: null, current_value: 50, status: 'met' });
      const before = await counts(t);
      expect((await patch({ target: 40 })).status).toBe(200);
      expect(await counts(t)).toEqual(before);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=objective&entity_id=${o.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { target: number }; after: { target: number } }[];
      };
      expect(events.items[0]).toMatchObject({ action: 'objective.update', before: { target: 95 }, after: { target: 40 } });
    });

    it('answers 404 for unknown ids and shows every measurement newest first', async () => {
      for (const id of ['nope', '%00', '01900000-0000-7000-8000-00000000abcd']) expect((await t.request(`/api/v1/objectives/${id}`, as('auditor'))).status, id).toBe(404);
      const o = await create();
      await measure(o.id, { value: 10, measured_on: '2026-01-01' });
      await measure(o.id, { value: 20, measured_on: '2026-02-01' });
      const got = (await (await t.request(`/api/v1/objectives/${o.id}`, as('auditor'))).json()) as Objective;
      expect(got.measurements!.map((m) => m.value)).toEqual([20, 10]);
    });
  });

  describe('GET /api/v1/objectives and its CSV', () => {
    let listOwner: string;
    beforeAll(async () => {
      listOwner = await makeOwner(t, 'Lista Owner');
      await create({ title: 'List: met', owner_id: listOwner, current_value: 99 });
      await create({ title: 'List: missed', owner_id: listOwner, due_date: '2026-10-31', current_value: 50 });
      await create({ title: 'List: none', owner_id: listOwner });
    });

    it('filters by status and owner, sorts worst status first, and refuses bad parameters', async () => {
      const list = async (qs: string) => (await (await t.request(`/api/v1/objectives?${qs}`, as('auditor'))).json()) as { items: Objective[]; total: number };
      expect((await list(`owner_id=${listOwner}&sort=status`)).items.map((o) => o.title)).toEqual(['List: missed', 'List: none', 'List: met']);
      expect((await list(`owner_id=${listOwner}&sort=status&dir=desc`)).items.map((o) => o.title)).toEqual(['List: met', 'List: none', 'List: missed']);
      expect((await list(`owner_id=${listOwner}&status=missed`)).items.map((o) => o.status)).toEqual(['missed']);
      expect((await list('q=LIST:%20NONE')).items.map((o) => o.status)).toEqual(['no_data']);
      for (const qs of ['status=great', 'sort=owner', 'owner_id=%00', 'limit=-1']) expect((await t.request(`/api/v1/objectives?${qs}`, as('auditor'))).status, qs).toBe(400);
      expect((await t.request('/api/v1/objectives', as('staff'))).status).toBe(403);
    });

    it('exports status and its basis as CSV', async () => {
      const csv = await (await t.request(`/api/v1/objectives/export.csv?owner_id=${listOwner}&sort=title`, as('auditor'))).text();
      const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('ref,title,metric,unit,direction,target,current_value,measured_on,due_date,owner,status,status_basis');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain(',Lista Owner,met,99% meets the target of at least 95%.');
      expect(lines[2]).toContain(',missed,"50% does not meet the target of at least 95%, and the due date, 31 Oct 2026, has passed (25 days ago)."');
    });
  });
});
