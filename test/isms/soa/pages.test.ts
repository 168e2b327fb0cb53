// SoA pages on every dialect: who may open them, the grouped list with filters in the URL, inline
// editing through htmx (and without it), preparing, approving and comparing versions, downloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createPerson } from '../../../src/isms/people/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makeControl, makeIsoFramework, soaCounts } from './factories.js';

type Session = { cookie: string; csrf: string };
const ROLES = ['admin', 'security_officer', 'auditor', 'staff'] as const;

describe.each(dialects())('SoA pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Role, Session>> = {};
  let req: Map<string, string>;
  let adminName = '';

  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    for (const r of ROLES) s[r] = await t.session(r);
    // The approving administrator is also in the people directory, which gives their job title.
    const admin = await t.booted.services.db.selectFrom('users').select(['email', 'name']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    adminName = admin.name;
    await createPerson(t.ctx(), { name: admin.name, email: admin.email, title: 'Head of IT and Platform', status: 'active' });
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const post = (path: string, role: Role, fields: Record<string, string>, extra: Record<string, string> = {}, withCsrf = true) =>
    t.request(path, {
      method: 'POST',
      headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded', ...extra },
      body: new URLSearchParams({ ...(withCsrf ? { _csrf: s[role]!.csrf } : {}), ...fields }).toString(),
    });
  const htmx = { 'hx-request': 'true' };
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };

  it('teaches what the SoA needs while Annex A is not loaded', async () => {
    const html = await (await get('/soa', 'auditor')).text();
    expect(html).toContain('Annex A is not loaded yet');
    expect(html).toContain('href="/frameworks"');
    expect(html).toContain('href="/controls"');
    req = await makeIsoFramework(t);
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!], ref: 'CTL-001', title: 'Information security policy' });
    await makeControl(t, { status: 'in_progress', links: [req.get('A.8.13')!], ref: 'CTL-002', title: 'Encrypted backups' });
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const pages: [string, readonly Role[]][] = [
      ['/soa', ['admin', 'security_officer', 'auditor']],
      ['/soa/A.5.1', ['admin', 'security_officer', 'auditor']],
      ['/soa/versions', ['admin', 'security_officer', 'auditor']],
      ['/soa/export?format=csv', ['admin', 'security_officer', 'auditor']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ROLES) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200 && res.headers.get('content-type')?.startsWith('text/html')) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/soa/A.5.1/edit', 'auditor', htmx)).status).toBe(403);
    for (const bad of ['/soa/A.9.99', '/soa/%00', `/soa/${'A.'.repeat(400)}1`, '/soa/6.1.3', '/soa/versions/0', '/soa/versions/abc', '/soa/versions/99']) {
      const res = await get(bad, 'auditor');
      expect([400, 404], bad).toContain(res.status);
    }
  });

  it('lists the rows grouped by theme with computed status, its basis and gaps, and a summary as SVG', async () => {
    const res = await get('/soa', 'auditor');
    const html = await res.text();
    expect(html.match(/<tr class="soa-theme">/g)).toHaveLength(4);
    expect(html).toContain('A.5 Organisational controls');
    expect(html).toContain('A.8 Technological controls');
    expect(html).toContain('Information security policy');
    expect(html).toContain('1 of 1 linked controls implemented');
    expect(html).toContain('pill--warn">Partially implemented');
    expect(html).toContain('No implementing control');
    expect(html).toMatch(/<svg class="soa-bar"[^>]*role="img"/);
    expect(html).toContain('Of 6 controls, 1 implemented, 1 partially implemented, 4 not implemented and 0 excluded.');
    for (const f of ['xlsx', 'csv', 'pdf', 'oscal']) expect(html).toContain(`href="/soa/export?format=${f}"`);
    expect(html).toContain('No version is approved yet.');
    // Auditors read; they get no edit or prepare actions.
    expect(html).not.toContain('hx-get="/soa/A.5.1/edit"');
    expect(html).not.toContain('href="/soa/versions#prepare"');
    const officer = await (await get('/soa', 'security_officer')).text();
    expect(officer).toContain('hx-get="/soa/A.5.1/edit"');
    expect(officer).toContain('href="/soa/versions#prepare"');
  });

  it('filters and sorts from the URL, keeps filters in sort links, and ignores hand-edited nonsense', async () => {
    const html = await (await get('/soa?theme=A.5&status=implemented&sort=title&dir=desc', 'auditor')).text();
    expect(html).toContain('1 of 6 controls');
    expect(html).toMatch(/<option value="A\.5" selected/);
    expect(html).toContain('href="/soa?theme=A.5&amp;status=implemented&amp;sort=control_id&amp;dir=asc"');
    const gaps = await (await get('/soa?gap=no_implementing_control', 'auditor')).text();
    expect(gaps).toContain('4 of 6 controls');
    for (const odd of ['theme=%00', 'theme=<script>', 'status=done', 'gap=%27%20OR%201=1', 'applicable=maybe', 'sort=password', 'dir=sideways', 'page=-5']) {
      const r = await get(`/soa?${odd}`, 'auditor');
      expect(r.status, odd).toBe(200);
      expect(await r.text(), odd).toContain('6 of 6 controls');
    }
    const none = await (await get('/soa?applicable=false', 'auditor')).text();
    expect(none).toContain('No control matches these filters');
  });

  it('edits a row inline through htmx, answering table-row fragments, and shows errors in place', async () => {
    const form = await get('/soa/A.7.4/edit', 'security_officer', htmx);
    expect(form.status).toBe(200);
    const fragment = await form.text();
    expect(fragment.startsWith('<tr')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('hx-post="/soa/A.7.4"');
    expect(fragment).toMatch(/<label for="f-justification-A-7-4">Justification<\/label>/);

    const bad = await post('/soa/A.7.4', 'security_officer', { applicable: 'false', justification: 'x'.repeat(2001) }, htmx);
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Use at most 2,000 characters.');
    expect(badHtml).toContain('aria-invalid="true"');

    const before = await soaCounts(t);
    const ok = await post('/soa/A.7.4', 'security_officer', { applicable: 'false', justification: '<b>Data-centre</b> provider monitors the site.' }, htmx);
    expect(ok.status).toBe(200);
    const row = await ok.text();
    expect(row).toMatch(/^<tr id="row-A\.7\.4">/);
    expect(row).toContain('Excluded');
    expect(row).toContain('&lt;b&gt;Data-centre&lt;/b&gt; provider');
    expect((await soaCounts(t)).events).toBe(before.events + 1);

    const cancel = await get('/soa/A.7.4/row', 'auditor', htmx);
    expect(await cancel.text()).toMatch(/^<tr id="row-A\.7\.4">/);
  });

  it('edits without JavaScript through the control’s page, with CSRF required', async () => {
    expect((await get('/soa/A.6.3/edit', 'security_officer')).headers.get('location')).toBe('/soa/A.6.3#edit');
    const page = await (await get('/soa/A.6.3', 'security_officer')).text();
    expect(page).toContain('action="/soa/A.6.3"');
    expect(page).not.toContain('hx-post=');
    const before = await soaCounts(t);
    expect((await post('/soa/A.6.3', 'security_officer', { applicable: 'true', justification: 'x' }, {}, false)).status).toBe(403);
    expect((await post('/soa/A.6.3', 'auditor', { applicable: 'true', justification: 'x' })).status).toBe(403);
    const wrong = await post('/soa/A.6.3', 'security_officer', { applicable: 'perhaps', justification: 'Training for all' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Applicable must be true or false.');
    expect(await soaCounts(t)).toEqual(before);
    const saved = await post('/soa/A.6.3', 'security_officer', { applicable: 'true', justification: 'Everyone handles payment data.', next: 'https://evil.example/' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/soa/A.6.3');
    const detail = await (await get('/soa/A.6.3', 'auditor')).text();
    expect(detail).toContain('Everyone handles payment data.');
    expect(detail).toContain('History');
    expect(detail).not.toContain('action="/soa/A.6.3"');
  });

  it('prepares a version, asks for an acknowledgement of gaps, and records the approval', async () => {
    expect((await post('/soa/versions', 'auditor', { note: 'x' })).status).toBe(403);
    const prepared = await post('/soa/versions', 'security_officer', { note: 'First review <script>' });
    expect(prepared.status).toBe(303);
    expect(prepared.headers.get('location')).toBe('/soa/versions/1');

    const officerView = await (await get('/soa/versions/1', 'security_officer')).text();
    expect(officerView).not.toContain('Approve version 1');
    const adminView = await (await get('/soa/versions/1', 'admin')).text();
    expect(adminView).toContain('Approve version 1');
    expect(adminView).toContain('value="Head of IT and Platform"');
    expect(adminView).toContain('I have reviewed the 5 rows with gaps');
    expect(adminView).toContain('href="/soa/export?format=pdf&amp;version=1"');

    expect((await post('/soa/versions/1/approve', 'security_officer', { acknowledge_gaps: 'true' })).status).toBe(403);
    const refused = await post('/soa/versions/1/approve', 'admin', { title: 'Head of IT and Platform' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('tick the acknowledgement');
    expect((await soaCounts(t)).approved).toBe(0);

    const approved = await post('/soa/versions/1/approve', 'admin', { title: 'Head of IT and Platform', acknowledge_gaps: 'true' });
    expect(approved.status).toBe(303);
    const after = await (await get(approved.headers.get('location')!, 'auditor')).text();
    expect(after).toContain('Version 1 is approved.');
    expect(after).toContain(`${adminName}, Head of IT and Platform`);
    expect(after).toContain('Approved knowingly with 5 rows with gaps.');
    const again = await post('/soa/versions/1/approve', 'admin', { acknowledge_gaps: 'true' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('An approved version is final');

    const list = await (await get('/soa/versions', 'auditor')).text();
    expect(list).toContain('pill--ok">approved');
    expect(list).toContain('First review &lt;script&gt;');
    const csv = await get('/soa/versions/export.csv', 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain(adminName);
    const soaPage = await (await get('/soa', 'auditor')).text();
    expect(soaPage).toContain('Version 1 is the approved SoA.');
  });

  it('compares versions and the working SoA', async () => {
    const t0 = await post('/soa/A.8.13', 'admin', { applicable: 'true', justification: 'Backups protect settlement data.' });
    expect(t0.status).toBe(303);
    const html = await (await get('/soa/versions/1/diff/current', 'auditor')).text();
    expect(html).toContain('Changes from Version 1 to the working SoA');
    expect(html).toContain('Backups protect settlement data.');
    expect(html).toContain('1 changed, 0 added, 0 removed, 5 unchanged.');
    await post('/soa/versions', 'admin', { note: '' });
    const same = await (await get('/soa/versions/2/diff/current', 'auditor')).text();
    expect(same).toContain('Nothing changed');
    expect((await get('/soa/versions/1/diff/banana', 'auditor')).status).toBe(400);
  });

  it('downloads every export from the page, for the working SoA and a version', async () => {
    const types: Record<string, string> = { xlsx: 'spreadsheetml', csv: 'text/csv', pdf: 'application/pdf', oscal: 'application/json' };
    for (const [format, type] of Object.entries(types)) {
      const res = await get(`/soa/export?format=${format}&version=1`, 'auditor');
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="statement-of-applicability-v1\./);
    }
    expect((await get('/soa/export?format=docx', 'auditor')).status).toBe(400);
    expect((await get('/soa/export?format=csv&version=42', 'auditor')).status).toBe(404);
  });

  it('speaks Finnish when asked', async () => {
    const html = await (await get('/soa', 'auditor', { 'accept-language': 'fi-FI,fi;q=0.9' })).text();
    expect(html).toContain('Soveltamislausunto');
    expect(html).toContain('Organisatoriset hallintakeinot');
    expect(html).toContain('Tyhjennä suodattimet');
  });
});
