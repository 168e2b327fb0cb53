// The SoA API on every dialect: the 401 → 400 → 403 → success ladder on each route, hostile input
// that changes nothing, and the JSON shape scripts rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { json, makeControl, makeIsoFramework, soaCounts } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe.each(dialects())('SoA API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  let req: Map<string, string>;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    req = await makeIsoFramework(t);
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!, req.get('A.8.13')!], ref: 'CTL-001', title: 'Policy set' });
    await makeControl(t, { status: 'planned', links: [req.get('A.8.13')!], ref: 'CTL-002', title: 'Restore tests' });
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const fields = async (res: Response) => ((await res.json()) as Problem).errors?.map((e) => e.field) ?? [];

  describe('GET /api/v1/soa', () => {
    it('climbs the ladder and answers one row per Annex A control with the documented fields', async () => {
      expect((await t.request('/api/v1/soa', anon())).status).toBe(401);
      expect((await t.request('/api/v1/soa?status=done', as('auditor'))).status).toBe(400);
      expect((await t.request('/api/v1/soa', as('staff'))).status).toBe(403);
      const res = await t.request('/api/v1/soa', as('auditor'));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: Record<string, unknown>[]; total: number; summary: { total: number } };
      expect(body.total).toBe(6);
      expect(body.items.map((r) => r.control_id)).toEqual(['A.5.1', 'A.5.2', 'A.5.10', 'A.6.3', 'A.7.4', 'A.8.13']);
      expect(body.items[5]).toEqual({
        control_id: 'A.8.13',
        title: 'Information backup',
        theme: 'A.8',
        applicable: true,
        justification: null,
        status: 'partially_implemented',
        status_basis: { linked: 2, implemented: 1, in_progress: 0, planned: 1, not_started: 0, not_applicable: 0 },
        implemented_by: [
          { ref: 'CTL-001', title: 'Policy set', level: 'practice', status: 'implemented' },
          { ref: 'CTL-002', title: 'Restore tests', level: 'practice', status: 'planned' },
        ],
        gaps: ['inclusion_unjustified'],
        updated_at: null,
      });
    });

    it.each([
      ['status', 'status=done'],
      ['theme', 'theme=%3Cscript%3E'],
      ['theme', "theme=A.5'%20OR%201=1"],
      ['applicable', 'applicable=yes'],
      ['gap', 'gap=everything'],
      ['sort', 'sort=password'],
      ['dir', 'dir=up'],
    ])('answers 400 naming %s for %s', async (field, query) => {
      const res = await t.request(`/api/v1/soa?${query}`, as('auditor'));
      expect(res.status).toBe(400);
      expect(await fields(res)).toContain(field);
    });

    it('filters like the page does', async () => {
      const res = await t.request('/api/v1/soa?gap=no_implementing_control&theme=A.5', as('auditor'));
      const body = (await res.json()) as { items: { control_id: string }[]; summary: { total: number } };
      expect(body.items.map((r) => r.control_id)).toEqual(['A.5.2', 'A.5.10']);
      expect(body.summary.total).toBe(6);
    });
  });

  describe('PATCH /api/v1/soa/:control_id', () => {
    const patch = (id: string, body: unknown, role?: Role) => {
      const init = json(body, 'PATCH');
      return t.request(`/api/v1/soa/${id}`, role ? as(role, init) : anon(init));
    };

    it('answers 401 without credentials, and writes nothing', async () => {
      const before = await soaCounts(t);
      expect((await patch('A.5.1', { applicable: false })).status).toBe(401);
      expect(await soaCounts(t)).toEqual(before);
    });

    it.each([
      ['applicable', { applicable: 'no' }],
      ['applicable', { applicable: 0 }],
      ['justification', { justification: 42 }],
      ['justification', { justification: 'x'.repeat(2001) }],
      ['justification', { justification: 'Bad\u0000value' }],
      ['justification', { justification: 'Escape \u001b[31m red' }],
      ['justification', { justification: ['array'] }],
      ['(body)', { applicable: true, owner: 'me' }],
      ['(body)', {}],
      ['(body)', [true]],
    ])('answers 400 naming %s for %j and changes nothing', async (field, body) => {
      const before = await soaCounts(t);
      const res = await patch('A.5.1', body, 'admin');
      expect(res.status).toBe(400);
      expect((await fields(res)).join(' ')).toContain(field);
      expect(await soaCounts(t)).toEqual(before);
    });

    it('answers 400 for a control id that cannot be one, and for a body that is not JSON; 415 for a form', async () => {
      for (const id of [encodeURIComponent("A.5.1' OR '1'='1"), encodeURIComponent('<script>'), 'A'.repeat(60)]) {
        const res = await patch(id, { applicable: false }, 'admin');
        expect(res.status, id).toBe(400);
        expect(await fields(res)).toContain('control_id');
      }
      expect((await t.request('/api/v1/soa/A.5.1', as('admin', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"applicable": ' }))).status).toBe(400);
      expect((await t.request('/api/v1/soa/A.5.1', as('admin', { method: 'PATCH', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'applicable=false' }))).status).toBe(415);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s', async (role) => {
      const before = await soaCounts(t);
      expect((await patch('A.5.1', { applicable: false, justification: 'No' }, role)).status).toBe(403);
      expect(await soaCounts(t)).toEqual(before);
    });

    it('answers 404 for an Annex A id that is not in the catalogue; a clause is not an Annex A id', async () => {
      expect((await patch('A.9.99', { applicable: false }, 'admin')).status).toBe(404);
      expect((await patch('6.1.3', { applicable: false }, 'admin')).status).toBe(400);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s exclude a control with a justification kept literally', async (role) => {
      const justification = `<script>alert(1)</script> Robert'); DROP TABLE soa_entries;--\nSecond line`;
      const res = await patch('A.7.4', { applicable: false, justification }, role);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ control_id: 'A.7.4', applicable: false, justification, status: 'not_applicable', gaps: [] });
      const back = await patch('A.7.4', { applicable: true }, role);
      expect(await back.json()).toMatchObject({ applicable: true, justification, status: 'not_implemented', gaps: ['no_implementing_control'] });
    });
  });

  describe('versions', () => {
    it('prepares a version: 401, 400 per field, 403, then 201 with a Location', async () => {
      const before = await soaCounts(t);
      expect((await t.request('/api/v1/soa/versions', anon(json({})))).status).toBe(401);
      for (const body of [{ note: 'n'.repeat(1001) }, { note: 5 }, { notes: 'typo' }]) {
        const res = await t.request('/api/v1/soa/versions', as('admin', json(body)));
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      expect((await t.request('/api/v1/soa/versions', as('auditor', json({})))).status).toBe(403);
      expect(await soaCounts(t)).toEqual(before);
      const res = await t.request('/api/v1/soa/versions', as('security_officer', json({ note: 'Annual review 2026' })));
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/api/v1/soa/versions/1');
      expect(await res.json()).toMatchObject({ number: 1, status: 'draft', note: 'Annual review 2026', row_count: 6, approval: null });
    });

    it('reads versions and refuses numbers that cannot be one', async () => {
      const list = (await (await t.request('/api/v1/soa/versions', as('auditor'))).json()) as { items: { number: number }[]; total: number };
      expect(list.total).toBe(1);
      const one = (await (await t.request('/api/v1/soa/versions/1', as('auditor'))).json()) as { rows: { control_id: string }[]; summary: { total: number } };
      expect(one.rows).toHaveLength(6);
      expect(one.summary.total).toBe(6);
      expect((await t.request('/api/v1/soa/versions/2', as('auditor'))).status).toBe(404);
      for (const n of ['0', 'abc', '-1', '1e3', '01', '9999999999', '%00']) expect((await t.request(`/api/v1/soa/versions/${n}`, as('auditor'))).status, n).toBe(400);
      expect((await t.request('/api/v1/soa/versions?limit=100000', as('auditor'))).status).toBe(400);
    });

    it('approves: 401, 400 per field, 403 for all but admin, 409 without acknowledging gaps, then once only', async () => {
      const approve = (body: unknown, role?: Role) => t.request('/api/v1/soa/versions/1/approve', role ? as(role, json(body)) : anon(json(body)));
      const before = await soaCounts(t);
      expect((await approve({ acknowledge_gaps: true })).status).toBe(401);
      for (const [field, body] of [
        ['acknowledge_gaps', { acknowledge_gaps: 'yes' }],
        ['title', { title: 't'.repeat(201) }],
        ['title', { title: 'Line\nbreak' }],
        ['(body)', { acknowledge_gaps: true, approver: 'someone else' }],
      ] as const) {
        const res = await approve(body, 'admin');
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect((await fields(res)).join(' ')).toContain(field);
      }
      for (const role of ['security_officer', 'auditor', 'staff'] as const) expect((await approve({ acknowledge_gaps: true }, role)).status).toBe(403);
      const gaps = await approve({}, 'admin');
      expect(gaps.status).toBe(409);
      expect(await fields(gaps)).toEqual(['acknowledge_gaps']);
      expect(await soaCounts(t)).toEqual(before);

      const ok = await approve({ acknowledge_gaps: true, title: 'CEO for the board' }, 'admin');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ number: 1, status: 'approved', approval: { approved_on: '2026-11-25', title: 'CEO for the board', role: 'admin', gaps_acknowledged: true } });
      expect((await approve({ acknowledge_gaps: true }, 'admin')).status).toBe(409);
      expect((await t.request('/api/v1/soa/versions/7/approve', as('admin', json({ acknowledge_gaps: true })))).status).toBe(404);
    });

    it('diffs versions and the working SoA; bad targets are 400, unknown versions 404', async () => {
      await t.request('/api/v1/soa/A.5.2', as('admin', json({ applicable: false, justification: 'Roles sit with the parent group.' }, 'PATCH')));
      const res = await t.request('/api/v1/soa/versions/1/diff/current', as('auditor'));
      expect(res.status).toBe(200);
      const d = (await res.json()) as { changed: { control_id: string; fields: { field: string }[] }[]; to: { number: null } };
      expect(d.to.number).toBeNull();
      expect(d.changed.map((c) => c.control_id)).toEqual(['A.5.2']);
      expect(d.changed[0]!.fields.map((f) => f.field)).toEqual(['applicable', 'justification', 'status']);
      expect((await t.request('/api/v1/soa/versions/1/diff/latest', as('auditor'))).status).toBe(400);
      expect((await t.request('/api/v1/soa/versions/1/diff/5', as('auditor'))).status).toBe(404);
      expect((await t.request('/api/v1/soa/versions/1/diff/current', as('staff'))).status).toBe(403);
    });
  });

  describe('GET /api/v1/soa/export', () => {
    it('climbs the ladder and serves each format with its media type and file name', async () => {
      expect((await t.request('/api/v1/soa/export?format=csv', anon())).status).toBe(401);
      for (const q of ['', 'format=docx', 'format=csv&version=x', 'format=csv&version=0']) {
        const res = await t.request(`/api/v1/soa/export?${q}`, as('auditor'));
        expect(res.status, q).toBe(400);
      }
      expect((await t.request('/api/v1/soa/export?format=csv', as('staff'))).status).toBe(403);
      expect((await t.request('/api/v1/soa/export?format=csv&version=9', as('auditor'))).status).toBe(404);
      const types = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf', oscal: 'application/json' };
      for (const [format, type] of Object.entries(types)) {
        const res = await t.request(`/api/v1/soa/export?format=${format}`, as('auditor'));
        expect(res.status, format).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="statement-of-applicability-working-2026-11-25\.(xlsx|csv|pdf|oscal\.json)"$/);
      }
      const csv = Buffer.from(await (await t.request('/api/v1/soa/export?format=csv&version=1', as('auditor'))).arrayBuffer()).toString('utf8');
      expect(csv.split('\r\n')[0]).toBe('\uFEFFcontrol_id,theme,title,applicable,justification,status,status_basis,implemented_by,gaps');
    });
  });
});
