// The controls API on every dialect: the 401 → 400 → 403 → success ladder with hostile input, link
// sets all-or-nothing, reviews, filters, sorting, paging and the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { buildControl, counts, insertAsset, insertFramework, insertRisk, json, makeControl } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string; value?: string }[];
}

describe.each(dialects())('controls API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    await insertFramework(t, 'test-fw');
    await insertFramework(t, 'pci-test', ['9.4', '3.5']);
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  // An anonymous client that passes the CSRF double-submit check, so the answer is the guard’s.
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const problem = async (res: Response) => (await res.json()) as Problem;

  describe('POST /api/v1/controls', () => {
    it('answers 401 without credentials or with a forged token, and writes nothing', async () => {
      const before = await counts(t);
      for (const init of [anon(json(buildControl())), { ...json(buildControl()), headers: { 'content-type': 'application/json', authorization: 'Bearer kilpi_forged' } }]) {
        const res = await t.request('/api/v1/controls', init);
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
      ['description', { description: 'd'.repeat(10_001) }],
      ['description', { description: 'bell\u0007' }],
      ['level', { level: 'strategic' }],
      ['level', { level: null }],
      ['status', { status: 'done' }],
      ['owner_id', { owner_id: "1' OR '1'='1" }],
      ['review_interval_days', { review_interval_days: 0 }],
      ['review_interval_days', { review_interval_days: 1096 }],
      ['review_interval_days', { review_interval_days: 3.5 }],
      ['review_interval_days', { review_interval_days: 'weekly' }],
      ['review_interval_days', { review_interval_days: true }],
      ['requirement_keys', { requirement_keys: 'test-fw:R.1' }],
      ['requirement_keys.0', { requirement_keys: [42] }],
      ['requirement_keys.0', { requirement_keys: ['k'.repeat(121)] }],
      ['requirement_keys.0', { requirement_keys: ['test-fw:R.1\u0000'] }],
      ['requirement_keys', { requirement_keys: Array.from({ length: 501 }, (_, i) => `test-fw:R.${i}`) }],
      ['risk_ids.0', { risk_ids: ['<script>'] }],
      ['asset_ids.0', { asset_ids: ["x'; DROP TABLE assets;--"] }],
      ['ref', { ref: 'CTL-999' }],
    ])('answers 400 naming %s for %j', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/controls', as('admin', json({ ...buildControl(), ...patch })));
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.errors?.map((e) => e.field).join(' ')).toContain(field === 'ref' ? '(body)' : field);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 naming each unknown requirement key, risk and asset, and saves nothing', async () => {
      const before = await counts(t);
      const res = await t.request(
        '/api/v1/controls',
        as(
          'admin',
          json(
            buildControl({
              requirement_keys: ['test-fw:R.1', 'iso27001-2022:A.9.99', 'dora:Art.12'],
              risk_ids: ['01900000-0000-7000-8000-000000000001'],
              asset_ids: ['01900000-0000-7000-8000-000000000002'],
            }),
          ),
        ),
      );
      expect(res.status).toBe(400);
      const body = await problem(res);
      expect(body.errors?.map((e) => [e.field, e.value])).toEqual([
        ['requirement_keys.1', 'iso27001-2022:A.9.99'],
        ['requirement_keys.2', 'dora:Art.12'],
        ['risk_ids.0', '01900000-0000-7000-8000-000000000001'],
        ['asset_ids.0', '01900000-0000-7000-8000-000000000002'],
      ]);
      expect(body.detail).toContain('iso27001-2022:A.9.99, dora:Art.12');
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 for a body that is not JSON, 415 for another content type', async () => {
      expect((await t.request('/api/v1/controls', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' }))).status).toBe(400);
      expect((await t.request('/api/v1/controls', as('admin', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'title=x' }))).status).toBe(415);
      expect((await t.request('/api/v1/controls', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }))).status).toBe(400);
      expect((await t.request('/api/v1/controls', as('admin', json([buildControl()])))).status).toBe(400);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/controls', as(role, json(buildControl())))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s add a control meeting several frameworks at once, with audit events', async (role) => {
      const owner = await makePerson(t);
      const risk = await insertRisk(t);
      const asset = await insertAsset(t);
      const title = `<img src=x onerror=alert(1)> Robert'); DROP TABLE controls;-- ${role}`;
      const res = await t.request(
        '/api/v1/controls',
        as(role, json({ title, level: 'technical', owner_id: owner.id.toUpperCase(), requirement_keys: ['test-fw:R.4', 'pci-test:9.4'], risk_ids: [risk.id], asset_ids: [asset.id] })),
      );
      expect(res.status).toBe(201);
      const c = (await res.json()) as { id: string; ref: string; title: string; owner_id: string; status: string; review_interval_days: number; requirements: { key: string }[]; effectiveness: { status: string } };
      expect(c).toMatchObject({ title, owner_id: owner.id, status: 'not_started', review_interval_days: 365, effectiveness: { status: 'no_evidence' } });
      expect(c.ref).toMatch(/^CTL-\d{3,}$/);
      expect(c.requirements.map((r) => r.key)).toEqual(['pci-test:9.4', 'test-fw:R.4']);
      expect(res.headers.get('location')).toBe(`/api/v1/controls/${c.id}`);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=control&entity_id=${c.id}&order=asc`, as('auditor'))).json()) as { items: { action: string }[] };
      expect(events.items.map((e) => e.action)).toEqual(['control.create', 'control.link_requirements', 'control.link_risks', 'control.link_assets']);
    });
  });

  describe('PATCH /api/v1/controls/:id and the link sets', () => {
    it('climbs the ladder: 401, 400, 403 per role, 404, then success with before and after', async () => {
      const c = await makeControl(t, { title: 'Patchable', review_interval_days: 100 });
      const patch = (body: unknown, role?: Role, id = c.id) => {
        const init = json(body, 'PATCH');
        return t.request(`/api/v1/controls/${id}`, role ? as(role, init) : anon(init));
      };
      expect((await patch({ title: 'New' })).status).toBe(401);
      expect((await patch({ title: 5 }, 'admin')).status).toBe(400);
      expect((await patch({ requirement_keys: [] }, 'admin')).status).toBe(400); // links have their own routes
      expect((await patch({ title: 'New' }, 'auditor')).status).toBe(403);
      expect((await patch({ title: 'New' }, 'staff')).status).toBe(403);
      expect((await patch({ title: 'New' }, 'admin', '01900000-0000-7000-8000-00000000abcd')).status).toBe(404);
      expect((await patch({ title: 'New' }, 'admin', '%00')).status).toBe(404);
      const res = await patch({ title: 'New', description: null, review_interval_days: 200 }, 'security_officer');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: c.id, title: 'New', next_review: '2027-06-13' });
      const events = (await (await t.request(`/api/v1/audit-events?entity_id=${c.id}`, as('auditor'))).json()) as { items: { action: string; before: { title: string }; after: { title: string } }[] };
      expect(events.items[0]).toMatchObject({ action: 'control.update', before: { title: 'Patchable' }, after: { title: 'New' } });
      const before = await counts(t);
      expect((await patch({ title: 'New' }, 'admin')).status).toBe(200);
      expect(await counts(t)).toEqual(before); // nothing changed, nothing recorded
    });

    it('replaces requirement, risk and asset sets through PUT, all or nothing', async () => {
      const c = await makeControl(t, { requirement_keys: ['test-fw:R.1'] });
      const risk = await insertRisk(t);
      const asset = await insertAsset(t);
      const put = (kind: string, body: unknown, role: Role = 'admin') => t.request(`/api/v1/controls/${c.id}/${kind}`, as(role, json(body, 'PUT')));
      expect((await t.request(`/api/v1/controls/${c.id}/requirements`, anon(json({ requirement_keys: [] }, 'PUT')))).status).toBe(401);
      expect((await put('requirements', { requirement_keys: 'test-fw:R.2' })).status).toBe(400);
      expect((await put('requirements', { keys: ['test-fw:R.2'] })).status).toBe(400);
      expect((await put('requirements', { requirement_keys: ['test-fw:R.2'] }, 'auditor')).status).toBe(403);
      const before = await counts(t);
      const bad = await put('requirements', { requirement_keys: ['test-fw:R.2', 'test-fw:NOPE'] });
      expect(bad.status).toBe(400);
      expect((await problem(bad)).errors).toEqual([{ field: 'requirement_keys.1', message: expect.stringContaining('test-fw:NOPE'), value: 'test-fw:NOPE' }]);
      expect(await counts(t)).toEqual(before);
      const ok = await put('requirements', { requirement_keys: ['test-fw:R.2', 'pci-test:3.5', 'test-fw:R.2'] });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { requirements: { key: string }[] }).requirements.map((r) => r.key)).toEqual(['pci-test:3.5', 'test-fw:R.2']);
      expect((await put('risks', { risk_ids: [risk.id, risk.id] })).status).toBe(200);
      expect((await put('risks', { risk_ids: ['01900000-0000-7000-8000-0000000000aa'] })).status).toBe(400);
      expect((await put('assets', { asset_ids: [asset.id] })).status).toBe(200);
      expect((await put('assets', { asset_ids: Array.from({ length: 501 }, () => asset.id) })).status).toBe(400);
      const detail = (await (await t.request(`/api/v1/controls/${c.id}`, as('auditor'))).json()) as { link_counts: object; risks: { id: string }[] };
      expect(detail.link_counts).toEqual({ requirements: 2, risks: 1, assets: 1 });
      expect((await t.request('/api/v1/controls/01900000-0000-7000-8000-00000000abcd/risks', as('admin', json({ risk_ids: [] }, 'PUT')))).status).toBe(404);
    });

    it('records reviews: 401, 400 per field, 403, 404, then 201 with the moved clock', async () => {
      const reviewer = await makePerson(t);
      const c = await makeControl(t, { review_interval_days: 30 });
      const post = (body: unknown, role?: Role, id = c.id) => t.request(`/api/v1/controls/${id}/reviews`, role ? as(role, json(body)) : anon(json(body)));
      expect((await post({ reviewer_id: reviewer.id })).status).toBe(401);
      for (const [field, body] of [
        ['reviewer_id', {}],
        ['reviewer_id', { reviewer_id: 'not-a-person' }],
        ['reviewer_id', { reviewer_id: '01900000-0000-7000-8000-0000000000cc' }],
        ['reviewed_on', { reviewer_id: reviewer.id, reviewed_on: '2026-13-01' }],
        ['reviewed_on', { reviewer_id: reviewer.id, reviewed_on: '2027-01-01' }],
        ['note', { reviewer_id: reviewer.id, note: 'n'.repeat(2001) }],
        ['(body)', { reviewer_id: reviewer.id, when: 'now' }],
      ] as const) {
        const res = await post(body, 'admin');
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect((await problem(res)).errors?.map((e) => e.field)).toContain(field);
      }
      expect((await post({ reviewer_id: reviewer.id }, 'auditor')).status).toBe(403);
      expect((await post({ reviewer_id: reviewer.id }, 'admin', '01900000-0000-7000-8000-00000000abcd')).status).toBe(404);
      const res = await post({ reviewer_id: reviewer.id, reviewed_on: '2026-11-01', note: 'Quarterly check.' }, 'security_officer');
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ last_reviewed: '2026-11-01', next_review: '2026-12-01', review_state: 'due_soon', reviews: [{ reviewed_on: '2026-11-01', note: 'Quarterly check.' }] });
    });
  });

  describe('GET /api/v1/controls', () => {
    let owner: { id: string };
    beforeAll(async () => {
      owner = await makePerson(t, { name: 'Listing Owner' });
      await makeControl(t, { title: 'Zeta listing 100% done', level: 'principle', status: 'implemented', owner_id: owner.id, requirement_keys: ['pci-test:9.4'] });
      await makeControl(t, { title: 'Alpha listing', level: 'technical', status: 'planned', owner_id: owner.id, review_interval_days: 10 });
      await makeControl(t, { title: 'Mid_listing', level: 'practice', status: 'not_started' });
    });
    const list = async (qs: string, role: Role = 'auditor') => {
      const res = await t.request(`/api/v1/controls?${qs}`, as(role));
      expect(res.status, qs).toBe(200);
      return (await res.json()) as { items: { title: string; level: string; ref: string; link_counts: { requirements: number } }[]; total: number; limit: number; offset: number };
    };

    it('answers 401, 403 to staff, 400 for bad parameters', async () => {
      expect((await t.request('/api/v1/controls')).status).toBe(401);
      expect((await t.request('/api/v1/controls', as('staff'))).status).toBe(403);
      for (const qs of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'sort=search_key', 'level=gone', 'status=done', 'review=later', 'dir=up', `q=${'x'.repeat(201)}`, 'q=a%00b', 'owner=%00', 'requirement=%00']) {
        expect((await t.request(`/api/v1/controls?${qs}`, as('auditor'))).status, qs).toBe(400);
      }
    });

    it('filters, sorts (levels in their natural order) and pages', async () => {
      expect((await list('q=listing')).total).toBe(3);
      expect((await list('q=LISTING&level=technical')).items.map((c) => c.title)).toEqual(['Alpha listing']);
      expect((await list(`owner=${owner.id}&sort=title`)).items.map((c) => c.title)).toEqual(['Alpha listing', 'Zeta listing 100% done']);
      expect((await list('q=100%25')).items.map((c) => c.title)).toEqual(['Zeta listing 100% done']);
      expect((await list('q=d_l')).items.map((c) => c.title)).toEqual(['Mid_listing']);
      expect((await list("q=' OR 1=1 --")).total).toBe(0);
      expect((await list('q=listing&framework=pci-test')).items.map((c) => c.title)).toEqual(['Zeta listing 100% done']);
      expect((await list('q=listing&requirement=pci-test:9.4')).items[0]!.link_counts.requirements).toBe(1);
      expect((await list('q=listing&requirement=pci-test:0.0')).total).toBe(0);
      expect((await list('q=listing&review=due_soon')).items.map((c) => c.title)).toEqual(['Alpha listing']);
      expect((await list('q=listing&sort=level')).items.map((c) => c.level)).toEqual(['principle', 'practice', 'technical']);
      expect((await list('q=listing&sort=level&dir=desc')).items.map((c) => c.level)).toEqual(['technical', 'practice', 'principle']);
      expect((await list('q=listing&sort=owner')).items.at(-1)!.title).toBe('Mid_listing'); // no owner sorts last
      const page = await list('q=listing&sort=title&limit=2&offset=2');
      expect(page).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(page.items.map((c) => c.title)).toEqual(['Zeta listing 100% done']);
      const refs = (await list('limit=500&sort=ref')).items.map((c) => Number(c.ref.slice(4)));
      expect(refs).toEqual([...refs].sort((a, b) => a - b));
    });

    it('answers 404 for an unknown control and the detail for a known one', async () => {
      expect((await t.request('/api/v1/controls/does-not-exist', as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/controls/${'9'.repeat(65)}`, as('auditor'))).status).toBe(400);
      const [first] = (await list('q=zeta')).items as unknown as { id: string }[];
      const res = await t.request(`/api/v1/controls/${first!.id}`, as('auditor'));
      expect(Object.keys((await res.json()) as object).sort()).toEqual(
        [
          'assets',
          'created_at',
          'description',
          'effectiveness',
          'id',
          'last_reviewed',
          'level',
          'link_counts',
          'next_review',
          'owner_id',
          'owner_name',
          'ref',
          'requirements',
          'review_interval_days',
          'review_state',
          'reviews',
          'risks',
          'status',
          'title',
          'updated_at',
        ].sort(),
      );
    });

    it('exports the filtered list as CSV, with links as keys and formula-looking cells guarded', async () => {
      await makeControl(t, { title: '=HYPERLINK("http://evil.test","x") export', requirement_keys: ['test-fw:R.5', 'pci-test:3.5'] });
      const res = await t.request('/api/v1/controls/export.csv?q=export', as('auditor'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('controls.csv');
      const text = await res.text();
      expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""x"") export"`);
      expect(text).toContain('pci-test:3.5 test-fw:R.5');
      expect(text).toContain('no_evidence');
      expect((await t.request('/api/v1/controls/export.csv', as('staff'))).status).toBe(403);
      expect((await t.request('/api/v1/controls/export.csv?level=nope', as('auditor'))).status).toBe(400);
    });
  });
});
