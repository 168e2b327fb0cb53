// Frameworks pages on every dialect: who may open them, filters in the URL, licensed text with
// CSRF, downloads, and the OSCAL import with its preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildOscal, counts, linkControl } from './factories.js';

type Session = { cookie: string; csrf: string };
const ISO = '/frameworks/iso27001-2022';

describe.each(dialects())('frameworks pages on %s', (dialect) => {
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

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const pages: [string, Role[]][] = [
      ['/frameworks', ['admin', 'security_officer', 'auditor']],
      [ISO, ['admin', 'security_officer', 'auditor']],
      [`${ISO}/requirements/A.8.13`, ['admin', 'security_officer', 'auditor']],
      [`${ISO}/requirements.csv`, ['admin', 'security_officer', 'auditor']],
      [`${ISO}/oscal.json`, ['admin', 'security_officer', 'auditor']],
      ['/frameworks/import', ['admin', 'security_officer']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200 && res.headers.get('content-type')?.startsWith('text/html')) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/frameworks/no-such-framework', 'auditor')).status).toBe(404);
    expect((await get(`${ISO}/requirements/A.9.99`, 'auditor')).status).toBe(404);
    expect((await get('/frameworks/%00', 'auditor')).status).toBe(404);
  });

  it('lists catalogues with counts and coverage, the import only for those who may import', async () => {
    const req = await t.booted.services.db.selectFrom('requirements').select('id').where('framework_id', '=', 'iso27001-2022').where('ref', '=', 'A.5.1').executeTakeFirstOrThrow();
    await linkControl(t.booted.services.db, req.id, 'CTL-PAGE-1');
    const admin = await (await get('/frameworks', 'admin')).text();
    expect(admin).toContain('ISO/IEC 27001:2022');
    expect(admin).toContain('href="/frameworks/iso27001-2022"');
    expect(admin).toMatch(/1 of 127 \(1 %\)/);
    expect(admin).toContain('href="/frameworks/import"');
    const auditor = await (await get('/frameworks', 'auditor')).text();
    expect(auditor).not.toContain('href="/frameworks/import"');
  });

  it('shows a framework: coverage per group as bars, filters kept in links and the CSV export, pages', async () => {
    const html = await (await get(`${ISO}?group=A.5&q=supplier&sort=title&dir=desc`, 'auditor')).text();
    expect(html).toContain('Coverage by group');
    expect(html).toContain('class="completion-svg"');
    expect(html).toMatch(/<option value="A\.5" selected/);
    expect(html).toContain('href="/frameworks/iso27001-2022/requirements.csv?q=supplier&amp;group=A.5&amp;sort=title&amp;dir=desc"');
    expect(html).toContain('A.5.19');
    expect(html).not.toContain('A.8.13');
    expect(html).toContain('3 requirements');
    const page2 = await (await get(`${ISO}?per_page=25&page=2`, 'auditor')).text();
    expect(page2).toContain('26–50 of 127');
    expect(page2).toContain('rel="prev"');
    const withControl = await (await get(`${ISO}?group=A.5`, 'auditor')).text();
    expect(withControl).toContain('>1 control</a>');
    expect(await (await get(`${ISO}/requirements/A.5.1`, 'auditor')).text()).toContain('CTL-PAGE-1');
    for (const odd of ['q=%00', 'group=%00', 'kind=nope', 'status=gone', 'page=-1', 'sort=password', `group=${'g'.repeat(300)}`]) {
      expect((await get(`${ISO}?${odd}`, 'auditor')).status, odd).toBe(200);
    }
    expect(await (await get(`${ISO}?q=nothing-matches-this`, 'auditor')).text()).toContain('No requirement matches');
  });

  it('shows a requirement with our paraphrase and its attributes, in Finnish when asked', async () => {
    const html = await (await get(`${ISO}/requirements/A.8.13`, 'auditor')).text();
    expect(html).toContain('A.8.13 Information backup');
    expect(html).toContain('In our words');
    expect(html).toContain('Control type');
    expect(html).toContain('Corrective');
    expect(html).toContain('iso27001-2022:A.8.13');
    expect(html).toContain('No licensed text is kept');
    expect(html).not.toContain('name="licensed_text"');
    const fi = await (await get(`${ISO}/requirements/9.2`, 'auditor', { 'accept-language': 'fi' })).text();
    expect(fi).toContain('Omin sanoin');
    expect(fi).toContain('Koostuu kohdista');
    expect(fi).toContain('9.2.1');
  });

  it('keeps licensed text from the form, escaped on the page, with CSRF; refuses bad text keeping the draft', async () => {
    const path = `${ISO}/requirements/A.5.24/licensed-text`;
    const before = await counts(t.booted.services.db);
    expect((await postForm(path, 'admin', { licensed_text: 'x' }, false)).status).toBe(403);
    expect((await postForm(path, 'auditor', { licensed_text: 'x' })).status).toBe(403);
    expect(await counts(t.booted.services.db)).toEqual(before);

    const bad = await postForm(path, 'security_officer', { licensed_text: `keep this draft \u0007 <b>bold</b>` });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Only line breaks and tabs are allowed');
    expect(badHtml).toContain('keep this draft');
    expect(badHtml).toContain('&lt;b&gt;bold&lt;/b&gt;');

    const ok = await postForm(path, 'security_officer', { licensed_text: 'Our copy says <script>alert(1)</script>.\n\nSecond paragraph.' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/frameworks/iso27001-2022/requirements/A.5.24?saved=1');
    const shown = await (await get(`${ISO}/requirements/A.5.24`, 'auditor')).text();
    expect(shown).not.toContain('<script>alert(1)');
    expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown).toContain('<p>Second paragraph.</p>');
    expect(shown).toContain('Licensed text saved');
    const editor = await (await get(`${ISO}/requirements/A.5.24?saved=1`, 'admin')).text();
    expect(editor).toContain('The licensed text was saved.');
    expect(editor).toContain('Remove text');

    expect((await postForm(path, 'admin', { licensed_text: '', remove: '1' })).status).toBe(303);
    expect(await (await get(`${ISO}/requirements/A.5.24`, 'auditor')).text()).toContain('No licensed text is kept');
  });

  it('downloads the requirements as CSV and the framework as OSCAL', async () => {
    const csv = await get(`${ISO}/requirements.csv?kind=clause`, 'auditor');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="iso27001-2022-requirements.csv"');
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(35);
    const oscal = await get(`${ISO}/oscal.json`, 'auditor');
    expect(oscal.headers.get('content-disposition')).toBe('attachment; filename="iso27001-2022.oscal.json"');
    expect(((await oscal.json()) as { catalog: { metadata: { title: string } } }).catalog.metadata.title).toBe('ISO/IEC 27001:2022');
  });

  it('imports an OSCAL catalog: preview first, then applied in one go', async () => {
    const before = await counts(t.booted.services.db);
    const file = new File([JSON.stringify(buildOscal())], 'acme.json', { type: 'application/json' });
    const preview = await postMultipart('/frameworks/import', 'security_officer', { file, id: 'acme-page' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Import preview: Acme security baseline');
    expect(html).toContain('AC-2(1)');
    expect(html).toContain('New framework');
    expect(await counts(t.booted.services.db)).toEqual(before);
    const json = /name="json" value="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
    const applied = await postForm('/frameworks/import/apply', 'security_officer', { json, id: 'acme-page' });
    expect(applied.status).toBe(303);
    expect(applied.headers.get('location')).toBe('/frameworks/acme-page?added=3&changed=0&removed=0');
    const fw = await (await get(applied.headers.get('location')!, 'auditor')).text();
    expect(fw).toContain('Imported: 3 added, 0 changed, 0 removed.');
    expect(fw).toContain('Imported (OSCAL)');
    expect(fw).toContain('href="/frameworks/acme-page/requirements/AC-2(1)"');
  });

  it('explains a refused import on the form: not JSON, not a catalog, a bundled id, nothing sent', async () => {
    const before = await counts(t.booted.services.db);
    const notJson = await postMultipart('/frameworks/import', 'admin', { json: '{"catalog": ' });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain('The file is not valid JSON.');
    const notCatalog = await postMultipart('/frameworks/import', 'admin', { json: JSON.stringify({ 'system-security-plan': {} }) });
    expect(notCatalog.status).toBe(400);
    const text = await notCatalog.text();
    expect(text).toContain('The catalog cannot be imported');
    expect(text).toContain('<code>catalog</code>');
    const bundled = await postMultipart('/frameworks/import', 'admin', { json: JSON.stringify(buildOscal()), id: 'iso27001-2022' });
    expect(bundled.status).toBe(409);
    expect(await bundled.text()).toContain('A bundled catalogue has this id');
    const empty = await postMultipart('/frameworks/import', 'admin', { json: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Choose an OSCAL catalog file or paste its JSON.');
    const tampered = await postForm('/frameworks/import/apply', 'admin', { json: '[]' });
    expect(tampered.status).toBe(400);
    expect(await counts(t.booted.services.db)).toEqual(before);
  });
});
