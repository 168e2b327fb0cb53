// The frameworks API on every dialect: the 401 → 400 → 403 → success ladder for each route,
// filters and paging, CSV, licensed text audited by digest, OSCAL import and export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildOscal, counts, json, linkControl } from './factories.js';
import { catalogValidator, oscalPresent, schemaErrors } from './oscal-conformance.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}
type Page = { items: { ref: string; title: string; group_ref: string; kind: string; key: string; has_licensed_text: boolean }[]; total: number; limit: number; offset: number };

const ISO = '/api/v1/frameworks/iso27001-2022';

describe.each(dialects())('frameworks API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { maxBodyBytes: 256 * 1024 } });
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const get = (path: string, role?: Role) => t.request(path, role ? as(role) : {});
  const db = () => t.booted.services.db;
  // An anonymous client that passes the CSRF double-submit check, so the answer is the guard’s.
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });

  describe('reading catalogues', () => {
    it.each([
      ['/api/v1/frameworks'],
      [ISO],
      [`${ISO}/requirements`],
      [`${ISO}/requirements.csv`],
      [`${ISO}/requirements/A.8.13`],
      [`${ISO}/oscal`],
    ])('guards %s: 401 anonymous, 403 staff, 200 for auditor, security officer and admin', async (path) => {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'staff')).status).toBe(403);
      for (const role of ['auditor', 'security_officer', 'admin'] as const) expect((await get(path, role)).status, role).toBe(200);
    });

    it('lists catalogues with requirement counts and how many controls meet', async () => {
      const r2 = await db().selectFrom('requirements').select('id').where('framework_id', '=', 'iso27001-2022').where('ref', '=', 'A.8.13').executeTakeFirstOrThrow();
      await linkControl(db(), r2.id, 'CTL-API-1');
      const body = (await (await get('/api/v1/frameworks', 'auditor')).json()) as { items: { id: string; requirements: number; by_kind: Record<string, number>; mapped: number; origin: string }[] };
      const iso = body.items.find((f) => f.id === 'iso27001-2022')!;
      expect(iso).toMatchObject({ requirements: 127, by_kind: { clause: 34, control: 93 }, mapped: 1, origin: 'bundled', withdrawn: 0 });
    });

    it('shows one framework with its groups and coverage, 404 for an unknown one', async () => {
      const body = (await (await get(ISO, 'auditor')).json()) as { groups: { ref: string; requirements: number; mapped: number }[] };
      expect(body.groups.find((g) => g.ref === 'A.5')).toMatchObject({ requirements: 37, mapped: 0 });
      expect(body.groups.find((g) => g.ref === 'A.8')).toMatchObject({ requirements: 34, mapped: 1 });
      const missing = await get('/api/v1/frameworks/no-such-framework', 'auditor');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect((await get(`/api/v1/frameworks/${'x'.repeat(65)}`, 'auditor')).status).toBe(400);
    });

    it('pages, searches, filters and sorts requirements', async () => {
      const page = async (q: string) => (await (await get(`${ISO}/requirements?${q}`, 'auditor')).json()) as Page;
      const first = await page('limit=10');
      expect(first).toMatchObject({ total: 127, limit: 10, offset: 0 });
      expect(first.items.map((r) => r.ref)).toEqual(['4.1', '4.2', '4.3', '4.4', '5.1', '5.2', '5.3', '6.1', '6.1.1', '6.1.2']);
      expect((await page('limit=5&offset=125')).items.map((r) => r.ref)).toEqual(['A.8.33', 'A.8.34']);
      expect((await page('q=BACKUP')).items.map((r) => r.ref)).toContain('A.8.13');
      expect((await page('q=%25')).total).toBe(0);
      expect((await page('group=A.8&limit=100')).total).toBe(34);
      expect((await page('kind=clause&limit=100')).total).toBe(34);
      expect((await page('group=A.6&sort=title&dir=desc')).items[0]!.title).toBe('Terms and conditions of employment');
      expect((await page('status=withdrawn')).total).toBe(0);
      expect((await page('group=no-such-group')).total).toBe(0);
    });

    it.each([
      ['limit', 'limit=0'],
      ['limit', 'limit=501'],
      ['offset', 'offset=-1'],
      ['sort', 'sort=ref;drop'],
      ['kind', 'kind=clauses'],
      ['q', 'q=a%00b'],
      ['q', `q=${'x'.repeat(201)}`],
      ['group', `group=${'g'.repeat(41)}`],
    ])('answers 400 naming %s (case %#)', async (field, q) => {
      const res = await get(`${ISO}/requirements?${q}`, 'auditor');
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
    });

    it('exports requirements as CSV with the same filters, never the licensed text', async () => {
      const res = await get(`${ISO}/requirements.csv?group=A.8`, 'auditor');
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="iso27001-2022-requirements.csv"');
      const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('framework,ref,title,kind,group,group_title,parent,paraphrase,attributes,status,controls');
      expect(lines).toHaveLength(35);
      expect(lines.find((l) => l.startsWith('iso27001-2022,A.8.13,'))).toMatch(/Information backup,control,A\.8,Technological controls,.*control_type: corrective.*,current,CTL-API-1$/);
    });

    it('answers one requirement by ref, 404 for an unknown ref', async () => {
      const body = (await (await get(`${ISO}/requirements/6.1.2`, 'auditor')).json()) as Record<string, unknown>;
      expect(body).toMatchObject({ key: 'iso27001-2022:6.1.2', ref: '6.1.2', parent_ref: '6.1', kind: 'clause', licensed_text: null, has_licensed_text: false });
      expect((await get(`${ISO}/requirements/A.9.1`, 'auditor')).status).toBe(404);
      expect((await get(`${ISO}/requirements/${encodeURIComponent("A.5.1' OR '1'='1")}`, 'auditor')).status).toBe(404);
      // PostgreSQL refuses NUL in text: it must be a 404, never a 500.
      expect((await get(`${ISO}/requirements/A.5%001`, 'auditor')).status).toBe(404);
      expect((await get('/api/v1/frameworks/iso%00', 'auditor')).status).toBe(404);
      expect((await get('/api/v1/frameworks/iso%00/oscal', 'auditor')).status).toBe(404);
    });
  });

  describe('PUT …/requirements/:ref/licensed-text', () => {
    const path = `${ISO}/requirements/A.5.15/licensed-text`;
    const put = (body: unknown, role?: Role) => t.request(path, role ? as(role, json(body, {}, 'PUT')) : anon(json(body, {}, 'PUT')));
    const events = async () =>
      db()
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'requirement.licensed_text')
        .orderBy('seq')
        .execute();

    it('answers 401 without credentials and writes nothing', async () => {
      expect((await put({ licensed_text: 'x' })).status).toBe(401);
      expect(await events()).toHaveLength(0);
    });

    it.each([
      ['licensed_text', { licensed_text: 42 }],
      ['licensed_text', { licensed_text: 'x'.repeat(20_001) }],
      ['licensed_text', { licensed_text: 'bell\u0007here' }],
      ['licensed_text', { licensed_text: 'nul\u0000here' }],
      ['licensed_text', {}],
      ['(body)', { licensed_text: 'x', extra: true }],
    ])('answers 400 naming %s (case %#) and writes nothing', async (field, body) => {
      const res = await put(body, 'admin');
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      expect(await events()).toHaveLength(0);
    });

    it('answers 400 for a body that is not JSON and 413 for one over the limit', async () => {
      expect((await t.request(path, as('admin', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"licensed_text": ' }))).status).toBe(400);
      expect((await put({ licensed_text: 'x'.repeat(300 * 1024) }, 'admin')).status).toBe(413);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s', async (role) => {
      expect((await put({ licensed_text: 'x' }, role)).status).toBe(403);
    });

    it('keeps the text (line breaks included), audits a digest rather than the text, and records nothing when unchanged', async () => {
      const text = 'Line one of our licensed copy.\r\n\r\n<script>alert(1)</script> line two.';
      const res = await put({ licensed_text: text }, 'security_officer');
      expect(res.status).toBe(200);
      const stored = 'Line one of our licensed copy.\n\n<script>alert(1)</script> line two.';
      expect(await res.json()).toMatchObject({ licensed_text: stored, has_licensed_text: true });
      const [e] = await events();
      expect(e!.after_json).not.toContain('Line one');
      expect(JSON.parse(e!.after_json!)).toMatchObject({ key: 'iso27001-2022:A.5.15', licensed_text: { length: stored.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect((await put({ licensed_text: text }, 'admin')).status).toBe(200);
      expect(await events()).toHaveLength(1);
      const listed = (await (await get(`${ISO}/requirements?q=A.5.15`, 'auditor')).json()) as Page;
      expect(listed.items[0]).toMatchObject({ ref: 'A.5.15', has_licensed_text: true });
      expect(JSON.stringify(listed)).not.toContain('Line one');
    });

    it('removes the text with null or blank', async () => {
      const res = await put({ licensed_text: '   ' }, 'admin');
      expect(await res.json()).toMatchObject({ licensed_text: null });
      expect(JSON.parse((await events()).at(-1)!.after_json!).licensed_text).toBeNull();
      expect((await put({ licensed_text: null }, 'admin')).status).toBe(200);
    });

    it('answers 404 for an unknown requirement or framework', async () => {
      expect((await t.request(`${ISO}/requirements/A.9.9/licensed-text`, as('admin', json({ licensed_text: 'x' }, {}, 'PUT')))).status).toBe(404);
      expect((await t.request('/api/v1/frameworks/nope/requirements/A.5.1/licensed-text', as('admin', json({ licensed_text: 'x' }, {}, 'PUT')))).status).toBe(404);
    });
  });

  describe('POST /api/v1/frameworks/import and GET …/oscal', () => {
    const post = (body: unknown, q = '', role?: Role) => t.request(`/api/v1/frameworks/import${q}`, role ? as(role, json(body)) : anon(json(body)));

    it('answers 401 without credentials, 403 to auditor and staff, and writes nothing', async () => {
      const before = await counts(db());
      expect((await post(buildOscal(), '?dry_run=false')).status).toBe(401);
      for (const role of ['auditor', 'staff'] as const) expect((await post(buildOscal(), '?dry_run=false', role)).status).toBe(403);
      expect(await counts(db())).toEqual(before);
    });

    it.each([
      ['catalog', { 'system-security-plan': { uuid: 'x' } }, ''],
      ['catalog.metadata.title', { catalog: { ...buildOscal().catalog, metadata: { version: '1', 'oscal-version': '1.1.2', 'last-modified': '2026-01-01T00:00:00Z' } } }, ''],
      ['id', buildOscal(), '?id=Not%20A%20Slug'],
      ['dry_run', buildOscal(), '?dry_run=maybe'],
    ])('answers 400 naming %s, and writes nothing', async (field, body, q) => {
      const before = await counts(db());
      const res = await post(body, q, 'admin');
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      expect(await counts(db())).toEqual(before);
    });

    it('answers 400 for broken JSON, 415 for another content type and 413 over the body limit', async () => {
      expect((await t.request('/api/v1/frameworks/import', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"catalog": {' }))).status).toBe(400);
      expect((await t.request('/api/v1/frameworks/import', as('admin', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }))).status).toBe(415);
      const big = buildOscal();
      (big.catalog.metadata as Record<string, unknown>).remarks = 'x'.repeat(300 * 1024);
      expect((await post(big, '', 'admin')).status).toBe(413);
    });

    it('previews by default, applies with dry_run=false, and answers 409 for a bundled id', async () => {
      const before = await counts(db());
      const preview = await post(buildOscal(), '', 'security_officer');
      expect(preview.status).toBe(200);
      expect(await preview.json()).toMatchObject({ dry_run: true, applied: false, summary: { added: 3 } });
      expect(await counts(db())).toEqual(before);
      const applied = await post(buildOscal(), '?dry_run=false&id=acme', 'security_officer');
      expect(await applied.json()).toMatchObject({ applied: true, framework: { id: 'acme' } });
      const one = await get(`/api/v1/frameworks/acme/requirements/${encodeURIComponent('AC-2(1)')}`, 'auditor');
      expect(await one.json()).toMatchObject({ ref: 'AC-2(1)', parent_ref: 'AC-2' });
      const clash = await post(buildOscal(), '?dry_run=false&id=iso27001-2022', 'admin');
      expect(clash.status).toBe(409);
    });

    it('exports a framework as an OSCAL catalog that validates against the official schema', async () => {
      const res = await get(`${ISO}/oscal`, 'auditor');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="iso27001-2022.oscal.json"');
      const doc = (await res.json()) as { catalog: { metadata: { title: string } } };
      expect(doc.catalog.metadata.title).toBe('ISO/IEC 27001:2022');
      expect(JSON.stringify(doc)).not.toContain('<script>');
      if (oscalPresent) {
        const validate = catalogValidator();
        expect(validate(doc), schemaErrors(validate).join('\n')).toBe(true);
      }
      expect((await get('/api/v1/frameworks/nope/oscal', 'auditor')).status).toBe(404);
    });
  });
});
