// The people API on every dialect: the 401 → 400 → 403 → success ladder, rules, filters, export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildPerson, counts, json, makePerson } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe.each(dialects())('people API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  // An anonymous client that passes the CSRF double-submit check, so the answer is the guard’s.
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });

  describe('POST /api/v1/people', () => {
    it('answers 401 without credentials or with a forged token, and writes nothing', async () => {
      const before = await counts(t);
      for (const init of [anon(json(buildPerson())), json(buildPerson(), { authorization: 'Bearer kilpi_forged' })]) {
        const res = await t.request('/api/v1/people', init);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      // A bare anonymous POST (no cookie, no token) is also a 401: it carries no credential to forge.
      expect((await t.request('/api/v1/people', json(buildPerson()))).status).toBe(401);
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: 'x'.repeat(201) }],
      ['name', { name: 'Bad\u0000Name' }],
      ['name', { name: 42 }],
      ['email', { email: 'not-an-email' }],
      ['email', { email: `${'a'.repeat(250)}@example.test` }],
      ['title', { title: 't'.repeat(201) }],
      ['department', { department: ['Engineering'] }],
      ['manager_id', { manager_id: "1' OR '1'='1" }],
      ['status', { status: 'retired' }],
      ['start_date', { start_date: '2026-02-30' }],
      ['start_date', { start_date: '25.11.2026' }],
      ['end_date', { end_date: '2026-13-01' }],
      ['nickname', { nickname: 'unknown field' }],
    ])('answers 400 naming %s for %j', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/people', as('admin', json({ ...buildPerson(), ...patch })));
      expect(res.status).toBe(400);
      const body = (await res.json()) as Problem;
      expect(body.errors?.map((e) => e.field).join(' ')).toContain(field === 'nickname' ? '(body)' : field);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 for a body that is not JSON, 415 for another content type', async () => {
      const bad = await t.request('/api/v1/people', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }));
      expect(bad.status).toBe(400);
      const form = await t.request('/api/v1/people', as('admin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' }));
      expect(form.status).toBe(415);
      const binary = await t.request('/api/v1/people', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
      expect(binary.status).toBe(400);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/people', as(role, json(buildPerson())));
      expect(res.status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s add a person, stored lower-case, with an audit event', async (role) => {
      const body = buildPerson({ email: `Mixed.Case.${role}@Example.TEST`, name: '  Äijälä Östman  ' });
      const res = await t.request('/api/v1/people', as(role, json(body)));
      expect(res.status).toBe(201);
      const p = (await res.json()) as { id: string; email: string; name: string; status: string; manager_id: null };
      expect(p).toMatchObject({ email: `mixed.case.${role}@example.test`, name: 'Äijälä Östman', status: 'active', manager_id: null });
      expect(res.headers.get('location')).toBe(`/api/v1/people/${p.id}`);
      const events = await t.request(`/api/v1/audit-events?entity_type=person&entity_id=${p.id}`, as('auditor'));
      const list = (await events.json()) as { items: { action: string; after: { email: string } }[] };
      expect(list.items.map((e) => e.action)).toEqual(['person.create']);
      expect(list.items[0]!.after.email).toBe(p.email);
    });

    it('answers 409 for an email already in the directory, whatever its case', async () => {
      const p = await makePerson(t);
      const res = await t.request('/api/v1/people', as('admin', json(buildPerson({ email: p.email.toUpperCase() }))));
      expect(res.status).toBe(409);
      expect(((await res.json()) as Problem).errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    });

    it('enforces the employment rules', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ status: 'leaving', end_date: null }, 'end_date'],
        [{ status: 'left', end_date: null }, 'end_date'],
        [{ status: 'left', end_date: '2026-12-31' }, 'end_date'], // the test clock is 2026-11-25
        [{ start_date: '2026-05-01', end_date: '2026-04-30', status: 'leaving' }, 'end_date'],
        [{ manager_id: '01900000-0000-7000-8000-000000000000' }, 'manager_id'],
      ];
      for (const [patch, field] of cases) {
        const res = await t.request('/api/v1/people', as('admin', json({ ...buildPerson(), ...patch })));
        expect(res.status, JSON.stringify(patch)).toBe(400);
        expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      }
      const ok = await t.request('/api/v1/people', as('admin', json(buildPerson({ status: 'left', end_date: '2026-11-25' }))));
      expect(ok.status).toBe(201);
    });

    it('stores HTML and SQL injection strings as plain text', async () => {
      const name = `<script>alert(1)</script> Robert'); DROP TABLE people;--`;
      const res = await t.request('/api/v1/people', as('admin', json(buildPerson({ name, department: "x' OR 1=1 --" }))));
      expect(res.status).toBe(201);
      const p = (await res.json()) as { id: string };
      const got = (await (await t.request(`/api/v1/people/${p.id}`, as('auditor'))).json()) as { name: string; department: string };
      expect(got.name).toBe(name);
      expect(got.department).toBe("x' OR 1=1 --");
      expect((await counts(t)).people).toBeGreaterThan(0);
    });
  });

  describe('PATCH /api/v1/people/:id', () => {
    it('climbs the ladder: 401, 400, 403 per role, 404, then success with before and after', async () => {
      const p = await makePerson(t, { title: 'Analyst' });
      const patch = (body: unknown, role?: Role) => {
        const init: RequestInit = { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
        return t.request(`/api/v1/people/${p.id}`, role ? as(role, init) : anon(init));
      };
      expect((await patch({ title: 'Lead' })).status).toBe(401);
      expect((await patch({ title: 5 }, 'admin')).status).toBe(400);
      expect((await patch({ email: 'nope' }, 'admin')).status).toBe(400);
      expect((await patch({ title: 'Lead' }, 'auditor')).status).toBe(403);
      expect((await patch({ title: 'Lead' }, 'staff')).status).toBe(403);
      const missing = await t.request('/api/v1/people/01900000-0000-7000-8000-00000000abcd', as('admin', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"title":"x"}' }));
      expect(missing.status).toBe(404);
      const res = await patch({ title: 'Lead', department: null }, 'security_officer');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: p.id, title: 'Lead', department: null, name: p.name });
      const events = (await (await t.request(`/api/v1/audit-events?entity_id=${p.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { title: string }; after: { title: string } }[];
      };
      expect(events.items[0]).toMatchObject({ action: 'person.update', before: { title: 'Analyst' }, after: { title: 'Lead' } });
    });

    it('writes no event for a patch that changes nothing', async () => {
      const p = await makePerson(t);
      const before = await counts(t);
      const res = await t.request(`/api/v1/people/${p.id}`, as('admin', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: p.name }) }));
      expect(res.status).toBe(200);
      expect(await counts(t)).toEqual(before);
    });

    it('rejects a manager chain that loops back, directly or through others', async () => {
      const ceo = await makePerson(t, { name: 'CEO' });
      const head = await makePerson(t, { name: 'Head', manager_id: ceo.id });
      const dev = await makePerson(t, { name: 'Dev', manager_id: head.id });
      const setManager = (id: string, manager_id: string) =>
        t.request(`/api/v1/people/${id}`, as('admin', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ manager_id }) }));
      for (const [who, manager] of [
        [ceo.id, ceo.id],
        [ceo.id, dev.id],
        [head.id, dev.id],
      ] as const) {
        const before = await counts(t);
        const res = await setManager(who, manager);
        expect(res.status).toBe(400);
        expect(((await res.json()) as Problem).errors?.[0]?.field).toBe('manager_id');
        expect(await counts(t)).toEqual(before);
      }
      expect((await setManager(dev.id, ceo.id)).status).toBe(200);
    });

    it('answers 409 when the new email belongs to someone else', async () => {
      const a = await makePerson(t);
      const b = await makePerson(t);
      const res = await t.request(`/api/v1/people/${b.id}`, as('admin', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: a.email }) }));
      expect(res.status).toBe(409);
    });
  });

  describe('GET /api/v1/people', () => {
    let boss: { id: string };
    beforeAll(async () => {
      boss = await makePerson(t, { name: 'Zelda Boss', department: 'Listing', email: 'zelda@list.test' });
      await makePerson(t, { name: 'Oskari Östergård', department: 'Listing', manager_id: boss.id, email: 'olli@list.test', start_date: '2020-01-01' });
      await makePerson(t, { name: 'Aino 100% Aalto', department: 'Listing', manager_id: boss.id, status: 'leaving', end_date: '2027-01-01', email: 'aino@list.test' });
      await makePerson(t, { name: 'Lassi_Left', department: 'Listing', status: 'left', end_date: '2025-01-01', email: 'lassi@list.test', start_date: null });
    });
    const list = async (qs: string, role: Role = 'auditor') => {
      const res = await t.request(`/api/v1/people?${qs}`, as(role));
      expect(res.status).toBe(200);
      return (await res.json()) as { items: { name: string; email: string }[]; total: number; limit: number; offset: number };
    };

    it('answers 401, 403 to staff, 400 for bad parameters', async () => {
      expect((await t.request('/api/v1/people')).status).toBe(401);
      expect((await t.request('/api/v1/people', as('staff'))).status).toBe(403);
      for (const qs of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'sort=password', 'status=gone', 'dir=up', `q=${'x'.repeat(201)}`, 'q=a%00b', 'department=%00', 'manager_id=%00']) {
        const res = await t.request(`/api/v1/people?${qs}`, as('auditor'));
        expect(res.status, qs).toBe(400);
      }
    });

    it('filters by department, status, manager and text (case-insensitive, Finnish letters, literal % and _)', async () => {
      expect((await list('department=Listing')).total).toBe(4);
      expect((await list('department=Listing&status=leaving')).items.map((p) => p.email)).toEqual(['aino@list.test']);
      expect((await list(`manager_id=${boss.id}`)).items.map((p) => p.email)).toEqual(['aino@list.test', 'olli@list.test']);
      expect((await list('q=%C3%B6STERG%C3%85RD')).items.map((p) => p.email)).toEqual(['olli@list.test']); // "öSTERGÅRD"
      expect((await list('q=LIST.TEST&department=Listing')).total).toBe(4);
      expect((await list('q=100%25')).items.map((p) => p.email)).toEqual(['aino@list.test']);
      expect((await list('q=i_l')).items.map((p) => p.email)).toEqual(['lassi@list.test']);
      expect((await list("q=' OR 1=1 --")).total).toBe(0);
    });

    it('sorts and pages with limit and offset', async () => {
      // ASCII names only: SQLite and PostgreSQL collate letters such as Ö differently.
      const byName = await list('department=Listing&sort=name');
      expect(byName.items.map((p) => p.email)).toEqual(['aino@list.test', 'lassi@list.test', 'olli@list.test', 'zelda@list.test']);
      const desc = await list('department=Listing&sort=email&dir=desc');
      expect(desc.items[0]!.email).toBe('zelda@list.test');
      const byStart = await list('department=Listing&sort=start_date');
      expect(byStart.items.at(-1)!.email).toBe('lassi@list.test'); // no start date sorts last
      const page = await list('department=Listing&limit=2&offset=2');
      expect(page).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(page.items.map((p) => p.email)).toEqual(['olli@list.test', 'zelda@list.test']);
    });

    it('answers 404 for an unknown person and 200 with the person for a known one', async () => {
      expect((await t.request('/api/v1/people/does-not-exist', as('auditor'))).status).toBe(404);
      expect((await t.request('/api/v1/people/%00', as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/people/${'9'.repeat(65)}`, as('auditor'))).status).toBe(400);
      const res = await t.request(`/api/v1/people/${boss.id}`, as('auditor'));
      expect(Object.keys((await res.json()) as object).sort()).toEqual(
        ['created_at', 'department', 'email', 'end_date', 'id', 'manager_id', 'name', 'start_date', 'status', 'title', 'updated_at'].sort(),
      );
    });
  });

  describe('GET /api/v1/people/export.csv', () => {
    it('exports the filtered list as CSV, guarding formula-looking cells', async () => {
      await makePerson(t, { name: '=HYPERLINK("http://evil.test","x")', department: 'Export', email: 'formula@export.test' });
      await makePerson(t, { name: 'Plain, "Quoted"', department: 'Export', email: 'plain@export.test', title: '+358 40 123' });
      expect((await t.request('/api/v1/people/export.csv', as('staff'))).status).toBe(403);
      const res = await t.request('/api/v1/people/export.csv?department=Export&sort=email', as('auditor'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('people.csv');
      const text = await res.text();
      const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('name,email,title,department,manager_email,status,start_date,end_date');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil.test"",""x""\)",formula@export.test,/);
      expect(lines[2]).toContain(`"Plain, ""Quoted""",plain@export.test,'+358 40 123,Export`);
    });
  });

  it('describes every people operation in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/people']!)).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/people/{id}']!)).toEqual(['get', 'patch']);
    expect(doc.paths['/api/v1/people/import']!.post).toMatchObject({ requestBody: { content: { 'text/csv': {} } } });
    expect(doc.paths['/api/v1/people/export.csv']!.get).toBeDefined();
  });
});
