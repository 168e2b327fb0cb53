// The audit trail pages: access, filters that filter, sorting, paging, the diff, and hostile input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { buildEvent, cspViolations, getPage } from '../web/fixtures.js';

/** Actions in the order the list shows them. */
const actions = (html: string) => [...html.matchAll(/<code>([a-z_.]+)<\/code><\/a><\/td>/g)].map((m) => m[1]);

describe.each(dialects())('audit trail pages on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let personId: string;
  let actorId: string;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const actor = await t.makeUser('security_officer', { name: 'Sanna Officer' });
    actorId = actor.id;
    const asSanna = { type: 'user' as const, id: actor.id, label: 'Sanna Officer', role: 'security_officer' as const };
    personId = await buildEvent(t, { at: '2026-11-20T10:00:00.000Z', action: 'person.create', entityType: 'person', before: null, after: { name: 'Aino', status: 'active' }, actor: asSanna });
    await buildEvent(t, { at: '2026-11-21T10:00:00.000Z', action: 'person.update', entityType: 'person', entityId: personId, before: { name: 'Aino', status: 'active' }, after: { name: 'Aino', status: 'leaving', end_date: '2026-12-31' }, actor: asSanna });
    await buildEvent(t, { at: '2026-11-22T21:30:00.000Z', action: 'widget.touch', entityType: 'widget' }); // 23:30 in Helsinki on the 22nd
    await buildEvent(t, { at: '2026-11-22T22:30:00.000Z', action: 'widget.poke', entityType: 'widget' }); // 00:30 in Helsinki on the 23rd
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) cookies[role] = (await t.session(role)).cookie;
  });
  afterAll(async () => t.close());

  describe('access', () => {
    it('sends anonymous readers to sign in, keeping the filters', async () => {
      for (const path of ['/audit?entity_type=person', '/audit/export.csv', `/audit/${personId}`]) {
        const res = await getPage(t, path);
        expect(res.status, path).toBe(303);
        expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
    });

    it('refuses staff', async () => {
      for (const path of ['/audit', '/audit/export.csv', `/audit/${personId}`]) expect((await getPage(t, path, cookies.staff)).status, path).toBe(403);
    });

    it('opens for admin, security officer and auditor, with the ledger checkpoint card near the top', async () => {
      for (const role of ['admin', 'security_officer', 'auditor'] as const) {
        const res = await getPage(t, '/audit', cookies[role]);
        expect(res.status, role).toBe(200);
        expect(res.html).toContain('<a href="/audit" aria-current="page">');
        expect(res.html).toContain('Latest signed checkpoint');
        expect(res.html.indexOf('Latest signed checkpoint')).toBeLessThan(res.html.indexOf('<table'));
        expect(cspViolations(res.html)).toEqual([]);
      }
    });
  });

  describe('list', () => {
    it('lists newest first by default and oldest first when sorted ascending', async () => {
      const desc = actions((await getPage(t, '/audit?entity_type=widget', cookies.auditor)).html);
      expect(desc).toEqual(['widget.poke', 'widget.touch']);
      const asc = await getPage(t, '/audit?entity_type=widget&sort=time&dir=asc', cookies.auditor);
      expect(actions(asc.html)).toEqual(['widget.touch', 'widget.poke']);
      expect(asc.html).toContain('aria-sort="ascending"');
    });

    it('filters by entity type and id, actor and action — and keeps the filters in links', async () => {
      const byEntity = await getPage(t, `/audit?entity_type=person&entity_id=${personId}`, cookies.auditor);
      expect(actions(byEntity.html)).toEqual(['person.update', 'person.create']);
      expect(byEntity.html).toContain(`name="entity_id" type="text" value="${personId}"`);
      expect(byEntity.html).toContain(`href="/audit/export.csv?entity_type=person&amp;entity_id=${personId}&amp;dir=desc"`);
      const byActor = await getPage(t, `/audit?actor_id=${actorId}`, cookies.auditor);
      expect(actions(byActor.html)).toEqual(['person.update', 'person.create']);
      const byAction = await getPage(t, '/audit?action=person.update', cookies.auditor);
      expect(actions(byAction.html)).toEqual(['person.update']);
      const none = await getPage(t, '/audit?entity_type=person&action=widget.poke', cookies.auditor);
      expect(none.status).toBe(200);
      expect(none.html).toContain('No events match these filters');
    });

    it('reads dates as whole days in the organisation’s time zone, both ends included', async () => {
      const day22 = await getPage(t, '/audit?entity_type=widget&from=2026-11-22&to=2026-11-22', cookies.auditor);
      expect(actions(day22.html)).toEqual(['widget.touch']);
      const day23 = await getPage(t, '/audit?entity_type=widget&from=2026-11-23', cookies.auditor);
      expect(actions(day23.html)).toEqual(['widget.poke']);
      const upTo21 = await getPage(t, '/audit?entity_type=person&to=2026-11-21', cookies.auditor);
      expect(actions(upTo21.html)).toEqual(['person.update', 'person.create']);
      const upTo20 = await getPage(t, '/audit?entity_type=person&to=2026-11-20', cookies.auditor);
      expect(actions(upTo20.html)).toEqual(['person.create']);
    });

    it('pages through events and keeps sort and filters in the page links', async () => {
      for (let i = 0; i < 27; i++) await buildEvent(t, { action: 'bulk.touch', entityType: 'bulk' });
      const p1 = await getPage(t, '/audit?entity_type=bulk&per_page=25', cookies.auditor);
      expect(actions(p1.html)).toHaveLength(25);
      expect(p1.html).toContain('1–25 of 27');
      expect(p1.html).toContain('href="?entity_type=bulk&amp;per_page=25&amp;sort=time&amp;dir=desc&amp;page=2"');
      const p2 = await getPage(t, '/audit?entity_type=bulk&per_page=25&page=2', cookies.auditor);
      expect(actions(p2.html)).toHaveLength(2);
    });

    it('says so, without an error, when the page is past the end', async () => {
      for (const page of ['99', '1000000', '99999999999', '-1', '1e9', 'abc']) {
        const res = await getPage(t, `/audit?page=${page}`, cookies.auditor);
        expect(res.status, page).toBe(200);
      }
      expect((await getPage(t, '/audit?page=999', cookies.auditor)).html).toContain('This page is past the last event.');
    });

    it('answers malformed filters with a 400 that names each field and echoes the values escaped', async () => {
      const res = await getPage(t, '/audit?entity_type=%3Cscript%3Ealert(1)%3C/script%3E&from=2026-02-30&to=yesterday&action=DROP%20TABLE%20audit_events', cookies.auditor);
      expect(res.status).toBe(400);
      expect(res.html).toContain('Fix 4 problem(s) to continue');
      expect(res.html).toContain('<a href="#f-entity_type">Entity type: Use lower-case letters');
      expect(res.html).toContain('href="#f-from"');
      expect(res.html).toContain('href="#f-to"');
      expect(res.html).toContain('href="#f-action"');
      expect(res.html).not.toContain('<script>alert(1)');
      expect(res.html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(res.html).not.toContain('<table');
      const range = await getPage(t, '/audit?from=2026-11-25&to=2026-11-01', cookies.auditor);
      expect(range.status).toBe(400);
      expect(range.html).toContain('The end date is before the start date.');
      // Only real filters offer to clear themselves; a page size is not a filter.
      expect((await getPage(t, '/audit?per_page=25', cookies.auditor)).html).not.toContain('Clear filters');
      expect((await getPage(t, '/audit?action=x.y', cookies.auditor)).html).toContain('Clear filters');
    });

    it('never fails on hostile or oversized query strings', async () => {
      const hostile = [
        `entity_id=${encodeURIComponent("' OR 1=1 --")}`,
        'entity_id=%00',
        'actor_id=%0d%0aSet-Cookie:x',
        'entity_id=%FF%FE',
        'entity_id=%ED%A0%80',
        `entity_id=${'a'.repeat(100_000)}`,
        'sort=seq;drop&dir=sideways&per_page=1000000',
        'from[]=1&to[x]=2',
        'entity_type=person&entity_type=user',
      ];
      for (const q of hostile) {
        const res = await getPage(t, `/audit?${q}`, cookies.auditor);
        expect([200, 400], q.slice(0, 40)).toContain(res.status);
        expect(res.html).not.toMatch(/at .*\.ts:\d+/); // no stack traces
      }
      const sql = await getPage(t, `/audit?entity_id=${encodeURIComponent("' OR 1=1 --")}`, cookies.auditor);
      expect(sql.html).toContain('No events match these filters');
    });
  });

  describe('detail', () => {
    it('shows who, what, when in the organisation’s time zone, and the change field by field', async () => {
      const list = await getPage(t, `/audit?entity_id=${personId}&action=person.update`, cookies.auditor);
      const id = /href="\/audit\/([0-9a-f-]{36})"/.exec(list.html)![1]!;
      const res = await getPage(t, `/audit/${id}`, cookies.auditor);
      expect(res.status).toBe(200);
      expect(res.html).toContain('Sanna Officer');
      expect(res.html).toContain('<code>person.update</code>');
      expect(res.html).toContain('<time datetime="2026-11-21T10:00:00.000Z">21 Nov 2026, 12:00</time>');
      expect(res.html).toContain('Europe/Helsinki');
      expect(res.html).toContain('2 of 3 fields changed.');
      // Changed fields are marked with words, not only colour.
      expect(res.html).toMatch(/<code>status<\/code><\/th><td class="change"><span class="pill pill--warn">Changed<\/span><\/td><td class="gone">&quot;active&quot;<\/td><td>&quot;leaving&quot;<\/td>/);
      expect(res.html).toMatch(/<code>end_date<\/code><\/th><td class="change"><span class="pill pill--info">Added<\/span>/);
      expect(res.html).toContain('Unchanged fields (1)');
      expect(res.html).toContain(`href="/audit?entity_type=person&amp;entity_id=${personId}"`);
      expect(res.html).toContain('verified ledger');
      expect(cspViolations(res.html)).toEqual([]);
    });

    it('escapes HTML and script in the event’s JSON, labels and ids', async () => {
      const evil = '<script>alert("x")</script>';
      await buildEvent(t, {
        action: 'evil.write',
        entityType: 'evil',
        entityId: `<b>${evil}</b>`,
        actor: { type: 'system', id: null, label: `<img src=x onerror=alert(1)>` },
        before: { [evil]: evil },
        after: { [evil]: `${evil}!`, nested: { html: '<iframe src=//evil.example>' } },
      });
      const list = await getPage(t, '/audit?entity_type=evil', cookies.auditor);
      expect(list.status).toBe(200);
      expect(list.html).not.toContain('<script>alert');
      expect(list.html).not.toContain('<img src=x');
      const id = /href="\/audit\/([0-9a-f-]{36})"/.exec(list.html)![1]!;
      const res = await getPage(t, `/audit/${id}`, cookies.auditor);
      expect(res.status).toBe(200);
      expect(res.html).not.toContain('<script>alert');
      expect(res.html).not.toContain('<iframe');
      expect(res.html).not.toContain('<img src=x');
      expect(res.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(res.html).toContain('nested.html');
    });

    it('answers unknown and malformed ids with a 404 page', async () => {
      for (const id of ['0190f0f0-0000-7000-8000-000000000000', 'nope', '%3Cscript%3E', '%00', 'a'.repeat(200), '..%2F..%2Fetc%2Fpasswd']) {
        const res = await getPage(t, `/audit/${id}`, cookies.auditor);
        expect(res.status, id.slice(0, 20)).toBe(404);
        expect(res.html).toContain('Not found');
        expect(res.html).not.toContain('<script>');
      }
    });
  });
});
