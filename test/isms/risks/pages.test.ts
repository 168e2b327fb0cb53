// Risk register pages on every dialect: who may open them, actions per role, forms with CSRF and
// errors kept beside fields, hostile text escaped, filters kept in links, Finnish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { PersonOut } from '../../../src/isms/people/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, insertAsset, makeOwner, makeRisk } from './factories.js';

type Session = { cookie: string; csrf: string };
const ROLES = ['admin', 'security_officer', 'auditor', 'staff'] as const;

describe.each(dialects())('risk pages on %s', (dialect) => {
  let t: TestApp;
  let owner: PersonOut;
  const s: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) s[r] = await t.session(r);
    owner = await makeOwner(t, { name: 'Page Owner' });
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const post = (path: string, role: Role, fields: Record<string, string>, withCsrf = true) => {
    const body = new URLSearchParams({ ...(withCsrf ? { _csrf: s[role]!.csrf } : {}), ...fields });
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };

  it('teaches what belongs in an empty register, with the add action only for writers', async () => {
    const admin = await (await get('/risks', 'admin')).text();
    expect(admin).toContain('No risks in the register yet');
    expect(admin).toContain('href="/risks/new"');
    const auditor = await (await get('/risks', 'auditor')).text();
    expect(auditor).toContain('No risks in the register yet');
    expect(auditor).not.toContain('href="/risks/new"');
    const overview = await (await get('/risks/overview', 'auditor')).text();
    expect(overview).toContain('The trend starts when the first risk is added.');
  });

  it('opens each page for permitted roles, 403 for the others, sign-in for anonymous visitors', async () => {
    const r = await makeRisk(t, owner);
    const pages: [string, Role[]][] = [
      ['/risks', ['admin', 'security_officer', 'auditor']],
      ['/risks/overview', ['admin', 'security_officer', 'auditor']],
      ['/risks/matrix', ['admin', 'security_officer', 'auditor']],
      [`/risks/${r.id}`, ['admin', 'security_officer', 'auditor']],
      ['/risks/new', ['admin', 'security_officer']],
      [`/risks/${r.id}/edit`, ['admin', 'security_officer']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ROLES) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/risks/no-such-risk', 'auditor')).status).toBe(404);
    expect((await get('/risks/01900000-0000-7000-8000-000000000000', 'auditor')).status).toBe(404);
  });

  it('shows actions by role: auditors read, officers edit, accept and configure', async () => {
    const r = await makeRisk(t, owner, { residual_likelihood: 1, residual_impact: 2 });
    const auditor = await (await get(`/risks/${r.id}`, 'auditor')).text();
    for (const action of [`/risks/${r.id}/edit`, `/risks/${r.id}/tasks`, `/risks/${r.id}/reviews`, `/risks/${r.id}/acceptance`]) expect(auditor).not.toContain(`"${action}"`);
    const officer = await (await get(`/risks/${r.id}`, 'security_officer')).text();
    for (const action of [`/risks/${r.id}/edit`, `/risks/${r.id}/tasks`, `/risks/${r.id}/reviews`, `/risks/${r.id}/acceptance`]) expect(officer).toContain(`"${action}"`);
    expect(await (await get('/risks/matrix', 'auditor')).text()).not.toContain('action="/risks/matrix"');
    expect(await (await get('/risks/matrix', 'security_officer')).text()).toContain('action="/risks/matrix"');
  });

  it('lists with pills, keeps filters in links, escapes hostile text, exports CSV', async () => {
    const hostile = await makeOwner(t, { name: '<script>alert("o")</script>' });
    await makeRisk(t, hostile, { title: '<img src=x onerror=alert(1)> Hostile', threat: '<script>alert(2)</script>', likelihood: 5, impact: 5, residual_likelihood: 4, residual_impact: 5 });
    const res = await get(`/risks?owner_id=${hostile.id}&sort=inherent&dir=desc`, 'auditor');
    const html = await res.text();
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Hostile');
    expect(html).toContain('pill--bad');
    expect(html).toContain('20 · Critical');
    expect(html).toContain(`href="/risks/export.csv?owner_id=${hostile.id}&amp;sort=inherent&amp;dir=desc"`);
    for (const odd of ['q=%00', 'band=%00', 'status=gone', 'basis=x', 'likelihood=99', 'treatment=x', 'page=-1', 'sort=password', 'per_page=1000000', 'asset=%3Cscript%3E', `q=${'x'.repeat(500)}`]) {
      const r = await get(`/risks?${odd}`, 'auditor');
      expect(r.status, odd).toBe(200);
      expect(await r.text()).not.toContain('<script>');
    }
    const none = await (await get('/risks?q=nothing-matches-this', 'auditor')).text();
    expect(none).toContain('No risk matches these filters');
    const csv = await get(`/risks/export.csv?owner_id=${hostile.id}`, 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Hostile');
    expect((await get('/risks/export.csv', 'staff')).status).toBe(403);
  });

  it('filters by an asset reference and says so when the reference is unknown', async () => {
    const a = await insertAsset(t, 'AST-777', 'Page asset');
    await makeRisk(t, owner, { title: 'Asset-linked risk', asset_ids: [a.id] });
    const html = await (await get('/risks?asset=ast-777', 'auditor')).text();
    expect(html).toContain('Asset-linked risk');
    expect(html).toContain('Asset AST-777 Page asset');
    const unknown = await (await get('/risks?asset=AST-000', 'auditor')).text();
    expect(unknown).toContain('Asset AST-000 (not in the inventory)');
    expect(unknown).toContain('No risk matches these filters');
  });

  it('adds a risk from the form, keeping values and naming fields on error', async () => {
    await insertAsset(t, 'AST-778');
    const fields = { title: 'Form risk', owner_id: owner.id, threat: 'T', vulnerability: 'V', description: '', likelihood: '4', impact: '9', treatment: '', treatment_notes: '', residual_likelihood: '', residual_impact: '', assets: 'AST-778, AST-999', next_review: '' };
    const before = await counts(t);
    const bad = await post('/risks/new', 'security_officer', fields);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('No asset with this reference is in the inventory: AST-999');
    expect(html).toContain('value="Form risk"');
    expect(await counts(t)).toEqual(before);
    const bad2 = await post('/risks/new', 'security_officer', { ...fields, assets: 'AST-778' });
    expect(await bad2.text()).toContain('Choose an impact level that the risk matrix has.');
    expect((await post('/risks/new', 'security_officer', { ...fields, impact: '3', assets: 'AST-778' }, false)).status).toBe(403);
    const ok = await post('/risks/new', 'security_officer', { ...fields, impact: '3', assets: 'ast-778' });
    expect(ok.status).toBe(303);
    const detail = await (await get(ok.headers.get('location')!, 'auditor')).text();
    expect(detail).toContain('Form risk');
    expect(detail).toContain('12 · High');
    expect(detail).toContain('AST-778');
    expect(detail).toContain('Added to the register');
  });

  it('edits a risk, moves its status and refuses a move the rules forbid', async () => {
    const r = await makeRisk(t, owner, { treatment: null });
    const edit = await (await get(`/risks/${r.id}/edit`, 'admin')).text();
    expect(edit).toMatch(/<option value="treating">/);
    expect(edit).not.toMatch(/<option value="accepted"/);
    const values = { title: r.title, owner_id: owner.id, threat: '', vulnerability: '', description: '', likelihood: '3', impact: '4', treatment: '', treatment_notes: '', residual_likelihood: '2', residual_impact: '2', assets: '', next_review: '', status: 'treating' };
    const bad = await post(`/risks/${r.id}/edit`, 'admin', values);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose a treatment option before the risk is under treatment.');
    const ok = await post(`/risks/${r.id}/edit`, 'admin', { ...values, treatment: 'modify' });
    expect(ok.status).toBe(303);
    expect(await (await get(`/risks/${r.id}`, 'auditor')).text()).toContain('Treating');
  });

  it('adds and updates tasks, records reviews and acceptances from the risk page', async () => {
    const r = await makeRisk(t, owner, { residual_likelihood: 2, residual_impact: 2 });
    const noTitle = await post(`/risks/${r.id}/tasks`, 'admin', { task_title: '', task_owner_id: owner.id, task_due_date: '2026-12-01' });
    expect(noTitle.status).toBe(400);
    expect(await noTitle.text()).toContain('Enter a title.');
    const added = await post(`/risks/${r.id}/tasks`, 'admin', { task_title: 'Patch the gateway', task_owner_id: owner.id, task_due_date: '2026-11-20' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/risks/${r.id}#plan`);
    let html = await (await get(`/risks/${r.id}`, 'auditor')).text();
    expect(html).toContain('Patch the gateway');
    expect(html).toContain('Overdue');
    const taskId = /action="\/risks\/[^/]+\/tasks\/([0-9a-f-]{36})"/.exec(await (await get(`/risks/${r.id}`, 'admin')).text())![1]!;
    expect((await post(`/risks/${r.id}/tasks/${taskId}`, 'admin', { status: 'done' })).status).toBe(303);
    expect((await post(`/risks/${r.id}/tasks/${taskId}`, 'admin', { status: 'bogus' })).status).toBe(400);
    const review = await post(`/risks/${r.id}/reviews`, 'admin', { reviewed_on: '2026-11-25', review_note: 'Looked at it <b>closely</b>', next_review: '' });
    expect(review.status).toBe(303);
    const noNote = await post(`/risks/${r.id}/acceptance`, 'security_officer', { decided_on: '2026-11-25', expires_on: '2027-01-01', accept_note: '' });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('You are recording the owner’s decision for them');
    expect((await post(`/risks/${r.id}/acceptance`, 'auditor', { expires_on: '2027-01-01', accept_note: 'x' })).status).toBe(403);
    const accepted = await post(`/risks/${r.id}/acceptance`, 'security_officer', { decided_on: '', expires_on: '2027-01-01', accept_note: 'Owner agreed by email' });
    expect(accepted.status).toBe(303);
    html = await (await get(`/risks/${r.id}`, 'auditor')).text();
    expect(html).toContain('Looked at it &lt;b&gt;closely&lt;/b&gt;');
    expect(html).toContain('Owner agreed by email');
    expect(html).toContain('In force');
    expect(html).toContain('Residual risk accepted');
    expect((await post(`/risks/${r.id}/acceptance/withdraw`, 'admin', {})).status).toBe(303);
    expect(await (await get(`/risks/${r.id}`, 'auditor')).text()).toContain('Acceptance withdrawn');
    // A second withdrawal (a double submit) says why nothing happened.
    const again = await post(`/risks/${r.id}/acceptance/withdraw`, 'admin', {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('The risk has no acceptance in force.');
  });

  it('configures the matrix from the form and names the risks a change would strand', async () => {
    const page = await (await get('/risks/matrix', 'admin')).text();
    expect(page).toContain('The highest residual score that may be accepted is 16.');
    const values: Record<string, string> = {};
    for (const [, name, value] of page.matchAll(/<input id="f-[^"]+" name="([^"]+)" type="(?:text|number)" value="([^"]*)"/g)) values[name!] = value!;
    for (const [, name] of page.matchAll(/<input id="f-[^"]+" type="checkbox" name="([^"]+)" checked=""/g)) values[name!] = 'on';
    for (const [, name, value] of page.matchAll(/<select id="f-[^"]+" name="([^"]+)">(?:(?!<\/select>)[\s\S])*?<option value="([a-z]+)" selected=""/g)) values[name!] = value!;
    expect(values['likelihood.4.en']).toBe('Almost certain');
    // Renaming a level saves a new version.
    const renamed = await post('/risks/matrix', 'admin', { ...values, 'likelihood.4.en': 'Expected' });
    expect(renamed.status).toBe(303);
    expect(await (await get('/risks/matrix?saved=1', 'auditor')).text()).toContain('Expected');
    // Dropping level 5 would strand the hostile risk scored 5 earlier: refused, naming it.
    const stranded = await post('/risks/matrix', 'admin', { ...values, 'likelihood.4.en': '', 'likelihood.4.fi': '', 'bands.3.min_score': '21' });
    expect(stranded.status).toBe(400);
    expect(await stranded.text()).toContain('This band starts above the highest score the matrix can give.');
    const refused = await post('/risks/matrix', 'admin', { ...values, 'likelihood.4.en': '', 'likelihood.4.fi': '', 'bands.3.min_score': '15' });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toMatch(/Not saved: \d+ risks would fall outside the new matrix/);
    expect(html).toMatch(/<a href="\/risks\/[0-9a-f-]{36}">R-\d{3}<\/a> Likelihood 5/);
    expect((await post('/risks/matrix', 'security_officer', values, false)).status).toBe(403);
    expect((await post('/risks/matrix', 'auditor', values)).status).toBe(403);
  });

  it('speaks Finnish when asked', async () => {
    const fi = { 'accept-language': 'fi-FI,fi;q=0.9' };
    const html = await (await get('/risks', 'auditor', fi)).text();
    expect(html).toContain('Riskirekisteri');
    expect(html).toContain('Tyhjennä suodattimet');
    expect(await (await get('/risks/overview', 'auditor', fi)).text()).toContain('Lähtöriski');
    expect(await (await get('/risks/matrix', 'auditor', fi)).text()).toContain('Riskitasot ja hyväksymiskriteerit');
  });
});
