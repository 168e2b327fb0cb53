// The policies API on every dialect: 401 → 400 per field → 403 per role → success, hostile input,
// the version lifecycle over HTTP, sanitised HTML, diffs, filters, CSV, templates and acknowledgements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createToken } from '../../../src/auth/tokens.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildPolicy, counts, json, makeDraftPolicy, makeOwner, makePublishedPolicy } from './factories.js';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe.each(dialects())('policies API on %s', (dialect) => {
  let t: TestApp;
  let ownerId: string;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    ownerId = (await makeOwner(t, { name: 'Api Owner' })).id;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const fieldsOf = async (res: Response) => (((await res.json()) as Problem).errors ?? []).map((e) => e.field);

  describe('POST /api/v1/policies', () => {
    it('answers 401 without credentials or with a forged token, and writes nothing', async () => {
      const before = await counts(t);
      for (const init of [anon(json(buildPolicy(ownerId))), json(buildPolicy(ownerId), { authorization: 'Bearer kilpi_forged' }), json(buildPolicy(ownerId))]) {
        const res = await t.request('/api/v1/policies', init);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['title', { title: '' }],
      ['title', { title: 'x'.repeat(201) }],
      ['title', { title: 'Bad\u0007Title' }],
      ['title', { title: ['array'] }],
      ['level', { level: 'law' }],
      ['owner_id', { owner_id: undefined }],
      ['owner_id', { owner_id: "'; DROP TABLE policies; --" }],
      ['owner_id', { owner_id: '01900000-0000-7000-8000-000000000000' }],
      ['review_interval_months', { review_interval_months: 0 }],
      ['review_interval_months', { review_interval_months: 61 }],
      ['review_interval_months', { review_interval_months: 'twelve' }],
      ['review_interval_months', { review_interval_months: 1.5 }],
      ['body', { body: 'x'.repeat(100_001) }],
      ['body', { body: 'NUL \u0000 inside' }],
      ['body', { body: 'escape \u001b[31m sequence' }],
      ['body', { body: 42 }],
      ['change_summary', { change_summary: 's'.repeat(501) }],
      ['template', { template: 'no-such-template' }],
      ['(body)', { extra: 'unknown field' }],
    ])('answers 400 naming %s for %j, and writes nothing', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/policies', as('admin', json({ ...buildPolicy(ownerId), ...patch })));
      expect(res.status).toBe(400);
      expect(await fieldsOf(res)).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it('answers 400 for broken JSON, 415 for a form, 413 for a body over the limit', async () => {
      expect((await t.request('/api/v1/policies', as('admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' }))).status).toBe(400);
      expect((await t.request('/api/v1/policies', as('admin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x' }))).status).toBe(415);
      const huge = await t.request('/api/v1/policies', as('admin', json({ ...buildPolicy(ownerId), body: 'x'.repeat(6 * 1024 * 1024) })));
      expect(huge.status).toBe(413);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/policies', as(role, json(buildPolicy(ownerId))))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['admin', 'security_officer'] as const)('lets %s create a policy; hostile text is kept as text and rendered harmless', async (role) => {
      const title = `<script>alert(1)</script> Robert'); DROP TABLE policies;--`;
      const body = '# Rules\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n\nTabs\tand line ends\r\nare fine.';
      const res = await t.request('/api/v1/policies', as(role, json({ ...buildPolicy(ownerId), title, body })));
      expect(res.status).toBe(201);
      const p = (await res.json()) as { id: string; ref: string; title: string; open_version: number };
      expect(res.headers.get('location')).toBe(`/api/v1/policies/${p.id}`);
      expect(p).toMatchObject({ title, open_version: 1 });
      const v = (await (await t.request(`/api/v1/policies/${p.id}/versions/1`, as('auditor'))).json()) as { body: string };
      expect(v.body).toBe('# Rules\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n\nTabs\tand line ends\nare fine.');
      const html = await (await t.request(`/api/v1/policies/${p.id}/versions/1/html`, as('auditor'))).text();
      expect(html).toContain('<h2>Rules</h2>');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toMatch(/<img|href="javascript/i);
    });

    it('creates from a template with only an owner', async () => {
      const res = await t.request('/api/v1/policies', as('admin', json({ template: 'incident-response', owner_id: ownerId })));
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ title: 'Incident response policy', level: 'practice', template: 'incident-response' });
    });
  });

  describe('versions', () => {
    it('climbs the ladder for approve and publish: only administrators approve and publish', async () => {
      const p = await makeDraftPolicy(t, ownerId);
      const post = (path: string, role?: Role) => t.request(`/api/v1/policies/${p.id}/versions/1/${path}`, role ? as(role, { method: 'POST' }) : anon({ method: 'POST' }));
      expect((await post('approve')).status).toBe(401);
      for (const role of ['security_officer', 'auditor', 'staff'] as const) expect((await post('approve', role)).status, role).toBe(403);
      expect((await post('publish', 'admin')).status).toBe(409);
      const approved = await post('approve', 'admin');
      expect(approved.status).toBe(200);
      expect(await approved.json()).toMatchObject({ number: 1, status: 'approved' });
      expect((await post('publish', 'security_officer')).status).toBe(403);
      const published = await post('publish', 'admin');
      expect(published.status).toBe(200);
      expect(await published.json()).toMatchObject({ status: 'published', published_by: expect.any(String) });
      expect((await t.request(`/api/v1/policies/${p.id}/versions/9/approve`, as('admin', { method: 'POST' }))).status).toBe(404);
      expect((await t.request(`/api/v1/policies/${p.id}/versions/abc/approve`, as('admin', { method: 'POST' }))).status).toBe(404);
    });

    it('keeps published versions immutable: PATCH answers 409, a new draft is POSTed', async () => {
      const p = await makePublishedPolicy(t, ownerId, { body: 'alpha\nbeta\n' });
      const before = await counts(t);
      const patch = await t.request(`/api/v1/policies/${p.id}/versions/1`, as('admin', json({ body: 'rewritten' }, {}, 'PATCH')));
      expect(patch.status).toBe(409);
      expect(await counts(t)).toEqual(before);
      expect((await t.request(`/api/v1/policies/${p.id}/versions`, as('staff', json({ body: 'x' })))).status).toBe(403);
      const bad = await t.request(`/api/v1/policies/${p.id}/versions`, as('admin', json({ body: 'a\u0000b' })));
      expect(bad.status).toBe(400);
      expect(await fieldsOf(bad)).toEqual(['body']);
      const draft = await t.request(`/api/v1/policies/${p.id}/versions`, as('security_officer', json({ body: 'alpha\ngamma\n', change_summary: 'beta → gamma' })));
      expect(draft.status).toBe(201);
      expect(draft.headers.get('location')).toBe(`/api/v1/policies/${p.id}/versions/2`);
      expect((await t.request(`/api/v1/policies/${p.id}/versions`, as('admin', json({ body: 'third' })))).status).toBe(409);
      const edit = await t.request(`/api/v1/policies/${p.id}/versions/2`, as('security_officer', json({ change_summary: 'Renamed beta' }, {}, 'PATCH')));
      expect(await edit.json()).toMatchObject({ number: 2, status: 'draft', change_summary: 'Renamed beta', body: 'alpha\ngamma\n' });
      const diff = await t.request(`/api/v1/policies/${p.id}/versions/2/diff`, as('auditor'));
      expect(await diff.json()).toMatchObject({
        from: 1,
        to: 2,
        added: 1,
        removed: 1,
        lines: [
          { op: 'same', text: 'alpha' },
          { op: 'del', text: 'beta', old_no: 2, new_no: null },
          { op: 'add', text: 'gamma', old_no: null, new_no: 2 },
        ],
      });
      expect((await t.request(`/api/v1/policies/${p.id}/versions/2/diff`, as('staff'))).status).toBe(403);
      expect((await t.request(`/api/v1/policies/${p.id}/versions/1/diff`, as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/policies/${p.id}/versions/2/diff?against=-1`, as('auditor'))).status).toBe(400);
      const list = (await (await t.request(`/api/v1/policies/${p.id}/versions`, as('auditor'))).json()) as { items: { number: number; status: string }[] };
      expect(list.items.map((v) => `${v.number}:${v.status}`)).toEqual(['2:draft', '1:published']);
      const staffList = (await (await t.request(`/api/v1/policies/${p.id}/versions`, as('staff'))).json()) as { items: { number: number }[] };
      expect(staffList.items.map((v) => v.number)).toEqual([1]);
      expect((await t.request(`/api/v1/policies/${p.id}/versions/2`, as('staff'))).status).toBe(404);
      expect((await t.request(`/api/v1/policies/${p.id}/versions/2/html`, as('staff'))).status).toBe(404);
      const html = await t.request(`/api/v1/policies/${p.id}/versions/1/html`, as('staff'));
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await html.text()).toContain('alpha');
    });

    it('refuses a draft body the renderer cannot finish in time, naming the field', async () => {
      const p = await makePublishedPolicy(t, ownerId);
      const before = await counts(t);
      const res = await t.request(`/api/v1/policies/${p.id}/versions`, as('admin', json({ body: ('*_a'.repeat(1000) + '\n\n').repeat(33) })));
      expect(res.status).toBe(400);
      expect(await fieldsOf(res)).toEqual(['body']);
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('PATCH /api/v1/policies/:id', () => {
    it('climbs the ladder and records before and after', async () => {
      const p = await makeDraftPolicy(t, ownerId, { title: 'Before' });
      const patch = (body: unknown, role?: Role) => t.request(`/api/v1/policies/${p.id}`, role ? as(role, json(body, {}, 'PATCH')) : anon(json(body, {}, 'PATCH')));
      expect((await patch({ title: 'After' })).status).toBe(401);
      expect((await patch({ title: '' }, 'admin')).status).toBe(400);
      expect((await patch({ level: 'x', review_interval_months: 100 }, 'admin')).status).toBe(400);
      expect((await patch({ title: 'After' }, 'auditor')).status).toBe(403);
      expect((await patch({ title: 'After' }, 'staff')).status).toBe(403);
      expect((await t.request('/api/v1/policies/01900000-0000-7000-8000-00000000abcd', as('admin', json({ title: 'x' }, {}, 'PATCH')))).status).toBe(404);
      const ok = await patch({ title: 'After', level: 'principle' }, 'security_officer');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ title: 'After', level: 'principle' });
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=policy&entity_id=${p.id}`, as('auditor'))).json()) as { items: { action: string; before: { title: string }; after: { title: string } }[] };
      expect(events.items[0]).toMatchObject({ action: 'policy.update', before: { title: 'Before' }, after: { title: 'After' } });
      const before = await counts(t);
      expect((await patch({ title: 'After' }, 'admin')).status).toBe(200);
      expect(await counts(t)).toEqual(before);
    });
  });

  describe('GET /api/v1/policies and its CSV', () => {
    beforeAll(async () => {
      await makePublishedPolicy(t, ownerId, { title: 'Zeta listing rule', level: 'instruction' });
      await makeDraftPolicy(t, ownerId, { title: 'Alpha listing draft', level: 'principle' });
      await makePublishedPolicy(t, ownerId, { title: '=HYPERLINK("http://evil.test") listing', level: 'practice' });
    });
    const list = async (qs: string, role: Role = 'auditor') => {
      const res = await t.request(`/api/v1/policies?${qs}`, as(role));
      expect(res.status, qs).toBe(200);
      return (await res.json()) as { items: { title: string; ref: string; open_version: number | null }[]; total: number };
    };

    it('answers 401 and 400 for bad parameters', async () => {
      expect((await t.request('/api/v1/policies')).status).toBe(401);
      for (const qs of ['limit=0', 'limit=501', 'offset=-1', 'sort=body', 'level=law', 'status=gone', 'review=later', 'dir=up', `q=${'x'.repeat(201)}`, 'q=a%00b', 'owner_id=%00']) {
        expect((await t.request(`/api/v1/policies?${qs}`, as('auditor'))).status, qs).toBe(400);
      }
    });

    it('filters, searches, sorts and pages; staff see published policies only', async () => {
      expect((await list('q=LISTING')).total).toBe(3);
      expect((await list('q=listing', 'staff')).total).toBe(2);
      expect((await list('q=listing&status=draft')).items.map((p) => p.title)).toEqual(['Alpha listing draft']);
      expect((await list('q=listing&status=unpublished')).total).toBe(1);
      expect((await list('q=listing&level=instruction')).items.map((p) => p.title)).toEqual(['Zeta listing rule']);
      expect((await list('q=listing&review=none')).total).toBe(1);
      expect((await list('q=listing&review=scheduled')).total).toBe(2);
      expect((await list(`q=listing&owner_id=${ownerId}`)).total).toBe(3);
      expect((await list("q=' OR 1=1 --")).total).toBe(0);
      expect((await list('q=%25')).total).toBe(0);
      const byTitle = await list('q=listing&sort=title');
      expect(byTitle.items.map((p) => p.title)).toEqual(['=HYPERLINK("http://evil.test") listing', 'Alpha listing draft', 'Zeta listing rule']);
      const page = await list('q=listing&sort=ref&dir=desc&limit=1&offset=1');
      expect(page.total).toBe(3);
      expect(page.items).toHaveLength(1);
      expect((await list('q=listing', 'staff')).items.every((p) => p.open_version === null)).toBe(true);
    });

    it('exports CSV with the same filters, guarding formula-looking cells', async () => {
      const res = await t.request('/api/v1/policies/export.csv?q=listing&sort=title', as('staff'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('policies.csv');
      const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('ref,title,level,owner,published_version,published_at,open_version,open_status,review_interval_months,last_reviewed,next_review,review_status');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"") listing"`);
    });
  });

  describe('templates, acknowledgements and the caller’s own list', () => {
    it('lists the eight templates to every signed-in role', async () => {
      expect((await t.request('/api/v1/policy-templates')).status).toBe(401);
      const res = await t.request('/api/v1/policy-templates', as('staff'));
      const { items } = (await res.json()) as { items: { id: string; title: string; body: string; level: string }[] };
      expect(items.map((i) => i.id).sort()).toEqual(['acceptable-use', 'access-control', 'backup', 'change-management', 'cryptography', 'incident-response', 'information-security', 'supplier-security']);
      for (const i of items) expect(i.body.split(/\s+/).length, i.id).toBeGreaterThan(300);
    });

    it('lets a staff member acknowledge as themselves, once, and not a draft-only policy', async () => {
      const email = 'staff.reader@api.test';
      await makeOwner(t, { name: 'Staff Reader', email });
      const u = await t.makeUser('staff', { email });
      const { token } = await createToken(t.ctx(), { id: u.id, email }, { name: 'test', expires_in: '1d' });
      const reader = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
      const p = await makePublishedPolicy(t, ownerId);
      const draft = await makeDraftPolicy(t, ownerId);
      expect((await t.request(`/api/v1/policies/${p.id}/acknowledge`, anon({ method: 'POST' }))).status).toBe(401);
      expect((await t.request(`/api/v1/policies/${p.id}/acknowledge`, as('auditor', { method: 'POST' }))).status).toBe(403);
      // A user whose email is not in the directory has no one to acknowledge for.
      const nobody = await t.request(`/api/v1/policies/${p.id}/acknowledge`, as('staff', { method: 'POST' }));
      expect(nobody.status).toBe(409);
      expect((await t.request(`/api/v1/policies/${draft.id}/acknowledge`, reader({ method: 'POST' }))).status).toBe(404);
      const first = await t.request(`/api/v1/policies/${p.id}/acknowledge`, reader({ method: 'POST' }));
      expect(first.status).toBe(200);
      const ack = (await first.json()) as { version: number; acknowledged_at: string };
      expect(ack.version).toBe(1);
      const before = await counts(t);
      const again = await t.request(`/api/v1/policies/${p.id}/acknowledge`, reader({ method: 'POST' }));
      expect(await again.json()).toMatchObject({ acknowledged_at: ack.acknowledged_at });
      expect(await counts(t)).toEqual(before);
      const mine = await t.request('/api/v1/me/acknowledgements', reader());
      expect(await mine.json()).toMatchObject({ person_id: expect.any(String), items: [] });
      expect(await (await t.request('/api/v1/me/acknowledgements', as('auditor'))).json()).toEqual({ person_id: null, items: [] });
    });
  });

  it('describes every policy operation in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/policies']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/policies/{id}/versions/{n}']!).sort()).toEqual(['get', 'patch']);
    for (const p of ['/api/v1/policies/{id}/versions/{n}/html', '/api/v1/policies/{id}/versions/{n}/diff', '/api/v1/policies/{id}/campaigns/{cid}', '/api/v1/me/acknowledgements', '/api/v1/policy-templates', '/api/v1/policies/export.csv']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/api/v1/policies/{id}/campaigns/{cid}/remind']!.post).toBeDefined();
  });
});
