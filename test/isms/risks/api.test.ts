// The risk register API on every dialect: the 401 → 400 → 403 → success ladder with hostile input,
// scoring, filters, the export, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { PersonOut } from '../../../src/isms/people/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildRisk, counts, insertAsset, json, makeOwner, makeRisk } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Risk {
  id: string;
  ref: string;
  title: string;
  inherent_score: number;
  inherent_band: string;
  residual_score: number | null;
  residual_band: string | null;
  status: string;
  asset_ids: string[];
  owner_name: string | null;
  next_review: string | null;
}

describe.each(dialects())('risks API on %s', (dialect) => {
  let t: TestApp;
  let owner: PersonOut;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    owner = await makeOwner(t, { name: 'Olivia Owner' });
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const problem = async (res: Response) => (await res.json()) as Problem;

  describe('POST /api/v1/risks', () => {
    it('answers 401 without credentials or with a forged token, and writes nothing', async () => {
      const before = await counts(t);
      for (const init of [anon(json(buildRisk(owner))), json(buildRisk(owner), 'POST', { authorization: 'Bearer kilpi_forged' })]) {
        const res = await t.request('/api/v1/risks', init);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['title', { title: '' }],
      ['title', { title: 'x'.repeat(201) }],
      ['title', { title: 'Bad\u0000Title' }],
      ['title', { title: 42 }],
      ['description', { description: 'd'.repeat(4001) }],
      ['threat', { threat: 'bell\u0007' }],
      ['owner_id', { owner_id: "1' OR '1'='1" }],
      ['owner_id', { owner_id: undefined }],
      ['owner_id', { owner_id: '01900000-0000-7000-8000-000000000000' }],
      ['likelihood', { likelihood: 0 }],
      ['likelihood', { likelihood: 6 }],
      ['likelihood', { likelihood: 2.5 }],
      ['likelihood', { likelihood: '3' }],
      ['impact', { impact: -1 }],
      ['impact', { impact: 99 }],
      ['residual_impact', { residual_impact: null }],
      ['residual_likelihood', { residual_likelihood: 6 }],
      ['residual_likelihood', { likelihood: 2, impact: 2, residual_likelihood: 3, residual_impact: 2 }],
      ['treatment', { treatment: 'ignore' }],
      ['next_review', { next_review: '2026-02-30' }],
      ['next_review', { next_review: '2020-01-01' }],
      ['asset_ids.0', { asset_ids: ['01900000-0000-7000-8000-00000000beef'] }],
      ['asset_ids.0', { asset_ids: ['<script>'] }],
      ['asset_ids', { asset_ids: 'AST-001' }],
      ['(body)', { colour: 'red' }],
    ])('answers 400 naming %s for %j and writes nothing', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/risks', as('admin', json({ ...buildRisk(owner), ...patch })));
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.errors?.map((e) => e.field)).toContain(field);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 for a body that is not JSON, 415 for another content type, and for a huge body', async () => {
      expect((await t.request('/api/v1/risks', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' }))).status).toBe(400);
      expect((await t.request('/api/v1/risks', as('admin', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }))).status).toBe(415);
      const huge = await t.request('/api/v1/risks', as('admin', json({ ...buildRisk(owner), description: 'x'.repeat(2_000_000) })));
      expect(huge.status).toBe(413);
    });

    it('names every unknown asset id and a departed owner', async () => {
      const left = await makeOwner(t, { status: 'left', end_date: '2026-01-01' });
      const a = await insertAsset(t, 'AST-901');
      const res = await t.request(
        '/api/v1/risks',
        as('admin', json(buildRisk(left, { asset_ids: [a.id, '01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002'] }))),
      );
      expect(res.status).toBe(400);
      const fields = (await problem(res)).errors!.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['owner_id', 'asset_ids.1', 'asset_ids.2']));
      expect(fields).not.toContain('asset_ids.0');
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/risks', as(role, json(buildRisk(owner))))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it('adds a risk with a computed ref, scores, bands and review date, linked to assets, audited', async () => {
      const a = await insertAsset(t, 'AST-902');
      const res = await t.request('/api/v1/risks', as('security_officer', json(buildRisk(owner, { title: '  Ledger  tampering ', likelihood: 4, impact: 5, residual_likelihood: 2, residual_impact: 3, asset_ids: [a.id, a.id] }))));
      expect(res.status).toBe(201);
      const r = (await res.json()) as Risk & { tasks: unknown[] };
      expect(r).toMatchObject({ title: 'Ledger  tampering', inherent_score: 20, inherent_band: 'critical', residual_score: 6, residual_band: 'medium', status: 'open', asset_ids: [a.id], owner_name: 'Olivia Owner', tasks: [] });
      expect(r.ref).toMatch(/^R-\d{3}$/);
      // Medium reviews every 180 days from today (the test clock's 2026-11-25).
      expect(r.next_review).toBe('2027-05-24');
      expect(res.headers.get('location')).toBe(`/api/v1/risks/${r.id}`);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=risk&entity_id=${r.id}`, as('auditor'))).json()) as { items: { action: string; after: { inherent_score: number } }[] };
      expect(events.items.map((e) => e.action)).toEqual(['risk.create']);
      expect(events.items[0]!.after.inherent_score).toBe(20);
    });

    it('numbers refs one after another and ignores a typed score', async () => {
      const a = await makeRisk(t, owner);
      const b = await makeRisk(t, owner);
      expect(Number(b.ref.slice(2))).toBe(Number(a.ref.slice(2)) + 1);
      const typed = await t.request('/api/v1/risks', as('admin', json({ ...buildRisk(owner), inherent_score: 1 })));
      expect(typed.status).toBe(400);
    });

    it('stores HTML and SQL-looking text as plain text', async () => {
      const title = `<img src=x onerror=alert(1)> Robert'); DROP TABLE risks;--`;
      const res = await t.request('/api/v1/risks', as('admin', json(buildRisk(owner, { title, threat: "x' OR 1=1 --\nsecond line" }))));
      expect(res.status).toBe(201);
      const r = (await res.json()) as Risk & { threat: string };
      expect(r.title).toBe(title);
      expect(r.threat).toBe("x' OR 1=1 --\nsecond line");
    });
  });

  describe('PATCH /api/v1/risks/:id', () => {
    const patch = (id: string, body: unknown, role?: Role) => t.request(`/api/v1/risks/${id}`, role ? as(role, json(body, 'PATCH')) : anon(json(body, 'PATCH')));

    it('climbs the ladder: 401, 400, 403, 404, then success with before and after', async () => {
      const r = await makeRisk(t, owner);
      expect((await patch(r.id, { title: 'New' })).status).toBe(401);
      expect((await patch(r.id, { likelihood: 7 }, 'admin')).status).toBe(400);
      expect((await patch(r.id, { owner_id: null }, 'admin')).status).toBe(400);
      expect((await patch(r.id, { title: 'New' }, 'auditor')).status).toBe(403);
      expect((await patch(r.id, { title: 'New' }, 'staff')).status).toBe(403);
      expect((await patch('01900000-0000-7000-8000-00000000abcd', { title: 'x' }, 'admin')).status).toBe(404);
      expect((await patch('nope', { title: 'x' }, 'admin')).status).toBe(404);
      const res = await patch(r.id, { likelihood: 5, impact: 5, residual_likelihood: null, residual_impact: null, treatment: null }, 'security_officer');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ inherent_score: 25, inherent_band: 'critical', residual_score: null, residual_band: null, treatment: null });
      const events = (await (await t.request(`/api/v1/audit-events?entity_id=${r.id}`, as('auditor'))).json()) as { items: { action: string; before: { inherent_score: number }; after: { inherent_score: number } }[] };
      expect(events.items[0]).toMatchObject({ action: 'risk.update', before: { inherent_score: 12 }, after: { inherent_score: 25 } });
    });

    it('writes no event for a patch that changes nothing', async () => {
      const r = await makeRisk(t, owner);
      const before = await counts(t);
      const res = await patch(r.id, { title: r.title, likelihood: r.likelihood }, 'admin');
      expect(res.status).toBe(200);
      expect(await counts(t)).toEqual(before);
    });

    it('moves status only along the allowed transitions', async () => {
      const r = await makeRisk(t, owner, { treatment: null });
      const fieldOf = async (res: Response) => (await problem(res)).errors?.map((e) => e.field);
      const needsTreatment = await patch(r.id, { status: 'treating' }, 'admin');
      expect(needsTreatment.status).toBe(400);
      expect(await fieldOf(needsTreatment)).toEqual(['treatment']);
      expect((await patch(r.id, { status: 'treating', treatment: 'modify' }, 'admin')).status).toBe(200);
      const accepted = await patch(r.id, { status: 'accepted' }, 'admin');
      expect(accepted.status).toBe(400);
      expect(await fieldOf(accepted)).toEqual(['status']);
      expect((await patch(r.id, { status: 'closed' }, 'admin')).status).toBe(200);
      const closedToTreating = await patch(r.id, { status: 'treating' }, 'admin');
      expect(closedToTreating.status).toBe(400);
      expect((await patch(r.id, { status: 'open' }, 'admin')).status).toBe(200);
    });

    it('replaces the linked assets', async () => {
      const a = await insertAsset(t, 'AST-903');
      const b = await insertAsset(t, 'AST-904');
      const r = await makeRisk(t, owner, { asset_ids: [a.id] });
      const res = await patch(r.id, { asset_ids: [b.id] }, 'admin');
      expect(((await res.json()) as Risk).asset_ids).toEqual([b.id]);
      const bad = await patch(r.id, { asset_ids: [b.id, '01900000-0000-7000-8000-0000000000ff'] }, 'admin');
      expect(bad.status).toBe(400);
      expect((await problem(bad)).errors?.[0]?.field).toBe('asset_ids.1');
    });
  });

  describe('GET /api/v1/risks', () => {
    let lister: PersonOut;
    let asset: { id: string };
    beforeAll(async () => {
      lister = await makeOwner(t, { name: 'Lister' });
      asset = await insertAsset(t, 'AST-905');
      await makeRisk(t, lister, { title: 'Ledger outage', likelihood: 5, impact: 5, residual_likelihood: 4, residual_impact: 5, asset_ids: [asset.id] });
      await makeRisk(t, lister, { title: 'Phishing 100% of staff', likelihood: 4, impact: 3, residual_likelihood: 2, residual_impact: 2, treatment: 'share' });
      await makeRisk(t, lister, { title: 'Lost_laptop', likelihood: 2, impact: 2, residual_likelihood: null, residual_impact: null, treatment: null });
    });
    const list = async (qs: string) => {
      const res = await t.request(`/api/v1/risks?owner_id=${lister.id}&${qs}`, as('auditor'));
      expect(res.status, qs).toBe(200);
      return (await res.json()) as { items: Risk[]; total: number; limit: number; offset: number };
    };

    it('answers 401, 403 to staff, 400 for bad parameters', async () => {
      expect((await t.request('/api/v1/risks')).status).toBe(401);
      expect((await t.request('/api/v1/risks', as('staff'))).status).toBe(403);
      for (const qs of ['limit=0', 'limit=501', 'offset=-1', 'sort=password', 'status=gone', 'band=HIGH', 'basis=x', 'likelihood=0', 'treatment=x', `q=${'x'.repeat(201)}`, 'q=a%00b', 'owner_id=%00', 'unknown=1']) {
        expect((await t.request(`/api/v1/risks?${qs}`, as('auditor'))).status, qs).toBe(400);
      }
    });

    it('filters by band, basis, cell, status, treatment, asset and text', async () => {
      expect((await list('')).total).toBe(3);
      expect((await list('band=critical')).items.map((r) => r.title)).toEqual(['Ledger outage']);
      expect((await list('band=critical&basis=inherent')).items.map((r) => r.title)).toEqual(['Ledger outage']);
      expect((await list('band=high&basis=inherent')).items.map((r) => r.title)).toEqual(['Phishing 100% of staff']);
      // Residual basis falls back to the inherent score where no residual is assessed.
      expect((await list('band=low')).items.map((r) => r.title).sort()).toEqual(['Lost_laptop', 'Phishing 100% of staff']);
      expect((await list('band=nosuch')).total).toBe(0);
      expect((await list('basis=residual&likelihood=4&impact=5')).items.map((r) => r.title)).toEqual(['Ledger outage']);
      expect((await list('basis=inherent&likelihood=2&impact=2')).items.map((r) => r.title)).toEqual(['Lost_laptop']);
      expect((await list('treatment=none')).items.map((r) => r.title)).toEqual(['Lost_laptop']);
      expect((await list('treatment=share')).total).toBe(1);
      expect((await list(`asset_id=${asset.id}`)).items.map((r) => r.title)).toEqual(['Ledger outage']);
      expect((await list('q=LEDGER')).total).toBe(1);
      expect((await list('q=100%25')).total).toBe(1);
      expect((await list('q=t_l')).items.map((r) => r.title)).toEqual(['Lost_laptop']);
      expect((await list("q=' OR 1=1 --")).total).toBe(0);
      expect((await list('status=active')).total).toBe(3);
      expect((await list('status=closed')).total).toBe(0);
    });

    it('sorts and pages', async () => {
      const byInherent = await list('sort=inherent&dir=desc');
      expect(byInherent.items.map((r) => r.inherent_score)).toEqual([25, 12, 4]);
      const byResidual = await list('sort=residual');
      expect(byResidual.items.map((r) => r.residual_score)).toEqual([4, 20, null]);
      const page = await list('sort=ref&limit=2&offset=2');
      expect(page).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(page.items).toHaveLength(1);
    });

    it('answers 404 for unknown and malformed ids', async () => {
      expect((await t.request('/api/v1/risks/does-not-exist', as('auditor'))).status).toBe(404);
      expect((await t.request('/api/v1/risks/%00', as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/risks/${'9'.repeat(65)}`, as('auditor'))).status).toBe(400);
    });

    it('exports the filtered register as CSV, guarding formula-looking cells', async () => {
      await makeRisk(t, lister, { title: '=HYPERLINK("http://evil.test","x")' });
      expect((await t.request('/api/v1/risks/export.csv', as('staff'))).status).toBe(403);
      const res = await t.request(`/api/v1/risks/export.csv?owner_id=${lister.id}&sort=ref`, as('auditor'));
      expect(res.headers.get('content-type')).toContain('text/csv');
      const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toMatch(/^ref,title,owner,status,threat,vulnerability,likelihood,impact,inherent_score,inherent_band,/);
      expect(lines).toHaveLength(5);
      expect(lines.find((l) => l.includes('Ledger outage'))).toContain('AST-905');
      expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    });
  });

  it('describes every risk operation in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/risks']!)).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/risks/{id}']!)).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/risks/{id}/acceptance']!).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(doc.paths['/api/v1/risk-matrix']!)).toEqual(['get', 'put']);
    for (const p of ['/api/v1/risks/heatmap', '/api/v1/risks/trend', '/api/v1/risks/export.csv', '/api/v1/risks/{id}/tasks', '/api/v1/risks/{id}/reviews']) expect(doc.paths[p], p).toBeDefined();
  });
});
