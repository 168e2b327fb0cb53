// The context issues API on every dialect: the ladder, risk links, deletes kept in the trail, list and CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildIssue, counts, HOSTILE, json, makeRisk, ROLES, type Problem } from './factories.js';

interface Issue {
  id: string;
  ref: string;
  title: string;
  effect: string | null;
  risks: { id: string; ref: string; title: string }[];
}

describe.each(dialects())('context issues API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  let risk1: string;
  let risk2: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) auth[r] = (await t.bearer(r)).authorization;
    risk1 = await makeRisk(t, 'R-001', 'Cloud region outage');
    risk2 = await makeRisk(t, 'R-002', 'Late incident report');
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const create = async (body: unknown, role: Role = 'admin') => {
    const res = await t.request('/api/v1/context-issues', as(role, json(body)));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Issue;
  };

  describe('POST /api/v1/context-issues', () => {
    it('answers 401 without credentials and writes nothing', async () => {
      const before = await counts(t);
      expect((await t.request('/api/v1/context-issues', json(buildIssue()))).status).toBe(401);
      expect((await t.request('/api/v1/context-issues', json(buildIssue(), 'POST', { authorization: 'Bearer kilpi_forged' }))).status).toBe(401);
      expect(await counts(t)).toEqual(before);
    });

    it.each([
      ['title', { title: '' }],
      ['title', { title: 'x'.repeat(201) }],
      ['title', { title: 'line\nbreak' }],
      ['title', { title: ['array'] }],
      ['kind', { kind: 'both' }],
      ['category', { category: 'weather' }],
      ['category', { category: "regulatory' OR '1'='1" }],
      ['description', { description: '' }],
      ['description', { description: 'x'.repeat(4001) }],
      ['description', { description: 'bell\u0007' }],
      ['effect', { effect: 7 }],
      ['risk_ids.0', { risk_ids: ['R-001'] }],
      ['risk_ids.0', { risk_ids: ["1' OR '1'='1"] }],
      ['risk_ids', { risk_ids: 'not-a-list' }],
      ['risk_ids.0', { risk_ids: ['01900000-0000-7000-8000-000000000000'] }],
      ['(body)', { risks: [] }],
    ])('answers 400 naming %s for %j and writes nothing', async (field, patch) => {
      const before = await counts(t);
      const res = await t.request('/api/v1/context-issues', as('admin', json({ ...buildIssue(), ...patch })));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
      expect(await counts(t)).toEqual(before);
    });

    it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
      const before = await counts(t);
      expect((await t.request('/api/v1/context-issues', as(role, json(buildIssue())))).status).toBe(403);
      expect(await counts(t)).toEqual(before);
    });

    it('adds an issue with the next reference, its risks, a Location and an audit event; hostile text is kept as text', async () => {
      const res = await t.request('/api/v1/context-issues', as('security_officer', json(buildIssue({ title: HOSTILE, effect: '', risk_ids: [risk2, risk1, risk1.toUpperCase()] }))));
      expect(res.status).toBe(201);
      const issue = (await res.json()) as Issue;
      expect(res.headers.get('location')).toBe(`/api/v1/context-issues/${issue.id}`);
      expect(issue).toMatchObject({ ref: expect.stringMatching(/^CTX-\d{3}$/), title: HOSTILE, effect: null });
      expect(issue.risks.map((r) => r.ref)).toEqual(['R-001', 'R-002']);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=context_issue&entity_id=${issue.id}`, as('auditor'))).json()) as { items: { action: string; after: { risk_ids: string[] } }[] };
      expect(events.items.map((e) => e.action)).toEqual(['context_issue.create']);
      expect(events.items[0]!.after.risk_ids.sort()).toEqual([risk1, risk2].sort());
    });
  });

  describe('PATCH and DELETE /api/v1/context-issues/:id', () => {
    it('climbs the ladder and replaces the linked risks', async () => {
      const issue = await create(buildIssue({ risk_ids: [risk1] }));
      const patch = (body: unknown, role?: Role) => t.request(`/api/v1/context-issues/${issue.id}`, role ? as(role, json(body, 'PATCH')) : json(body, 'PATCH'));
      expect((await patch({ title: 'New' })).status).toBe(401);
      expect((await patch({ kind: 'sideways' }, 'admin')).status).toBe(400);
      expect((await patch({ title: 'New' }, 'auditor')).status).toBe(403);
      expect((await t.request('/api/v1/context-issues/01900000-0000-7000-8000-00000000abcd', as('admin', json({ title: 'x' }, 'PATCH')))).status).toBe(404);
      const res = await patch({ title: 'New title', risk_ids: [risk2], effect: null }, 'admin');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: issue.id, ref: issue.ref, title: 'New title', effect: null, risks: [{ id: risk2, ref: 'R-002' }] });
      const before = await counts(t);
      expect((await patch({ title: 'New title', risk_ids: [risk2] }, 'admin')).status).toBe(200);
      expect(await counts(t)).toEqual(before);
    });

    it('deletes with 204, keeps everything it held in the audit event, and never reuses its reference', async () => {
      const issue = await create(buildIssue({ title: 'To be deleted', risk_ids: [risk1] }));
      expect((await t.request(`/api/v1/context-issues/${issue.id}`, as('auditor', { method: 'DELETE' }))).status).toBe(403);
      const res = await t.request(`/api/v1/context-issues/${issue.id}`, as('security_officer', { method: 'DELETE' }));
      expect(res.status).toBe(204);
      expect((await t.request(`/api/v1/context-issues/${issue.id}`, as('auditor'))).status).toBe(404);
      expect((await t.request(`/api/v1/context-issues/${issue.id}`, as('admin', { method: 'DELETE' }))).status).toBe(404);
      const events = (await (await t.request(`/api/v1/audit-events?entity_type=context_issue&entity_id=${issue.id}`, as('auditor'))).json()) as {
        items: { action: string; before: { title: string; ref: string; risk_ids: string[] } | null; after: unknown }[];
      };
      expect(events.items[0]).toMatchObject({ action: 'context_issue.delete', before: { title: 'To be deleted', ref: issue.ref, risk_ids: [risk1] }, after: null });
      const next = await create(buildIssue());
      expect(Number(next.ref.slice(4))).toBe(Number(issue.ref.slice(4)) + 1);
    });

    it('answers 404 for ids that cannot exist, 400 for oversized ones', async () => {
      for (const id of ['nope', '%00', "1'%20OR%20'1'='1", 'x.csv']) expect((await t.request(`/api/v1/context-issues/${id}`, as('auditor'))).status, id).toBe(404);
      expect((await t.request(`/api/v1/context-issues/${'9'.repeat(65)}`, as('auditor'))).status).toBe(400);
    });
  });

  describe('GET /api/v1/context-issues and its CSV', () => {
    beforeAll(async () => {
      await create(buildIssue({ title: 'Listing: Alpha 100% sure', kind: 'internal', category: 'organisational' }));
      await create(buildIssue({ title: 'Listing: Beta', kind: 'external', category: 'threat', description: 'Ransomware against ÄÖ payment firms' }));
      await create(buildIssue({ title: 'Listing: Gamma', kind: 'external', category: 'threat', effect: '=cmd|calc' }));
    });
    const list = async (qs: string) => {
      const res = await t.request(`/api/v1/context-issues?${qs}`, as('auditor'));
      expect(res.status, qs).toBe(200);
      return (await res.json()) as { items: Issue[]; total: number };
    };

    it('filters, searches, sorts and pages', async () => {
      expect((await list('q=listing:')).total).toBe(3);
      expect((await list('q=listing:&kind=external&category=threat')).items.map((i) => i.title)).toEqual(['Listing: Beta', 'Listing: Gamma']);
      expect((await list('q=%C3%A4%C3%B6%20PAYMENT')).items.map((i) => i.title)).toEqual(['Listing: Beta']);
      expect((await list('q=100%25')).items.map((i) => i.title)).toEqual(['Listing: Alpha 100% sure']);
      expect((await list('q=listing:&sort=title&dir=desc')).items.map((i) => i.title)).toEqual(['Listing: Gamma', 'Listing: Beta', 'Listing: Alpha 100% sure']);
      expect((await list('q=listing:&limit=1&offset=1')).items.map((i) => i.title)).toEqual(['Listing: Beta']);
      expect((await list("q=' OR 1=1 --")).total).toBe(0);
      for (const qs of ['limit=0', 'limit=501', 'sort=password', 'kind=both', 'dir=up', 'q=a%00b', `q=${'x'.repeat(201)}`]) {
        expect((await t.request(`/api/v1/context-issues?${qs}`, as('auditor'))).status, qs).toBe(400);
      }
      expect((await t.request('/api/v1/context-issues', as('staff'))).status).toBe(403);
    });

    it('exports the filtered list as CSV with formula-looking cells guarded', async () => {
      expect((await t.request('/api/v1/context-issues/export.csv', as('staff'))).status).toBe(403);
      const res = await t.request('/api/v1/context-issues/export.csv?q=listing:&sort=title', as('auditor'));
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('context-issues.csv');
      const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('ref,kind,category,title,description,effect,risks,updated_at');
      expect(lines).toHaveLength(4);
      expect(lines[3]).toContain(",'=cmd|calc,");
    });
  });
});
