// The assets API on every dialect: the 401 → 400 → 403 → success ladder, rules, cycles, filters, export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { buildAsset, counts, dependOn, json, makeAsset } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe.each(dialects())('assets API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  // An anonymous client that passes the CSRF double-submit check, so the answer is the guard's.
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const problem = async (res: Response) => (await res.json()) as Problem;

  describe('POST /api/v1/assets', () => {
    it('answers 401 without credentials or with a forged token, and writes nothing', async () => {
      const before = await counts(t);
      for (const init of [anon(json(buildAsset())), json(buildAsset(), { authorization: 'Bearer kilpi_forged' }), json(buildAsset())]) {
        const res = await t.request('/api/v1/assets', init);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['ref', { ref: 'has space' }],
      ['ref', { ref: '-leading-dash' }],
      ['ref', { ref: 'R'.repeat(41) }],
      ['ref', { ref: "AST-1' OR '1'='1" }],
      ['name', { name: '' }],
      ['name', { name: '   ' }],
      ['name', { name: 'x'.repeat(201) }],
      ['name', { name: 'Bad\u0000Name' }],
      ['name', { name: 42 }],
      ['kind', { kind: 'server' }],
      ['kind', { kind: null }],
      ['description', { description: 'd'.repeat(4001) }],
      ['description', { description: 'bell\u0007' }],
      ['owner_id', { owner_id: "1' OR '1'='1" }],
      ['classification', { classification: 'top-secret' }],
      ['confidentiality', { confidentiality: 0 }],
      ['integrity', { integrity: 5 }],
      ['availability', { availability: 2.5 }],
      ['availability', { availability: '3' }],
      ['confidentiality', { confidentiality: null }],
      ['environment', { environment: 'staging' }],
      ['status', { status: 'deleted' }],
      ['depends_on', { depends_on: 'AST-001' }],
      ['depends_on', { depends_on: [''] }],
      ['depends_on', { depends_on: [42] }],
      ['depends_on', { depends_on: Array.from({ length: 201 }, (_, i) => `X-${i}`) }],
      ['(body)', { nickname: 'unknown field' }],
    ])('answers 400 naming %s for %j', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/assets', as('admin', json({ ...buildAsset(), ...patch })));
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.map((e) => e.field).join(' ')).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 for a body that is not JSON, 415 for another content type', async () => {
      const bad = await t.request('/api/v1/assets', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }));
      expect(bad.status).toBe(400);
      const form = await t.request('/api/v1/assets', as('admin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' }));
      expect(form.status).toBe(415);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/assets', as(role, json(buildAsset())))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s add an asset with the next AST reference and an audit event', async (role) => {
      const res = await t.request('/api/v1/assets', as(role, json(buildAsset({ name: `  Korttiholvi ${role}  `, description: 'Line one\r\nline two' }))));
      expect(res.status).toBe(201);
      const a = (await res.json()) as { id: string; ref: string; name: string; description: string; status: string };
      expect(a).toMatchObject({ name: `Korttiholvi ${role}`, description: 'Line one\nline two', status: 'active' });
      expect(a.ref).toMatch(/^AST-\d{3}$/);
      expect(res.headers.get('location')).toBe(`/api/v1/assets/${a.id}`);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=asset&entity_id=${a.id}`, as('auditor'))).json()) as { items: { action: string; after: { ref: string } }[] };
      expect(events.items.map((e) => [e.action, e.after.ref])).toEqual([['asset.create', a.ref]]);
      // The next automatic reference follows on.
      const next = (await (await t.request('/api/v1/assets', as(role, json(buildAsset())))).json()) as { ref: string };
      expect(Number(next.ref.slice(4))).toBe(Number(a.ref.slice(4)) + 1);
    });

    it('keeps a given reference upper-cased and answers 409 for a reference or name already taken', async () => {
      const res = await t.request('/api/v1/assets', as('admin', json(buildAsset({ ref: ' srv-0042 ', name: 'Unique name 42' }))));
      expect(res.status).toBe(201);
      expect(((await res.json()) as { ref: string }).ref).toBe('SRV-0042');
      const sameRef = await t.request('/api/v1/assets', as('admin', json(buildAsset({ ref: 'Srv-0042' }))));
      expect(sameRef.status).toBe(409);
      expect((await problem(sameRef)).errors).toEqual([{ field: 'ref', message: expect.any(String) }]);
      const sameName = await t.request('/api/v1/assets', as('admin', json(buildAsset({ name: 'Unique name 42' }))));
      expect(sameName.status).toBe(409);
      expect((await problem(sameName)).errors?.[0]?.field).toBe('name');
    });

    it('requires an environment for systems and refuses one for information', async () => {
      const cases: [Record<string, unknown>, number][] = [
        [{ kind: 'information', environment: 'production' }, 400],
        [{ kind: 'system', environment: null }, 400],
        [{ kind: 'device', environment: '' }, 400],
        [{ kind: 'information', environment: null }, 201],
        [{ kind: 'data_store', environment: 'test' }, 201],
      ];
      for (const [patch, status] of cases) {
        const res = await t.request('/api/v1/assets', as('admin', json({ ...buildAsset(), ...patch })));
        expect(res.status, JSON.stringify(patch)).toBe(status);
        if (status === 400) expect((await problem(res)).errors?.map((e) => e.field)).toEqual(['environment']);
      }
    });

    it('takes an owner from the directory, refusing unknown people and people who have left', async () => {
      const owner = await makePerson(t, { name: 'Olli Omistaja' });
      const gone = await makePerson(t, { status: 'left', end_date: '2026-01-31' });
      const unknown = await t.request('/api/v1/assets', as('admin', json(buildAsset({ owner_id: '01900000-0000-7000-8000-000000000000' }))));
      expect(unknown.status).toBe(400);
      expect((await problem(unknown)).errors?.[0]?.field).toBe('owner_id');
      const left = await t.request('/api/v1/assets', as('admin', json(buildAsset({ owner_id: gone.id }))));
      expect(left.status).toBe(400);
      const ok = await t.request('/api/v1/assets', as('admin', json(buildAsset({ owner_id: owner.id.toUpperCase() }))));
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ owner_id: owner.id, owner_name: 'Olli Omistaja' });
    });

    it('links dependencies by reference or id, and names unknown references', async () => {
      const db = await makeAsset(t, { kind: 'data_store' });
      const net = await makeAsset(t);
      const bad = await t.request('/api/v1/assets', as('admin', json(buildAsset({ depends_on: [db.ref, 'NOPE-404'] }))));
      expect(bad.status).toBe(400);
      expect((await problem(bad)).errors).toEqual([{ field: 'depends_on', message: 'No asset has the reference NOPE-404.' }]);
      const res = await t.request('/api/v1/assets', as('admin', json(buildAsset({ depends_on: [db.ref.toLowerCase(), net.id, db.id] }))));
      expect(res.status).toBe(201);
      const a = (await res.json()) as { id: string };
      const detail = (await (await t.request(`/api/v1/assets/${a.id}`, as('auditor'))).json()) as { depends_on: { ref: string }[] };
      expect(detail.depends_on.map((d) => d.ref).sort()).toEqual([db.ref, net.ref].sort());
    });

    it('stores HTML and SQL injection strings as plain text', async () => {
      const name = `<script>alert(1)</script> Robert'); DROP TABLE assets;--`;
      const res = await t.request('/api/v1/assets', as('admin', json(buildAsset({ name, description: "x' OR 1=1 --" }))));
      expect(res.status).toBe(201);
      const a = (await res.json()) as { id: string };
      expect(await (await t.request(`/api/v1/assets/${a.id}`, as('auditor'))).json()).toMatchObject({ name, description: "x' OR 1=1 --" });
    });
  });

  describe('PATCH /api/v1/assets/:id', () => {
    const patch = (id: string, body: unknown, role?: Role) => {
      const init = json(body, {}, 'PATCH');
      return t.request(`/api/v1/assets/${id}`, role ? as(role, init) : anon(init));
    };

    it('climbs the ladder: 401, 400, 403 per role, 404, then success with before and after', async () => {
      const a = await makeAsset(t, { confidentiality: 2 });
      expect((await patch(a.id, { confidentiality: 3 })).status).toBe(401);
      expect((await patch(a.id, { confidentiality: 9 }, 'admin')).status).toBe(400);
      expect((await patch(a.id, { name: null }, 'admin')).status).toBe(400);
      expect((await patch(a.id, { classification: 'ultra' }, 'admin')).status).toBe(400);
      expect((await patch(a.id, { confidentiality: 3 }, 'auditor')).status).toBe(403);
      expect((await patch(a.id, { confidentiality: 3 }, 'staff')).status).toBe(403);
      expect((await patch('01900000-0000-7000-8000-00000000abcd', { confidentiality: 3 }, 'admin')).status).toBe(404);
      expect((await patch('NO-SUCH-REF', { confidentiality: 3 }, 'admin')).status).toBe(404);
      const res = await patch(a.id, { confidentiality: 4, description: 'Holds card numbers' }, 'security_officer');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: a.id, confidentiality: 4, description: 'Holds card numbers', name: a.name });
      const events = (await (await t.request(`/api/v1/audit-events?entity_id=${a.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { confidentiality: number }; after: { confidentiality: number } }[];
      };
      expect(events.items[0]).toMatchObject({ action: 'asset.update', before: { confidentiality: 2 }, after: { confidentiality: 4 } });
    });

    it('finds the asset by reference, clears with null and writes no event for a patch that changes nothing', async () => {
      const owner = await makePerson(t);
      const a = await makeAsset(t, { kind: 'information', environment: null, owner_id: owner.id, description: 'Something' });
      const res = await patch(a.ref.toLowerCase(), { owner_id: null, description: null }, 'admin');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ owner_id: null, owner_name: null, description: null });
      const before = await counts(t);
      expect((await patch(a.id, { name: a.name, description: null }, 'admin')).status).toBe(200);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 409 when the new name or reference belongs to another asset', async () => {
      const a = await makeAsset(t);
      const b = await makeAsset(t);
      expect((await patch(b.id, { name: a.name }, 'admin')).status).toBe(409);
      expect((await patch(b.id, { ref: a.ref }, 'admin')).status).toBe(409);
    });

    it('checks the environment rule only when the edit touches kind or environment', async () => {
      // A bulk load wrote an information asset with an environment, past the service.
      const a = await makeAsset(t, { kind: 'information', environment: null });
      await t.booted.services.db.updateTable('assets').set({ environment: 'test' }).where('id', '=', a.id).execute();
      expect((await patch(a.id, { confidentiality: 3 }, 'admin')).status).toBe(200);
      const res = await patch(a.id, { kind: 'service' }, 'admin');
      expect(res.status).toBe(200);
      const wrong = await patch(a.id, { kind: 'information' }, 'admin');
      expect(wrong.status).toBe(400);
      expect((await problem(wrong)).errors?.[0]?.field).toBe('environment');
    });
  });

  describe('PUT /api/v1/assets/:id/dependencies', () => {
    const put = (id: string, body: unknown, role?: Role) => {
      const init = json(body, {}, 'PUT');
      return t.request(`/api/v1/assets/${id}/dependencies`, role ? as(role, init) : anon(init));
    };

    it('climbs the ladder and answers with both directions', async () => {
      const app = await makeAsset(t, { kind: 'service' });
      const db = await makeAsset(t, { kind: 'data_store' });
      expect((await put(app.id, { depends_on: [db.ref] })).status).toBe(401);
      expect((await put(app.id, { depends_on: db.ref }, 'admin')).status).toBe(400);
      expect((await put(app.id, {}, 'admin')).status).toBe(400);
      expect((await put(app.id, { depends_on: [db.ref] }, 'auditor')).status).toBe(403);
      expect((await put('01900000-0000-7000-8000-00000000abcd', { depends_on: [] }, 'admin')).status).toBe(404);
      const res = await put(app.id, { depends_on: [db.ref] }, 'admin');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { depends_on: { id: string }[] }).depends_on.map((d) => d.id)).toEqual([db.id]);
      const target = (await (await t.request(`/api/v1/assets/${db.ref}`, as('auditor'))).json()) as { dependents: { id: string }[] };
      expect(target.dependents.map((d) => d.id)).toEqual([app.id]);
      const events = (await (await t.request(`/api/v1/audit-events?entity_id=${app.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { depends_on: string[] }; after: { depends_on: string[] } }[];
      };
      expect(events.items[0]).toMatchObject({ action: 'asset.dependencies', before: { depends_on: [] }, after: { depends_on: [db.ref] } });
      expect((await put(app.id, { depends_on: [] }, 'admin')).status).toBe(200);
      expect(((await (await t.request(`/api/v1/assets/${app.id}`, as('auditor'))).json()) as { depends_on: unknown[] }).depends_on).toEqual([]);
    });

    it('refuses a dependency that closes a cycle, naming the path, and changes nothing', async () => {
      const a = await makeAsset(t, { ref: 'CYC-A' });
      const b = await makeAsset(t, { ref: 'CYC-B' });
      const c = await makeAsset(t, { ref: 'CYC-C' });
      const d = await makeAsset(t, { ref: 'CYC-D' });
      await dependOn(t, a, b);
      await dependOn(t, b, c, d);
      const before = await counts(t);
      const loop = await put(c.id, { depends_on: ['CYC-D', 'CYC-A'] }, 'admin');
      expect(loop.status).toBe(400);
      expect((await problem(loop)).errors).toEqual([{ field: 'depends_on', message: 'This dependency would close a cycle: CYC-C → CYC-A → CYC-B → CYC-C.' }]);
      const two = await put(b.id, { depends_on: ['CYC-A'] }, 'admin');
      expect((await problem(two)).errors?.[0]?.message).toBe('This dependency would close a cycle: CYC-B → CYC-A → CYC-B.');
      const self = await put(a.id, { depends_on: ['CYC-A'] }, 'admin');
      expect((await problem(self)).errors?.[0]?.message).toBe('An asset cannot depend on itself.');
      // The same rule through PATCH.
      const viaPatch = await t.request(`/api/v1/assets/${d.id}`, as('admin', json({ depends_on: ['CYC-A'], confidentiality: 4 }, {}, 'PATCH')));
      expect(viaPatch.status).toBe(400);
      expect(await counts(t)).toEqual(before);
      // A diamond is not a cycle: a → b → c, a → c.
      expect((await put(a.id, { depends_on: ['CYC-B', 'CYC-C'] }, 'admin')).status).toBe(200);
    });
  });

  describe('GET /api/v1/assets', () => {
    let owner: { id: string };
    beforeAll(async () => {
      owner = await makePerson(t, { name: 'Listan Omistaja' });
      await makeAsset(t, { ref: 'LST-1', name: 'Listing Öljyvarasto 100%', kind: 'data_store', classification: 'secret', environment: 'production', owner_id: owner.id });
      await makeAsset(t, { ref: 'LST-2', name: 'Listing alpha_gateway', kind: 'service', classification: 'public', environment: 'test' });
      await makeAsset(t, { ref: 'LST-10', name: 'Listing beta', kind: 'information', classification: 'confidential', environment: null, owner_id: owner.id });
      await makeAsset(t, { ref: 'LST-3', name: 'Listing zeta', kind: 'device', classification: 'internal', environment: 'development', status: 'retired' });
    });
    const list = async (qs: string) => {
      const params = new URLSearchParams(qs);
      if (!params.has('q')) params.set('q', 'listing');
      const res = await t.request(`/api/v1/assets?${params.toString()}`, as('auditor'));
      expect(res.status, qs).toBe(200);
      return (await res.json()) as { items: { ref: string; owner_name: string | null }[]; total: number; limit: number; offset: number };
    };
    const refs = async (qs: string) => (await list(qs)).items.map((i) => i.ref);

    it('answers 401, 403 to staff, 400 for bad parameters', async () => {
      expect((await t.request('/api/v1/assets')).status).toBe(401);
      expect((await t.request('/api/v1/assets', as('staff'))).status).toBe(403);
      for (const qs of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'sort=search_key', 'kind=server', 'classification=x', 'environment=staging', 'status=gone', 'dir=up', `q=${'x'.repeat(201)}`, 'q=a%00b', 'owner=%00']) {
        expect((await t.request(`/api/v1/assets?${qs}`, as('auditor'))).status, qs).toBe(400);
      }
    });

    it('filters by text, kind, classification, environment, owner and status', async () => {
      expect((await list('')).total).toBe(4);
      expect(await refs('q=%C3%96LJY')).toEqual(['LST-1']); // "ÖLJY"
      expect(await refs('q=100%25')).toEqual(['LST-1']);
      expect(await refs('q=a_g')).toEqual(['LST-2']);
      expect(await refs('q=lst-10')).toEqual(['LST-10']);
      expect((await list("q=' OR 2=2 --")).total).toBe(0);
      expect(await refs('kind=service')).toEqual(['LST-2']);
      expect(await refs('classification=secret')).toEqual(['LST-1']);
      expect(await refs('environment=none')).toEqual(['LST-10']);
      expect(await refs('environment=test')).toEqual(['LST-2']);
      expect(await refs(`owner=${owner.id}`)).toEqual(['LST-1', 'LST-10']);
      expect(await refs('owner=none')).toEqual(['LST-2', 'LST-3']);
      expect(await refs('status=retired')).toEqual(['LST-3']);
    });

    it('sorts naturally by reference, by classification rank and by every other column, and pages', async () => {
      expect(await refs('')).toEqual(['LST-1', 'LST-2', 'LST-3', 'LST-10']);
      expect(await refs('dir=desc')).toEqual(['LST-10', 'LST-3', 'LST-2', 'LST-1']);
      expect(await refs('sort=classification')).toEqual(['LST-2', 'LST-3', 'LST-10', 'LST-1']);
      // ASCII names only: SQLite and PostgreSQL collate letters such as Ö differently.
      expect((await refs('sort=name&dir=desc')).filter((r) => r !== 'LST-1')).toEqual(['LST-3', 'LST-10', 'LST-2']);
      expect(await refs('sort=kind')).toEqual(['LST-1', 'LST-3', 'LST-10', 'LST-2']);
      expect((await refs('sort=owner')).slice(2).sort()).toEqual(['LST-2', 'LST-3']); // no owner sorts last
      expect((await refs('sort=owner&dir=desc')).slice(2).sort()).toEqual(['LST-2', 'LST-3']);
      expect(await refs('sort=updated')).toHaveLength(4);
      const page = await list('limit=2&offset=2');
      expect(page).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(page.items.map((i) => i.ref)).toEqual(['LST-3', 'LST-10']);
    });
  });

  describe('GET /api/v1/assets/:id', () => {
    it('answers 404 for unknown ids and references, 400 for an overlong one', async () => {
      expect((await t.request('/api/v1/assets/01900000-0000-7000-8000-00000000abcd', as('auditor'))).status).toBe(404);
      expect((await t.request('/api/v1/assets/NO-SUCH', as('auditor'))).status).toBe(404);
      expect((await t.request('/api/v1/assets/%00', as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/assets/${'9'.repeat(65)}`, as('auditor'))).status).toBe(400);
    });

    it('derives the effective C, I and A from active dependents, naming the asset and path they come from', async () => {
      const host = await makeAsset(t, { ref: 'EFF-HOST', confidentiality: 1, integrity: 2, availability: 1 });
      const app = await makeAsset(t, { ref: 'EFF-APP', confidentiality: 2, integrity: 1, availability: 4, kind: 'service' });
      const data = await makeAsset(t, { ref: 'EFF-DATA', confidentiality: 4, integrity: 1, availability: 1, kind: 'information', environment: null });
      const old = await makeAsset(t, { ref: 'EFF-OLD', confidentiality: 1, integrity: 4, availability: 1, status: 'retired' });
      await dependOn(t, app, host);
      await dependOn(t, data, app);
      await dependOn(t, old, host);
      const d = (await (await t.request('/api/v1/assets/EFF-HOST', as('auditor'))).json()) as {
        effective: Record<string, { value: number; basis: { ref: string; path: string[] } | null } | number>;
        dependents: { ref: string }[];
      };
      expect(d.dependents.map((x) => x.ref)).toEqual(['EFF-APP', 'EFF-OLD']);
      expect(d.effective.confidentiality).toEqual({ value: 4, basis: expect.objectContaining({ ref: 'EFF-DATA', path: ['EFF-DATA', 'EFF-APP', 'EFF-HOST'] }) });
      expect(d.effective.availability).toEqual({ value: 4, basis: expect.objectContaining({ ref: 'EFF-APP', path: ['EFF-APP', 'EFF-HOST'] }) });
      // The retired asset's integrity 4 no longer counts; the host's own 2 stands.
      expect(d.effective.integrity).toEqual({ value: 2, basis: null });
      expect(d.effective.criticality).toBe(4);
    });
  });

  describe('GET /api/v1/assets/export.csv', () => {
    it('exports the filtered list in the import columns, guarding formula-looking cells', async () => {
      const db = await makeAsset(t, { ref: 'EXP-1', name: '=HYPERLINK("http://evil.test","x")', kind: 'data_store', description: '+358 40 123' });
      const net = await makeAsset(t, { ref: 'EXP-2', name: 'Export, "quoted" net', description: 'two\nlines' });
      await makeAsset(t, { ref: 'EXP-3', name: '@SUM(A1) export', depends_on: [db.ref, net.ref] });
      expect((await t.request('/api/v1/assets/export.csv', as('staff'))).status).toBe(403);
      const res = await t.request('/api/v1/assets/export.csv?q=exp-&sort=ref', as('auditor'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('assets.csv');
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(text.startsWith('\uFEFFref,name,kind,description,owner_email,classification,confidentiality,integrity,availability,environment,status,depends_on\r\n')).toBe(true);
      expect(text).toContain(`EXP-1,"'=HYPERLINK(""http://evil.test"",""x"")",data_store,'+358 40 123,,internal,2,2,2,production,active,\r\n`);
      expect(text).toContain(`EXP-2,"Export, ""quoted"" net",system,"two\nlines",`);
      expect(text).toContain(`EXP-3,'@SUM(A1) export,system,,,internal,2,2,2,production,active,EXP-1;EXP-2\r\n`);
      expect(text.trim().split('\r\n')).toHaveLength(4);
    });
  });

  it('describes every asset operation in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/assets']!)).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/assets/{id}']!)).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/assets/{id}/dependencies']!)).toEqual(['put']);
    expect(doc.paths['/api/v1/assets/import']!.post).toMatchObject({ requestBody: { content: { 'text/csv': {} } } });
    expect(doc.paths['/api/v1/assets/export.csv']!.get).toBeDefined();
  });
});
