// People pages on every dialect: who may open them, forms with CSRF, errors kept, import preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, makePerson } from './factories.js';

type Session = { cookie: string; csrf: string };

describe.each(dialects())('people pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) s[r] = await t.session(r);
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const postForm = (path: string, role: Role, fields: Record<string, string>, withCsrf = true) => {
    const body = new URLSearchParams({ ...(withCsrf ? { _csrf: s[role]!.csrf } : {}), ...fields });
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  const postMultipart = (path: string, role: Role, fields: Record<string, string | Blob>, withCsrf = true) => {
    const fd = new FormData();
    if (withCsrf) fd.set('_csrf', s[role]!.csrf);
    for (const [k, v] of Object.entries(fields)) fd.set(k, v as string);
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie }, body: fd });
  };
  /** Pages must work under the CSP: no inline script, no style attributes. */
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };

  it('teaches how to add people when the directory is empty, with actions only for roles that may use them', async () => {
    const admin = await (await get('/people', 'admin')).text();
    expect(admin).toContain('No one in the directory yet');
    expect(admin).toContain('href="/people/new"');
    expect(admin).toContain('href="/people/import"');
    const auditor = await (await get('/people', 'auditor')).text();
    expect(auditor).toContain('No one in the directory yet');
    expect(auditor).not.toContain('href="/people/new"');
    expect(auditor).not.toContain('href="/people/import"');
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const p = await makePerson(t, { name: 'Page Person' });
    const pages: [string, Role[]][] = [
      ['/people', ['admin', 'security_officer', 'auditor']],
      [`/people/${p.id}`, ['admin', 'security_officer', 'auditor']],
      ['/people/new', ['admin', 'security_officer']],
      [`/people/${p.id}/edit`, ['admin', 'security_officer']],
      ['/people/import', ['admin', 'security_officer']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/people/no-such-person', 'auditor')).status).toBe(404);
    expect((await get('/people/%00', 'auditor')).status).toBe(404);
  });

  it('lists people with status pills, filters kept in links, and escapes hostile names', async () => {
    await makePerson(t, { name: '<script>alert("x")</script>', department: 'Hostile', email: 'hostile@pages.test' });
    await makePerson(t, { name: 'Leena Lähtevä', department: 'Hostile', status: 'leaving', end_date: '2026-12-31' });
    const res = await get('/people?department=Hostile&sort=name&dir=desc', 'auditor');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('pill--warn');
    expect(html).toContain('Leaving');
    expect(html).toContain('href="/people/export.csv?department=Hostile&amp;sort=name&amp;dir=desc"');
    expect(html).toMatch(/<option value="Hostile" selected/);
    for (const odd of ['q=%00', 'department=%00x', 'manager_id=%00', 'status=gone', 'page=-1', 'sort=password', 'per_page=1000000']) {
      expect((await get(`/people?${odd}`, 'auditor')).status, odd).toBe(200);
    }
    const none = await (await get('/people?q=nobody-matches-this', 'auditor')).text();
    expect(none).toContain('No one matches these filters');
    const csv = await get('/people/export.csv?department=Hostile', 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('hostile@pages.test');
    expect((await get('/people/export.csv', 'staff')).status).toBe(403);
  });

  it('speaks Finnish when asked', async () => {
    const html = await (await get('/people', 'auditor', { 'accept-language': 'fi-FI,fi;q=0.9' })).text();
    expect(html).toContain('Henkilöt');
    expect(html).toContain('Tyhjennä suodattimet');
  });

  it('adds a person from the form and redirects to the detail page with its history', async () => {
    const boss = await makePerson(t, { name: 'Form Boss' });
    const res = await postForm('/people/new', 'security_officer', {
      name: 'Form Person',
      email: 'Form.Person@Pages.test',
      title: 'Analyst',
      department: 'Risk',
      manager_id: boss.id,
      status: 'active',
      start_date: '2026-01-05',
      end_date: '',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    const detail = await (await get(location, 'auditor')).text();
    expect(detail).toContain('form.person@pages.test');
    expect(detail).toContain(`href="/people/${boss.id}"`);
    expect(detail).toContain('Added to the directory');
    expect(detail).not.toContain(`${location}/edit`); // auditors see no edit button
    expect(await (await get(location, 'admin')).text()).toContain(`${location}/edit`);
    const bossPage = await (await get(`/people/${boss.id}`, 'auditor')).text();
    expect(bossPage).toContain('Direct reports (1)');
    expect(bossPage).toContain('Form Person');
  });

  it('refuses a form post without the CSRF token and writes nothing', async () => {
    const before = await counts(t);
    const res = await postForm('/people/new', 'admin', { name: 'No Token', email: 'no.token@pages.test', status: 'active' }, false);
    expect(res.status).toBe(403);
    const forged = await postForm('/people/new', 'admin', { _csrf: 'forged-token-forged-token', name: 'No Token', email: 'no.token@pages.test', status: 'active' }, false);
    expect(forged.status).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it('refuses posts from roles without people.write', async () => {
    const before = await counts(t);
    for (const role of ['auditor', 'staff'] as const) {
      expect((await postForm('/people/new', role, { name: 'X', email: 'x@pages.test', status: 'active' })).status).toBe(403);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('shows every error beside its field and in the summary, keeping what was typed', async () => {
    const before = await counts(t);
    const res = await postForm('/people/new', 'admin', {
      name: '',
      email: 'not-an-email"><b>',
      title: 'T'.repeat(300),
      status: 'leaving',
      start_date: '2026-02-30',
      end_date: '',
      manager_id: '',
      department: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('class="alert alert--error"');
    expect(html).toContain('href="#f-name"');
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('href="#f-title"');
    expect(html).toContain('href="#f-start_date"');
    expect(html).toContain('id="f-email-err"');
    expect(html).toContain('value="not-an-email&quot;&gt;&lt;b&gt;"');
    expect(html).not.toContain('<b>');
    expect(await counts(t)).toEqual(before);
    // Rules checked after the fields: a leaving person needs an end date.
    const rule = await postForm('/people/new', 'admin', { name: 'Rule', email: 'rule@pages.test', status: 'leaving', end_date: '' });
    expect(rule.status).toBe(400);
    expect(await rule.text()).toContain('A leaving person needs an end date.');
    const dup = await postForm('/people/new', 'admin', { name: 'Dup', email: 'hostile@pages.test', status: 'active' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('A person with this email already exists.');
  });

  it('edits a person, refusing a manager loop with the error beside the field', async () => {
    const a = await makePerson(t, { name: 'Edit A' });
    const b = await makePerson(t, { name: 'Edit B', manager_id: a.id });
    const form = await (await get(`/people/${a.id}/edit`, 'admin')).text();
    expect(form).toContain(`value="${a.email}"`);
    expect(form).toContain('name="_csrf"');
    const loop = await postForm(`/people/${a.id}/edit`, 'admin', { name: 'Edit A', email: a.email, status: 'active', manager_id: b.id });
    expect(loop.status).toBe(400);
    expect(await loop.text()).toContain('id="f-manager_id-err"');
    const ok = await postForm(`/people/${b.id}/edit`, 'admin', { name: 'Edit B Renamed', email: b.email, status: 'active', manager_id: a.id, title: 'Lead' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/people/${b.id}`);
    const detail = await (await get(`/people/${b.id}`, 'auditor')).text();
    expect(detail).toContain('Edit B Renamed');
    expect(detail).toContain('Details changed');
    expect(detail).toMatch(/Name: Edit B → Edit B Renamed/);
  });

  describe('import', () => {
    const csv = 'name,email,title,department,manager_email\r\nImp Boss,imp.boss@pages.test,CEO,Imports,\nImp Dev,imp.dev@pages.test,Dev,Imports,imp.boss@pages.test\r\n';

    it('previews an uploaded file, then applies it when confirmed with the file re-sent', async () => {
      const before = await counts(t);
      const res = await postMultipart('/people/import', 'admin', { file: new Blob([`\uFEFF${csv}`], { type: 'text/csv' }), missing: 'ignore' });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Joining (2)');
      expect(html).toContain('imp.dev@pages.test');
      expect(html).toContain('action="/people/import/apply"');
      expect(html).toMatch(/<input type="hidden" name="csv" value="[^"]*Imp Boss/);
      expect(await counts(t)).toEqual(before);
      const apply = await postForm('/people/import/apply', 'admin', { csv, missing: 'ignore' });
      expect(apply.status).toBe(303);
      expect(apply.headers.get('location')).toBe('/people?joined=2&changed=0&marked_left=0');
      const list = await (await get(apply.headers.get('location')!, 'admin')).text();
      expect(list).toContain('Import applied: 2 joined, 0 changed, 0 marked as left.');
      expect((await counts(t)).people).toBe(before.people + 2);
    });

    it('shows row errors with their lines and offers no confirm button; a forced apply writes nothing', async () => {
      const bad = 'name,email,manager_email\nOk,ok.row@pages.test,\nBad,bad-email,\nGhost,ghost@pages.test,nobody@pages.test\n';
      const res = await postMultipart('/people/import', 'security_officer', { csv: bad });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('2 problem(s) in the file');
      expect(html).toMatch(/<td class="num">3<\/td><td class="mono">email<\/td>/);
      expect(html).toMatch(/<td class="num">4<\/td><td class="mono">manager_email<\/td>/);
      expect(html).not.toContain('action="/people/import/apply"');
      const before = await counts(t);
      const forced = await postForm('/people/import/apply', 'security_officer', { csv: bad, missing: 'ignore' });
      expect(forced.status).toBe(400);
      expect(await counts(t)).toEqual(before);
    });

    it('explains a file that cannot be read: wrong columns, not UTF-8, nothing sent', async () => {
      const cols = await postMultipart('/people/import', 'admin', { csv: 'nimi,sähköposti\nA,a@x.test\n' });
      expect(cols.status).toBe(400);
      const colsHtml = await cols.text();
      expect(colsHtml).toContain('Unknown column &quot;nimi&quot;');
      expect(colsHtml).toContain('Missing required column &quot;email&quot;');
      expect(colsHtml).toContain('nimi,sähköposti'); // the pasted text is kept
      const latin1 = new Blob([new Uint8Array([...Buffer.from('name,email\nJ'), 0xe4, ...Buffer.from('rvi,j@x.test\n')])], { type: 'text/csv' });
      const enc = await postMultipart('/people/import', 'admin', { file: latin1 });
      expect(enc.status).toBe(400);
      expect(await enc.text()).toContain('not UTF-8');
      const empty = await postMultipart('/people/import', 'admin', { csv: '   ' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('Choose a CSV file or paste its contents.');
    });

    it('refuses import posts without CSRF or from auditors and staff', async () => {
      const before = await counts(t);
      expect((await postMultipart('/people/import', 'admin', { csv }, false)).status).toBe(403);
      expect((await postForm('/people/import/apply', 'admin', { csv: csv.replace(/imp\./g, 'imp2.'), missing: 'ignore' }, false)).status).toBe(403);
      for (const role of ['auditor', 'staff'] as const) {
        expect((await postForm('/people/import/apply', role, { csv: csv.replace(/imp\./g, 'imp3.'), missing: 'ignore' })).status).toBe(403);
      }
      expect(await counts(t)).toEqual(before);
    });
  });
});
