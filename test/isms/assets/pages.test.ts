// Asset pages on every dialect: who may open them, the list and its filters, the detail, forms with
// CSRF and kept errors, retire and reactivate, and the import preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { EXAMPLE } from '../../../src/isms/assets/import-view.js';
import { importAssets } from '../../../src/isms/assets/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { counts, dependOn, makeAsset } from './factories.js';

type Session = { cookie: string; csrf: string };

describe.each(dialects())('asset pages on %s', (dialect) => {
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
  const postMultipart = (path: string, role: Role, fields: Record<string, string | Blob>) => {
    const fd = new FormData();
    fd.set('_csrf', s[role]!.csrf);
    for (const [k, v] of Object.entries(fields)) fd.set(k, v as string);
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie }, body: fd });
  };
  /** Pages must work under the CSP: no inline script, no style attributes. */
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };
  const form = (over: Record<string, string> = {}) => ({
    name: `Form asset ${Math.random().toString(36).slice(2, 8)}`,
    ref: '',
    kind: 'system',
    description: '',
    owner_id: '',
    classification: 'internal',
    confidentiality: '2',
    integrity: '3',
    availability: '4',
    environment: 'production',
    depends_on: '',
    ...over,
  });

  it('teaches how to fill an empty inventory, with actions only for roles that may use them', async () => {
    const admin = await (await get('/assets', 'admin')).text();
    expect(admin).toContain('No assets in the inventory yet');
    expect(admin).toContain('href="/assets/new"');
    expect(admin).toContain('href="/assets/import"');
    const auditor = await (await get('/assets', 'auditor')).text();
    expect(auditor).toContain('No assets in the inventory yet');
    expect(auditor).not.toContain('href="/assets/new"');
    expect(auditor).not.toContain('href="/assets/import"');
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const a = await makeAsset(t, { name: 'Page asset' });
    const pages: [string, Role[]][] = [
      ['/assets', ['admin', 'security_officer', 'auditor']],
      [`/assets/${a.id}`, ['admin', 'security_officer', 'auditor']],
      [`/assets/${a.ref}`, ['admin', 'security_officer', 'auditor']],
      ['/assets/new', ['admin', 'security_officer']],
      [`/assets/${a.id}/edit`, ['admin', 'security_officer']],
      ['/assets/import', ['admin', 'security_officer']],
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
    expect((await get('/assets/NO-SUCH-ASSET', 'auditor')).status).toBe(404);
    expect((await get('/assets/%00', 'auditor')).status).toBe(404);
    expect((await get('/assets/01900000-0000-7000-8000-00000000abcd/edit', 'admin')).status).toBe(404);
  });

  it('lists assets with pills, owner findings, the make-up bars, filters kept in links, and escapes hostile names', async () => {
    const gone = await makePerson(t, { name: 'Lähtenyt Omistaja' });
    await makeAsset(t, { ref: 'PG-1', name: '<script>alert("x")</script>', kind: 'data_store', classification: 'secret', owner_id: gone.id });
    await makeAsset(t, { ref: 'PG-2', name: 'Pagelist retired', status: 'retired', description: 'pagelist' });
    await t.booted.services.db.updateTable('people').set({ status: 'left', end_date: '2026-01-31' }).where('id', '=', gone.id).execute();
    const res = await get('/assets?q=pg-&sort=name&dir=desc&kind=bogus', 'auditor');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Owner has left');
    expect(html).toContain('No owner');
    expect(html).toContain('pill--bad'); // secret
    expect(html).toContain('Retired');
    expect(html).toContain('2 assets');
    // The unknown kind is dropped rather than refused; the export carries what is shown.
    expect(html).toContain('href="/assets/export.csv?q=pg-&amp;sort=name&amp;dir=desc"');
    expect(html).toMatch(/<svg[^>]+role="img"/);
    expect(html).toContain('<th scope="row">Data store</th><td>1</td>');
    expect(html).toContain('<th scope="row">Secret</th><td>1</td>');
    const none = await (await get('/assets?q=nothing-matches-this', 'auditor')).text();
    expect(none).toContain('No asset matches these filters');
  });

  it('speaks Finnish when asked', async () => {
    const html = await (await get('/assets', 'auditor', { cookie: `${s.auditor!.cookie}; lang=fi` })).text();
    expect(html).toContain('Suojattava omaisuus');
    expect(html).toContain('Vie CSV');
  });

  it('exports the shown filter as CSV from the page', async () => {
    await makeAsset(t, { ref: 'CSVP-1', name: 'Csvpage one', kind: 'device' });
    await makeAsset(t, { ref: 'CSVP-2', name: 'Csvpage two' });
    const res = await get('/assets/export.csv?q=csvpage&kind=device', 'auditor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['CSVP-1']);
    expect((await get('/assets/export.csv', 'staff')).status).toBe(403);
  });

  it('adds an asset from the form and redirects to its page with its history', async () => {
    const owner = await makePerson(t, { name: 'Form Owner' });
    const db = await makeAsset(t, { ref: 'FORM-DB', kind: 'data_store' });
    const res = await postForm('/assets/new', 'security_officer', form({ name: 'Form gateway', owner_id: owner.id, depends_on: 'form-db, ', description: 'Two\r\nlines' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/assets\/[0-9a-f-]{36}$/);
    const html = await (await get(location, 'auditor')).text();
    expect(html).toContain('Form gateway');
    expect(html).toContain('Form Owner');
    expect(html).toContain('<p>Two</p><p>lines</p>');
    expect(html).toContain(`href="/assets/${db.id}"`);
    expect(html).toContain('4 · critical');
    expect(html).toContain('Added to the inventory');
    // The target lists the new asset under "Needed by".
    expect(await (await get(`/assets/${db.id}`, 'auditor')).text()).toContain('Needed by (1)');
  });

  it('refuses a form post without the CSRF token or from roles without assets.write, and writes nothing', async () => {
    const before = await counts(t);
    expect((await postForm('/assets/new', 'admin', form(), false)).status).toBe(403);
    expect((await postForm('/assets/new', 'auditor', form())).status).toBe(403);
    expect((await postForm('/assets/new', 'staff', form())).status).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it('shows every error beside its field and in the summary, keeping what was typed', async () => {
    const before = await counts(t);
    const res = await postForm('/assets/new', 'admin', form({ name: 'Kept <b>name</b>', kind: '', classification: 'ultra', confidentiality: '9', integrity: 'x', environment: '', depends_on: 'NOPE-1; NOPE-2' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Kept &lt;b&gt;name&lt;/b&gt;"');
    for (const m of ['Kind must be information', 'Classification must be public', 'Use a whole number from 1 (low) to 4 (critical).']) expect(html).toContain(m);
    expect(html).toContain('href="#f-kind"');
    expect(html).toContain('aria-invalid="true"');
    expect(await counts(t)).toEqual(before);
    // With the shape right, the rules speak: environment for a system, unknown references.
    const rules = await (await postForm('/assets/new', 'admin', form({ environment: '', depends_on: 'NOPE-1; NOPE-2' }))).text();
    expect(rules).toContain('Choose the environment');
    expect(rules).toContain('No asset has the reference NOPE-1.');
    expect(rules).toContain('No asset has the reference NOPE-2.');
    const fi = await t.request('/assets/new', {
      method: 'POST',
      headers: { cookie: `${s.admin!.cookie}; lang=fi`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.admin!.csrf, ...form({ depends_on: 'NOPE-3' }) }).toString(),
    });
    expect(await fi.text()).toContain('Millään omaisuuserällä ei ole tunnusta NOPE-3.');
  });

  it('edits an asset, refusing a dependency cycle with the loop named beside the field', async () => {
    const app = await makeAsset(t, { ref: 'ED-APP', name: 'Edit app' });
    const host = await makeAsset(t, { ref: 'ED-HOST', name: 'Edit host' });
    await dependOn(t, app, host);
    const edit = await (await get(`/assets/${host.id}/edit`, 'admin')).text();
    expect(edit).toContain('value="Edit host"');
    const loop = await postForm(`/assets/${host.id}/edit`, 'admin', form({ name: 'Edit host', ref: 'ED-HOST', depends_on: 'ED-APP' }));
    expect(loop.status).toBe(400);
    expect(await loop.text()).toContain('This dependency would close a cycle: ED-HOST → ED-APP → ED-HOST.');
    const ok = await postForm(`/assets/${host.id}/edit`, 'admin', form({ name: 'Edit host renamed', ref: 'ED-HOST', confidentiality: '4' }));
    expect(ok.status).toBe(303);
    const html = await (await get(`/assets/${host.id}`, 'auditor')).text();
    expect(html).toContain('Edit host renamed');
    expect(html).toContain('Details changed');
    expect(html).toContain('Name: Edit host → Edit host renamed');
    expect(html).toContain('Confidentiality: 2 · medium → 4 · critical');
  });

  it('shows the effective values with their basis, and the risk and control panels teach when empty', async () => {
    const host = await makeAsset(t, { ref: 'DET-HOST', name: 'Detail host', availability: 1 });
    const app = await makeAsset(t, { ref: 'DET-APP', name: 'Detail app', availability: 4, depends_on: ['DET-HOST'] });
    const html = await (await get(`/assets/${host.id}`, 'auditor')).text();
    expect(html).toContain(`from <a href="/assets/${app.id}">Detail app</a>: <span class="mono">DET-APP → DET-HOST</span>`);
    expect(html).toContain('No risk in the register names this asset yet.');
    expect(html).toContain('No control is linked to this asset yet.');
    expect(html).not.toContain('action="/assets/'); // no retire button for an auditor
    const admin = await (await get(`/assets/${host.id}`, 'admin')).text();
    expect(admin).toContain(`action="/assets/${host.id}/retire"`);
    expect(admin).toContain('data-confirm="Retire Detail host?');
  });

  it('retires and reactivates an asset, warning while active assets still need a retired one', async () => {
    const db = await makeAsset(t, { ref: 'RET-DB', name: 'Retire db' });
    await makeAsset(t, { ref: 'RET-APP', name: 'Retire app', depends_on: ['RET-DB'] });
    expect((await postForm(`/assets/${db.id}/retire`, 'auditor', {})).status).toBe(403);
    expect((await postForm(`/assets/${db.id}/retire`, 'admin', {}, false)).status).toBe(403);
    const res = await postForm(`/assets/${db.id}/retire`, 'admin', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/assets/${db.id}`);
    const html = await (await get(`/assets/${db.id}`, 'admin')).text();
    expect(html).toContain('1 active asset(s) still depend on it');
    expect(html).toContain(`action="/assets/${db.id}/reactivate"`);
    expect(html).toContain('>Retired<');
    expect((await postForm(`/assets/${db.id}/reactivate`, 'admin', {})).status).toBe(303);
    const events = await t.booted.services.db.selectFrom('audit_events').select('action').where('entity_id', '=', db.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['asset.create', 'asset.retire', 'asset.reactivate']);
  });

  describe('the CSV import', () => {
    const FILE = 'ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on\nIMP-1,Imported db,data_store,secret,4,4,4,production,\nIMP-2,Imported app,service,confidential,3,3,3,production,IMP-1\n';

    it('previews an uploaded file, then applies it when confirmed with the file re-sent', async () => {
      const preview = await postMultipart('/assets/import', 'admin', { file: new Blob([FILE], { type: 'text/csv' }) });
      expect(preview.status).toBe(200);
      const html = await preview.text();
      expect(html).toContain('New assets (2)');
      expect(html).toContain('Save 2 change(s)');
      expectCspSafe(html);
      expect(await t.booted.services.db.selectFrom('assets').select('id').where('ref', 'like', 'IMP-%').execute()).toEqual([]);
      const csv = /name="csv" value="([^"]*)"/.exec(html)![1]!.replace(/&#10;/g, '\n').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      const applied = await postForm('/assets/import/apply', 'admin', { csv });
      expect(applied.status).toBe(303);
      expect(applied.headers.get('location')).toBe('/assets?created=2&changed=0');
      expect(await (await get('/assets?created=2&changed=0', 'admin')).text()).toContain('Import applied: 2 new and 0 changed assets.');
    });

    it('shows row errors with their rows and offers no confirm button; a forced apply writes nothing', async () => {
      const bad = 'ref,name,kind\nERR-1,Err one,server\n';
      const html = await (await postMultipart('/assets/import', 'admin', { csv: bad })).text();
      expect(html).toContain('5 row error(s) to fix');
      expect(html).toContain('A new asset needs a value here.');
      expect(html).toContain('Kind must be information');
      expect(html).not.toContain('/assets/import/apply');
      const before = await counts(t);
      const forced = await postForm('/assets/import/apply', 'admin', { csv: bad });
      expect(forced.status).toBe(400);
      expect(await forced.text()).toContain('5 row error(s) to fix');
      expect(await counts(t)).toEqual(before);
    });

    it('explains a file that cannot be read: wrong columns, not UTF-8, nothing sent', async () => {
      const wrong = await postMultipart('/assets/import', 'admin', { csv: 'nimi,tyyppi\nA,B\n' });
      expect(wrong.status).toBe(400);
      const text = await wrong.text();
      expect(text).toContain('The header line does not match');
      expect(text).toContain('Unknown column &quot;nimi&quot;.');
      const latin1 = await postMultipart('/assets/import', 'admin', { file: new Blob([new Uint8Array([0x72, 0x65, 0x66, 0x0a, 0xe4])], { type: 'text/csv' }) });
      expect(latin1.status).toBe(400);
      expect(await latin1.text()).toContain('not UTF-8');
      const empty = await postMultipart('/assets/import', 'admin', { csv: '  ' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('Choose a file or paste the CSV first.');
    });

    it('shows an example file that imports cleanly', async () => {
      const r = await importAssets(t.ctx(), EXAMPLE, { dryRun: true });
      expect(r.summary).toMatchObject({ rows: 3, new: 3, errors: 0 });
      expect(await (await get('/assets/import', 'admin')).text()).toContain('DB-1,Payments DB,data_store');
    });

    it('refuses import posts without CSRF or from auditors and staff', async () => {
      expect((await postForm('/assets/import', 'admin', { csv: FILE }, false)).status).toBe(403);
      for (const role of ['auditor', 'staff'] as const) {
        expect((await postForm('/assets/import', role, { csv: FILE })).status).toBe(403);
        expect((await postForm('/assets/import/apply', role, { csv: FILE })).status).toBe(403);
      }
    });
  });
});
